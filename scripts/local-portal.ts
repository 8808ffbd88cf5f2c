import { randomBytes } from 'node:crypto';
import { VIETNAM_UTC_OFFSET_HOURS } from '../schema/dates.ts';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { EVERYTHING, type PublishScope } from '../schema/publish.ts';
import { applyMigrations, withLocalDb } from './local-db.ts';
import { freePort, startBackend, stopBackend, type Backend } from './publisher/backend.ts';
import { buildSite, type Build, type BuildProgress } from './publisher/build.ts';
import { drain, startProxy } from './publisher/proxy.ts';
import { PublishQueue, startHook } from './publisher/queue.ts';
import { seedDemo, type DemoCredentials } from './seed.ts';

/**
 * The local portal behind `npm start`: one port for site, API and admin, like production.
 *
 * Publishing works blue/green: a write asks the hook (publisher/queue.ts) for a publish; the
 * site is built into a fresh folder (publisher/build.ts), a second `wrangler dev` starts on it
 * (publisher/backend.ts), the front proxy (publisher/proxy.ts) switches over once it answers,
 * and the old one stops. An incremental build renders the pages a change touches
 * (schema/publish.ts) and keeps the other detail pages of the build it replaces.
 *
 * Everything a portal writes stays inside its state folder (D1 and R2 under `v3/`, builds under
 * `builds/`). The build being served is kept at close: the next start serves it at once and
 * publishes afresh behind it, so a restart never leaves citizens without a site.
 */

export interface PortalOptions {
  port: number;
  stateDir: string;
  credentials: DemoCredentials;
  log?: (line: string) => void;
}

export interface Portal {
  url: string;
  close(): Promise<void>;
}

/** Milliseconds until the next 00:05 in Vietnam (UTC+7, no daylight saving). */
function msUntilDailyPublish(now = Date.now()): number {
  const offset = VIETNAM_UTC_OFFSET_HOURS * 3_600_000;
  const vn = new Date(now + offset);
  const next = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + 1, 0, 5) - offset;
  return next - now;
}

/** Written into a build folder once its build has finished: a killed build has none. */
const COMPLETE = 'build.json';

/** The newest build folder whose build finished, or null. */
async function lastCompleteBuild(builds: string): Promise<Build | null> {
  const names = (await readdir(builds).catch(() => [])).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const name of names) {
    try {
      const build = JSON.parse(await readFile(resolve(builds, name, COMPLETE), 'utf8')) as Build;
      if (build.dir === resolve(builds, name)) return build;
    } catch {
      // unfinished or foreign: not servable
    }
  }
  return null;
}

/** Seconds between two "pages done" lines: often enough to show life, rarely enough to read. */
const PROGRESS_EVERY_MS = 5_000;

/**
 * Prints a build's progress so a newcomer knows it is working: each step once, and the pages
 * written so far every few seconds, against the previous build's page count when there is one.
 */
async function buildReporter(log: (line: string) => void, previous: Build | null): Promise<(event: BuildProgress) => void> {
  const total = previous
    ? (await readdir(resolve(previous.dir, 'client'), { recursive: true }).catch(() => [] as string[])).filter((f) => f.endsWith('.html')).length
    : 0;
  let shown = 0;
  let pages = 0;
  return (event) => {
    if (event.kind === 'step') {
      log(`  … ${event.step}${pages ? ` (${pages} trang xong)` : ''}`);
      return;
    }
    pages = event.done;
    if (Date.now() - shown < PROGRESS_EVERY_MS) return;
    shown = Date.now();
    log(total ? `  … ${pages}/${total} trang` : `  … ${pages} trang`);
  };
}

export async function startLocalPortal(options: PortalOptions): Promise<Portal> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = resolve(options.stateDir);
  // Builds live inside the state folder: a portal writes nowhere else, so two portals never share one.
  const builds = resolve(stateDir, 'builds');
  const hookPort = await freePort();
  const hook = { url: `http://127.0.0.1:${hookPort}/publish`, token: randomBytes(24).toString('hex') };

  await mkdir(stateDir, { recursive: true });
  log('Áp dụng migration cho D1 cục bộ…');
  await applyMigrations(stateDir);
  const { loaded } = await withLocalDb(stateDir, (db) => seedDemo(db, options.credentials));
  if (loaded) log('Đã nạp dữ liệu mẫu (báo cáo 78/BC-UBND, thị trấn Bình Dương).');

  // The last complete build is served at once while the first publish runs; the rest is debris.
  const lastGood = await lastCompleteBuild(builds);
  for (const d of await readdir(builds).catch(() => [])) {
    if (resolve(builds, d) !== lastGood?.dir) await rm(resolve(builds, d), { recursive: true, force: true });
  }
  // Absolute links (calendar subscription) point at this server; port 0 picks one first.
  const frontPort = options.port || (await freePort());
  const publicUrl = `http://localhost:${frontPort}`;
  let buildSeq = 0;
  let current: Backend | null = null;

  /** Backends replaced by a newer build, still finishing requests in flight. */
  const retiring = new Set<Backend>();
  const retire = async (backend: Backend) => {
    if (!retiring.delete(backend)) return;
    await stopBackend(backend);
    await rm(backend.build.dir, { recursive: true, force: true });
  };

  /** Build, start the new backend, switch, retire the old one. */
  async function publish(scope: PublishScope): Promise<void> {
    const started = Date.now();
    const dir = resolve(builds, `${Date.now()}-${++buildSeq}`);
    const build = await buildSite({ stateDir, publicUrl, dir, scope, previous: current?.build ?? null, progress: await buildReporter(log, current?.build ?? null) });
    await writeFile(resolve(dir, COMPLETE), JSON.stringify(build));
    const next = await startBackend(build, stateDir, hook);
    const previous = current;
    current = next;
    const what = 'all' in scope ? 'toàn bộ' : `${scope.disclosures.length} trang chi tiết và các trang danh sách`;
    log(`Đã xuất bản trang công khai (${what}, ${((Date.now() - started) / 1000).toFixed(1)} giây).`);
    if (previous) {
      // Let requests already in flight on the old backend finish before it goes.
      retiring.add(previous);
      setTimeout(() => void retire(previous), 3_000);
    }
  }

  let servingLast = false;
  if (lastGood) {
    log('Phục vụ bản xuất bản gần nhất trong khi xây dựng lại trang công khai…');
    // A build that no longer starts is no worse than none: build afresh, as on a first start.
    current = await startBackend(lastGood, stateDir, hook).catch(() => null);
    servingLast = current !== null;
  }
  if (!servingLast) {
    log('Xây dựng trang công khai…');
    await publish(EVERYTHING);
  }
  const queue = new PublishQueue(publish, log);
  const hookServer = await startHook(hookPort, hook.token, queue);
  let front: Server;
  try {
    front = await startProxy(frontPort, () => current!);
  } catch (error) {
    // Port taken: leave nothing running behind.
    hookServer.close();
    await stopBackend(current!);
    throw error;
  }
  if (servingLast) queue.request(EVERYTHING);

  let daily: NodeJS.Timeout;
  const scheduleDaily = () => {
    daily = setTimeout(() => {
      queue.request(EVERYTHING);
      scheduleDaily();
    }, msUntilDailyPublish());
    daily.unref();
  };
  scheduleDaily();

  return {
    url: publicUrl,
    async close() {
      clearTimeout(daily);
      queue.stop();
      // Requests in flight finish (up to 10 s) on the backend still running; then everything stops.
      await Promise.all([drain(front), new Promise((r) => hookServer.close(r))]);
      await queue.idle().catch(() => {});
      // Nothing of this portal may outlive close(): it would write into a state folder being removed.
      await Promise.all([...retiring].map(retire));
      if (current) await stopBackend(current);
      // Keep the build being served: the next start serves it while it publishes.
      const left = await readdir(builds).catch(() => []);
      const keep = current?.build.dir;
      await Promise.all(left.filter((d) => resolve(builds, d) !== keep).map((d) => rm(resolve(builds, d), { recursive: true, force: true })));
    },
  };
}

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { link, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { applyMigrations, withLocalDb } from './local-db.ts';
import { postBuild } from './post-build.ts';
import { seedDemo, type DemoCredentials } from './seed.ts';
import { run, startWrangler } from './wrangler.ts';

/**
 * The local portal behind `npm start`: one port for site, API and admin, like production.
 *
 * `wrangler dev` reads the list of static files once at start, so a site rebuilt in place
 * would 404 on new pages until a restart. Publishing therefore works blue/green: build into a
 * fresh folder, start a second `wrangler dev` on it, switch the front proxy over once it
 * answers, then stop the old one. A citizen never sees a half-built site or a 404.
 */

export interface PortalOptions {
  port: number;
  stateDir: string;
  credentials: DemoCredentials;
  log?: (line: string) => void;
}

export interface Portal {
  url: string;
  /** Resolves when a publish that starts after this call has gone live. */
  published(): Promise<void>;
  publishCount(): number;
  close(): Promise<void>;
}


async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

interface Backend {
  port: number;
  process: ChildProcess;
  buildDir: string;
  /** When the build behind it started reading D1. */
  builtFrom: string;
}

/** What the next publish must render: everything, or the listed disclosure detail pages. */
export type Scope = { all: true } | { disclosures: string[] };

function mergeScopes(a: Scope | null, b: Scope): Scope {
  if (!a) return b;
  if ('all' in a || 'all' in b) return { all: true };
  return { disclosures: [...new Set([...a.disclosures, ...b.disclosures])] };
}

/** Detail pages are /cong-khai/<slug>/index.html; "trang" and "danh-muc" hold list pages. */
const NOT_DETAIL = new Set(['trang', 'danh-muc']);

/**
 * Carries the detail pages an incremental build did not render over from the previous build,
 * as hard links: no bytes copied, and each build folder stays whole on its own.
 */
async function carryOverDetailPages(previous: string, next: string): Promise<number> {
  let carried = 0;
  const from = resolve(previous, 'client', 'cong-khai');
  const to = resolve(next, 'client', 'cong-khai');
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (!entry.isDirectory() || NOT_DETAIL.has(entry.name)) continue;
    const target = resolve(to, entry.name, 'index.html');
    if (await stat(target).catch(() => null)) continue;
    await mkdir(resolve(to, entry.name), { recursive: true });
    await link(resolve(from, entry.name, 'index.html'), target);
    carried++;
  }
  return carried;
}

async function waitUntilUp(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`wrangler dev on port ${port} did not answer within ${timeoutMs} ms`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** Milliseconds until the next 00:05 in Vietnam (UTC+7, no daylight saving). */
function msUntilDailyPublish(now = Date.now()): number {
  const vn = new Date(now + 7 * 3_600_000);
  const next = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate() + 1, 0, 5) - 7 * 3_600_000;
  return next - now;
}

export async function startLocalPortal(options: PortalOptions): Promise<Portal> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = resolve(options.stateDir);
  // Builds live beside the state folder, so two portals (a dev server and a test run) never share one.
  const BUILDS = resolve(stateDir, '..', 'builds');
  const hookToken = randomBytes(24).toString('hex');
  const hookPort = await freePort();

  await mkdir(stateDir, { recursive: true });
  log('Áp dụng migration cho D1 cục bộ…');
  await applyMigrations(stateDir);
  const { loaded } = await withLocalDb(stateDir, (db) => seedDemo(db, options.credentials));
  if (loaded) log('Đã nạp dữ liệu mẫu (báo cáo 78/BC-UBND, thị trấn Bình Dương).');

  await rm(BUILDS, { recursive: true, force: true });
  // Absolute links (calendar subscription) point at this server; port 0 picks one first.
  const frontPort = options.port || (await freePort());
  const publicUrl = `http://localhost:${frontPort}`;
  let buildSeq = 0;
  let current: Backend | null = null;
  let publishes = 0;

  async function build(scope: Scope): Promise<{ dir: string; builtFrom: string }> {
    const dir = resolve(BUILDS, `${Date.now()}-${++buildSeq}`);
    const builtFrom = new Date().toISOString();
    // Without a previous build to carry pages from, an incremental publish is a full one.
    const partial = 'disclosures' in scope && current !== null;
    const slugs = partial ? JSON.stringify((scope as { disclosures: string[] }).disclosures) : '*';
    // Items written after the previous build began may be missing from it (a minute of margin
    // for clocks): they are rendered again whatever the scope says.
    const since = partial ? new Date(Date.parse(current!.builtFrom) - 60_000).toISOString() : '';
    await run('astro', ['build', '--root', 'site', '--outDir', dir], {
      PORTAL_STATE_DIR: stateDir,
      PUBLIC_BASE_URL: publicUrl,
      PUBLISH_DETAIL_SLUGS: slugs,
      PUBLISH_SINCE: since,
    });
    if (partial) await carryOverDetailPages(current!.buildDir, dir);
    await postBuild(resolve(dir, 'client'));
    return { dir, builtFrom };
  }

  async function startBackend(buildDir: string, builtFrom: string): Promise<Backend> {
    const port = await freePort();
    const inspector = await freePort();
    const child = startWrangler(
      [
        'dev', '-c', 'wrangler.toml', '--assets', resolve(buildDir, 'client'), '--persist-to', stateDir,
        '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
        '--var', `PUBLISH_HOOK_URL:http://127.0.0.1:${hookPort}/publish`, '--var', `PUBLISH_HOOK_TOKEN:${hookToken}`,
        '--show-interactive-dev-session=false', '--log-level', 'warn',
      ],
      { CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    );
    let output = '';
    child.stdout!.on('data', (c) => (output = (output + c).slice(-4000)));
    child.stderr!.on('data', (c) => (output = (output + c).slice(-4000)));
    try {
      await waitUntilUp(port, child);
    } catch (error) {
      await stop(child);
      throw new Error(`${(error as Error).message}\n${output}`);
    }
    return { port, process: child, buildDir, builtFrom };
  }

  /** Build, start the new backend, switch, retire the old one. */
  async function publishOnce(scope: Scope): Promise<void> {
    const started = Date.now();
    const { dir, builtFrom } = await build(scope);
    const next = await startBackend(dir, builtFrom);
    const previous = current;
    current = next;
    publishes++;
    const what = 'all' in scope ? 'toàn bộ' : `${scope.disclosures.length} trang chi tiết và các trang danh sách`;
    log(`Đã xuất bản trang công khai (${what}, ${((Date.now() - started) / 1000).toFixed(1)} giây).`);
    if (previous) {
      // Let requests already in flight on the old backend finish before it goes.
      setTimeout(() => {
        void stop(previous.process).then(() => rm(previous.buildDir, { recursive: true, force: true }));
      }, 3_000);
    }
  }

  // Publishing is serialised: writes during a build add to the pending scope, and one more
  // build follows with everything they asked for.
  let running: Promise<void> | null = null;
  let pending: Scope | null = null;
  const waiters: Array<() => void> = [];
  function requestPublish(scope: Scope): void {
    pending = mergeScopes(pending, scope);
    if (running) return;
    running = (async () => {
      while (pending) {
        const next = pending;
        pending = null;
        const batch = waiters.splice(0);
        try {
          await publishOnce(next);
        } catch (error) {
          log(`Xuất bản thất bại, trang cũ vẫn được phục vụ: ${(error as Error).message}`);
        }
        batch.forEach((w) => w());
      }
      running = null;
    })();
  }

  log('Xây dựng trang công khai…');
  await publishOnce({ all: true });

  const hook: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/publish' || req.headers.authorization !== `Bearer ${hookToken}`) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      let scope: Scope = { all: true };
      try {
        const parsed = JSON.parse(body) as { scope?: { all?: boolean; disclosures?: unknown } };
        const list = parsed.scope?.disclosures;
        if (!parsed.scope?.all && Array.isArray(list) && list.every((s) => typeof s === 'string' && /^[a-z0-9-]+$/.test(s))) scope = { disclosures: list };
      } catch {
        // an unreadable request publishes everything
      }
      requestPublish(scope);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => hook.listen(hookPort, '127.0.0.1', r));

  const front: Server = createServer((req, res) => {
    const target = current!;
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Máy chủ cục bộ đang khởi động lại, hãy tải lại trang sau giây lát.');
    });
    req.pipe(upstream);
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      front.once('error', reject);
      front.listen(frontPort, '127.0.0.1', () => resolveListen());
    });
  } catch (error) {
    // Port taken: leave nothing running behind.
    hook.close();
    if (current) await stop((current as Backend).process);
    throw error;
  }
  const url = publicUrl;

  let daily: NodeJS.Timeout;
  const scheduleDaily = () => {
    daily = setTimeout(() => {
      requestPublish({ all: true });
      scheduleDaily();
    }, msUntilDailyPublish());
    daily.unref();
  };
  scheduleDaily();

  return {
    url,
    publishCount: () => publishes,
    published: () =>
      new Promise<void>((r) => {
        waiters.push(r);
      }),
    async close() {
      clearTimeout(daily);
      front.closeAllConnections();
      await Promise.all([new Promise((r) => front.close(r)), new Promise((r) => hook.close(r))]);
      if (running) await running.catch(() => {});
      if (current) await stop(current.process);
      const left = await readdir(BUILDS).catch(() => []);
      await Promise.all(left.map((d) => rm(resolve(BUILDS, d), { recursive: true, force: true })));
    },
  };
}

import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer as createNetServer } from 'node:net';
import { join, resolve } from 'node:path';
import { migrateLocalCommunes, withLocalEnv } from './local-db.ts';
import { clearRunningPortal, firstUnitRow, PROVINCE_DB_BINDING, readRegistry, recordRunningPortal, writeDevConfig } from './province.ts';
import { seedDemo, seedProvinceAdmin, type DemoCredentials } from './seed.ts';
import { run, startWrangler } from './wrangler.ts';

/**
 * The local portal behind `npm start`: the production Worker, built by `astro build`, run by
 * one `wrangler dev` with local D1, R2 and Queues (miniflare) on one port — site, API and admin.
 * Publishing is the production path: a write enqueues a job, the Worker's queue consumer
 * renders the pages into the local R2 bucket, and citizens' requests are served from it
 * (functions/publish.ts, functions/site-store.ts). The first start publishes everything through
 * the same queue. Everything a portal writes stays inside its state folder (`v3/`).
 */

export interface PortalOptions {
  port: number;
  stateDir: string;
  credentials: DemoCredentials;
  log?: (line: string) => void;
  /**
   * Wait for every commune of the registry and the province's pages to be published too, not
   * only the seed town (`npm start`). Otherwise each other commune publishes on its first request.
   */
  everyCommune?: boolean;
  /** How long to wait for the first publish to store every page (default 5 minutes). */
  firstPublishTimeoutMs?: number;
}

export interface Portal {
  url: string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The Worker's build: made once per process, shared by every portal it starts, in a folder of
 * this process's own. `wrangler dev` watches its files and reloads on change, so a build in a
 * shared folder (another `npm start`, a test run, `npm run deploy:check`) would swap the code and
 * the static assets under a running portal.
 */
let built: Promise<string> | undefined;

export function buildWorker(log: (line: string) => void): Promise<string> {
  built ??= (async () => {
    const started = Date.now();
    log('Dựng Worker (API, trang quản trị và mẫu trang công khai)…');
    const outDir = await mkdtemp(join(tmpdir(), 'cong-khai-worker-'));
    await run('astro', ['build', '--root', 'site', '--outDir', outDir]);
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    log(`  … xong (${((Date.now() - started) / 1000).toFixed(1)} giây).`);
    return join(outDir, 'server', 'wrangler.json');
  })();
  return built;
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The publish backlog a portal reports (`GET /api/v1/health`, functions/api.ts): jobs not yet
 * finished, and when the last one finished. Every page of a change is stored once `pending` is 0.
 * An older Worker without it (bench `--against`) answers none.
 */
export async function publishBacklog(base: string): Promise<{ pending: number; lastFinishedAt: string | null } | undefined> {
  const health = (await (await fetch(`${base}/api/v1/health`)).json()) as { publishing?: { pending: number; lastFinishedAt: string | null } };
  return health.publishing;
}

async function waitFor(what: string, check: () => Promise<boolean>, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}\n${output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not within ${timeoutMs} ms\n${output()}`);
}

/** GET `path` on the portal with another Host header (curl and Chromium resolve *.localhost; Node's resolver may not). */
export function getOnHost(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `${host}:${port}` }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => ok({ status: 0, body: '' }));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Whether the running portal serves the new commune: its health route answers (a Worker route:
 * the new commune's first publish is asked for there, as `npm start` does for the seed), its
 * publish backlog is empty, and its home page answers 200.
 */
export async function communeServed(port: number, host: string): Promise<boolean> {
  const health = await getOnHost(port, host, '/api/v1/health');
  if (health.status !== 200) return false;
  try {
    const publishing = (JSON.parse(health.body) as { publishing?: { pending: number; lastFinishedAt: string | null } }).publishing;
    if (publishing && (publishing.pending > 0 || publishing.lastFinishedAt === null)) return false;
  } catch {
    return false;
  }
  return (await getOnHost(port, host, '/')).status === 200;
}

export async function startLocalPortal(options: PortalOptions): Promise<Portal> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = resolve(options.stateDir);
  await mkdir(stateDir, { recursive: true });
  // The province's registry lives in the state folder (copied from content/province.json on
  // first start): `npm run commune:add` adds to it while the portal runs.
  const province = await readRegistry(stateDir);
  log(`Áp dụng migration cho D1 cục bộ của ${province.communes.length} xã…`);
  const failed: string[] = [];
  await migrateLocalCommunes(stateDir, province, (binding, outcome) => {
    if (!outcome.ok) failed.push(`${binding}: ${outcome.reason}`);
  });
  if (failed.length) throw new Error(`Migration failed:\n${failed.join('\n')}`);
  const loaded = await withLocalEnv(
    stateDir,
    async (env) => {
      // The demo data (78/BC-UBND) goes into the seed commune only; the others start empty,
      // with the unit row every page needs, made of their registry name and kind alone.
      let seeded = false;
      for (const commune of province.communes) {
        const db = env[commune.binding]!;
        if (commune.binding === 'DB') seeded = (await seedDemo(db, options.credentials)).loaded;
        else {
          const { sql, params } = firstUnitRow(commune);
          await db.prepare(sql).bind(...params).run();
        }
        // Every start publishes everything afresh (the first request to the Worker's routes asks,
        // functions/worker.ts): pages stored by an earlier run may come from other templates.
        await db.prepare('DELETE FROM site_template').run();
      }
      await seedProvinceAdmin(env[PROVINCE_DB_BINDING]!, options.credentials);
      return seeded;
    },
    province,
  );
  if (loaded) log('Đã nạp dữ liệu mẫu (báo cáo 78/BC-UBND, thị trấn Bình Dương).');
  const workerConfig = await writeDevConfig(await buildWorker(log), province, stateDir);

  const port = options.port || (await freePort());
  const url = `http://localhost:${port}`;
  // wrangler dev would take a busy port silently elsewhere; say so as Node does.
  await new Promise<void>((ok, fail) => {
    const probe = createNetServer();
    probe.once('error', fail);
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok()));
  });
  const child = startWrangler(
    [
      'dev', '-c', workerConfig, '--persist-to', stateDir,
      '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()),
      // Feeds, calendar links and QR codes of the pages rendered locally point here.
      '--var', `PUBLIC_BASE_URL:${url}`,
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ],
    { CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  );
  let output = '';
  const keep = (c: Buffer) => (output = (output + c).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  try {
    await waitFor('wrangler dev did not answer', async () => (await fetch(`${url}/api/v1/health`)).ok, child, 60_000, () => output);
    log('Xuất bản toàn bộ trang công khai qua hàng đợi…');
    const started = Date.now();
    const published = async () => {
      const backlog = await publishBacklog(url);
      return backlog?.pending === 0 && backlog.lastFinishedAt !== null;
    };
    await waitFor('the first publish did not finish', published, child, options.firstPublishTimeoutMs ?? 300_000, () => output);
    log(`  … xong (${((Date.now() - started) / 1000).toFixed(1)} giây).`);
    const others = province.communes.filter((c) => c.binding !== 'DB');
    if (options.everyCommune && (others.length || province.hosts.length)) {
      log(`Xuất bản trang của ${others.length} xã khác và trang của tỉnh…`);
      const began = Date.now();
      // Each commune's first Worker-route request asks for its first publish (functions/worker.ts).
      for (const c of others) await waitFor(`the first publish of ${c.slug}`, () => communeServed(port, c.hosts[0]!), child, 300_000, () => output);
      // The province's pages follow every commune's job.
      for (const host of province.hosts) await waitFor('the province pages', async () => (await getOnHost(port, host, '/')).status === 200, child, 300_000, () => output);
      log(`  … xong (${((Date.now() - began) / 1000).toFixed(1)} giây).`);
    }
  } catch (error) {
    await stop(child);
    throw error;
  }
  // What commune:add needs to change this portal while it runs: the config wrangler dev watches.
  await recordRunningPortal(stateDir, { pid: process.pid, port, url, configPath: workerConfig });
  return {
    url,
    close: async () => {
      await stop(child);
      await clearRunningPortal(stateDir, process.pid);
    },
  };
}

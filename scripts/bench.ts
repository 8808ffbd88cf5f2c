import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDisclosure } from '../schema/disclosure/disclosures.use-cases.ts';
import { savePetitionStats, saveProcedureReport } from '../schema/statistics/statistics.use-cases.ts';
import { createRule } from '../schema/reception/reception.use-cases.ts';
import { disclosureCountQuery, PUBLIC_STATUSES } from '../schema/disclosure/disclosures.db.ts';
import { readOne } from '../schema/core/query.db.ts';
import { listFailedPaths, listPublishJobs } from '../schema/publishing/publish-jobs.db.ts';
import { jobSeconds, type PublishJob } from '../schema/publishing/publish-jobs.ts';
import { disclosurePath } from '../schema/publishing/paths.ts';
import { applyMigrations, withLocalDb } from './local-db.ts';
import { buildWorker, freePort, publishBacklog, startLocalPortal, type Portal } from './local-portal.ts';
import { demoCredentials, seedDemo } from './seed.ts';
import { ROOT, startWrangler } from './wrangler.ts';

/**
 * `npm run bench [-- --disclosures 10000 --writes 20 --skip-api]`: figures for issues #7 and
 * #23, printed, never a pass/fail timing test. Everything runs on loopback against the local
 * portal of `npm start` (one `wrangler dev` with local D1, R2 and Queues).
 *   1. generate a data set (disclosures, plans and reports, 5 years of reception and statistics)
 *      through the use cases;
 *   2. publishing through the queue, on the demo data and on that data set: the full publish a
 *      start runs (time, pages, R2 objects); write → public latency over `--writes` API writes,
 *      one at a time, until the new page answers 200 and until the publish job is finished
 *      (health `pending` 0), p50/p95; the daily job (the Cron Trigger's handler, fired locally);
 *   3. API requests/s and p50/p99 for reads and writes, beside a bare Hono-on-D1 baseline;
 *   4. EXPLAIN QUERY PLAN of every list query at 100,000 rows.
 * `npm run bench -- --load [--readers 200 --writers 20 --seconds 20]` instead runs readers and
 * writers at once against a local portal on the demo data (issue 16's load test, `mixedLoad`).
 * `--api-only` runs 1 and 3 alone: no publish measurements and no 100,000-row plans (the portal
 * still publishes everything at its start, so that no publish runs during the loads). `--rounds 6
 * --api-seconds 6` repeats the API loads and prints the median overheads; `--against <commit>`
 * runs that commit's Worker beside this one in every round (a before/after on a busy machine).
 * `--data <dir>` keeps the generated data set (local D1 state) in `<dir>` and starts later runs
 * from a copy of it: 10,000 items take about 12 minutes to generate, and a before/after compares
 * two runs on the same rows.
 */
// `--communes N`: the province's figures (issue 24), scripts/bench-province.ts.
if (process.argv.some((a) => a.startsWith('--communes'))) process.exit(await (await import('./bench-province.ts')).benchProvince(process.argv.slice(2)));
const { values: args } = parseArgs({
  options: {
    disclosures: { type: 'string', default: '10000' },
    data: { type: 'string' },
    writes: { type: 'string', default: '20' },
    'skip-api': { type: 'boolean', default: false },
    'api-only': { type: 'boolean', default: false },
    'api-seconds': { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    against: { type: 'string' },
    load: { type: 'boolean', default: false },
    readers: { type: 'string', default: '200' },
    writers: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
  },
});
const N = Number(args.disclosures);
const WRITES = Number(args.writes);
const credentials = demoCredentials({});
const auth = { authorization: `Bearer ${credentials.apiToken}` };
const dir = await mkdtemp(join(tmpdir(), 'bench-'));
const stateDir = join(dir, 'state');
const report = (line: string) => console.log(line);
/** Progress, on stderr: the figures on stdout stay a clean report. */
const progress = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The latency under which `p` of the sorted samples fall (nearest rank). */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const p50p95 = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return `${seconds(percentile(sorted, 50))} / ${seconds(percentile(sorted, 95))}`;
};

/**
 * Readers and writers at once against a local portal (one wrangler dev, local D1, R2, Queues), each a
 * loop that sends its next request when the previous one answered. Readers fetch citizen pages
 * and the API; writers save drafts (a draft publishes nothing, so no publish job competes with the
 * load). Afterwards every write that was answered 201 is read back: one missing is a lost write.
 */
async function mixedLoad(readers: number, writers: number, seconds: number): Promise<void> {
  const portal = await startLocalPortal({ port: 0, stateDir, credentials, log: () => {} });
  try {
    const pages = ['/', '/cong-khai/', '/lich-tiep-cong-dan/', '/thong-ke/thu-tuc-hanh-chinh/', '/api/v1/disclosures?limit=20'];
    const until = Date.now() + seconds * 1000;
    const reads = { latencies: [] as number[], errors: 0 };
    const writes = { latencies: [] as number[], errors: 0, acknowledged: [] as { id: number; title: string }[] };
    const reader = async (k: number) => {
      for (let i = k; Date.now() < until; i++) {
        const t = performance.now();
        try {
          const res = await fetch(`${portal.url}${pages[i % pages.length]}`, { headers: auth });
          await res.arrayBuffer();
          if (res.status !== 200) reads.errors++;
        } catch {
          reads.errors++;
        }
        reads.latencies.push(performance.now() - t);
      }
    };
    const writer = async (k: number) => {
      for (let i = 0; Date.now() < until; i++) {
        const title = `Tải thử đồng thời ${k}-${i}-${Date.now()}`;
        const t = performance.now();
        try {
          const res = await fetch(`${portal.url}/api/v1/disclosures`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
            body: JSON.stringify({ title, category: 'ngan-sach', issuedOn: '2026-01-05', issuer: 'UBND', summary: 'Tải thử.', channels: ['portal'], postingStart: '2026-01-05', permanent: true }),
          });
          const body = (await res.json()) as { id?: number };
          if (res.status === 201 && body.id) writes.acknowledged.push({ id: body.id, title });
          else writes.errors++;
        } catch {
          writes.errors++;
        }
        writes.latencies.push(performance.now() - t);
      }
    };
    await Promise.all([...Array.from({ length: readers }, (_, k) => reader(k)), ...Array.from({ length: writers }, (_, k) => writer(k))]);
    let lost = 0;
    for (const w of writes.acknowledged) {
      const res = await fetch(`${portal.url}/api/v1/disclosures/${w.id}`, { headers: auth });
      const stored = res.status === 200 ? ((await res.json()) as { title: string }) : null;
      if (stored?.title !== w.title) lost++;
    }
    report(`\n| ${readers} readers + ${writers} writers, ${seconds} s, local portal | requests | errors | p50 ms | p95 ms |`);
    report('| --- | --- | --- | --- | --- |');
    for (const [name, r] of [['reads (pages and API)', reads], ['writes (API drafts)', writes]] as const) {
      const sorted = [...r.latencies].sort((a, b) => a - b);
      report(`| ${name} | ${sorted.length} | ${r.errors} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 95).toFixed(0)} |`);
    }
    report(`acknowledged writes: ${writes.acknowledged.length}, lost: ${lost}`);
  } finally {
    await portal.close();
  }
}

/** True once every publish job is finished, the last one after `since` (ms since 1970). */
async function publishedSince(portal: Portal, since: number): Promise<boolean> {
  const backlog = await publishBacklog(portal.url);
  return backlog?.pending === 0 && backlog.lastFinishedAt !== null && Date.parse(backlog.lastFinishedAt) >= since;
}

/**
 * One API write with `publish: true`, then polls every 100 ms until (a) the new page answers
 * 200 and (b) its publish job is finished. The job is asked for after the answer (`waitUntil`
 * in functions/act.ts), so "finished" also needs the last finish to be later than the write:
 * the previous write's job had finished before this one was sent.
 */
async function timedWrite(portal: Portal, i: number): Promise<{ page: number; job: number }> {
  const sent = Date.now();
  const t0 = performance.now();
  const res = await fetch(`${portal.url}/api/v1/disclosures`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Đo độ trễ xuất bản ${i + 1} ${sent}`, category: 'ngan-sach', issuedOn: '2026-01-05', issuer: 'UBND', summary: 'Đo độ trễ.',
      channels: ['portal'], postingStart: '2026-01-05', permanent: true, publish: true,
    }),
  });
  if (res.status !== 201) throw new Error(`write ${i + 1} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const { slug } = (await res.json()) as { slug: string };
  const pageUrl = `${portal.url}${disclosurePath({ slug })}`;
  let page: number | undefined;
  let job: number | undefined;
  while (page === undefined || job === undefined) {
    if (performance.now() - t0 > 900_000) throw new Error(`write ${i + 1}: not public within 15 minutes`);
    await Promise.all([
      page === undefined &&
        fetch(pageUrl).then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) page = performance.now() - t0;
        }),
      job === undefined && publishedSince(portal, sent).then((done) => void (done && (job = performance.now() - t0))),
    ]);
    await sleep(100);
  }
  return { page, job };
}

interface JobFigures {
  pages: number | null;
  skipped: number;
  /** Requested → last page stored, as the Worker recorded it. */
  seconds: number | null;
}

interface Publishing {
  items: number;
  /** Wall time of the portal's start on a built Worker: migrations check, wrangler dev, the full publish. */
  startMs: number;
  full: JobFigures;
  writes: { page: number[]; job: number[]; jobs: JobFigures[] };
  daily: { ms: number; job: JobFigures } | null;
  objects: { count: number; bytes: number };
}

/**
 * Starts the local portal on `state` (its start publishes everything through the queue and
 * waits until the health answer has no job pending), times `WRITES` writes one at a time and
 * the daily job, lets `during` use the running portal, then reads the jobs back from D1 and
 * counts the stored pages in R2.
 */
async function measurePublishing(label: string, state: string, cron: string, during?: (portal: Portal) => Promise<void>): Promise<Publishing> {
  let started = performance.now();
  progress(`${label}: starting the portal; its start publishes every page through the queue`);
  const portal = await startLocalPortal({ port: 0, stateDir: state, credentials, log: () => {}, firstPublishTimeoutMs: 3_600_000 });
  const startMs = performance.now() - started;
  const writes = { page: [] as number[], job: [] as number[] };
  let dailyMs: number | null = null;
  const writesFrom = new Date().toISOString();
  let writesTo = writesFrom;
  try {
    progress(`${label}: portal up and published in ${seconds(startMs)}; ${WRITES} writes, one at a time`);
    for (let i = 0; i < WRITES; i++) {
      const w = await timedWrite(portal, i);
      writes.page.push(w.page);
      writes.job.push(w.job);
    }
    writesTo = new Date().toISOString();
    progress(`${label}: the daily job (${cron})`);
    // wrangler dev (4.164) answers /cdn-cgi/local/scheduled with the Worker's scheduled handler,
    // without --test-scheduled (miniflare's trigger handlers; its start-up warning names the path).
    const sent = Date.now();
    started = performance.now();
    const fired = await fetch(`${portal.url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(cron)}`);
    if (fired.ok) {
      await fired.arrayBuffer();
      while (!(await publishedSince(portal, sent))) {
        if (performance.now() - started > 3_600_000) throw new Error('the daily job did not finish within an hour');
        await sleep(200);
      }
      dailyMs = performance.now() - started;
    } else {
      report(`(the scheduled handler could not be fired: ${fired.status} ${(await fired.text()).slice(0, 200)})`);
    }
    await during?.(portal);
  } finally {
    await portal.close();
  }
  return withLocalDb(state, async (db, _files, site) => {
    const jobs = await listPublishJobs(db, 100_000);
    const figures = async (job: PublishJob): Promise<JobFigures> => ({ pages: job.pagesTotal, skipped: (await listFailedPaths(db, job.id)).length, seconds: jobSeconds(job) });
    const full = jobs.find((j) => j.reason.startsWith('templates '));
    const daily = jobs.find((j) => j.reason === 'daily');
    if (!full) throw new Error('no full publish job was recorded');
    const writeJobs = jobs.filter((j) => j.requestedAt >= writesFrom && j.requestedAt <= writesTo && j.reason !== 'daily');
    const objects = { count: 0, bytes: 0 };
    let cursor: string | undefined;
    do {
      const page = await site.list({ cursor, limit: 1000 });
      objects.count += page.objects.length;
      objects.bytes += page.objects.reduce((n, o) => n + o.size, 0);
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return {
      items: (await readOne(disclosureCountQuery(db, { statuses: PUBLIC_STATUSES }))) - WRITES,
      startMs,
      full: await figures(full),
      writes: { ...writes, jobs: await Promise.all(writeJobs.map(figures)) },
      daily: daily && dailyMs !== null ? { ms: dailyMs, job: await figures(daily) } : null,
      objects,
    };
  });
}

function reportPublishing(rows: [string, Publishing][]): void {
  const cell = (f: (p: Publishing) => string) => rows.map(([, p]) => f(p)).join(' | ');
  const pages = (j: JobFigures) => `${j.pages ?? '—'} pages${j.skipped ? ` (${j.skipped} skipped)` : ''}`;
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  report(`\n| publishing through the queue | ${rows.map(([label, p]) => `${label}: ${p.items} public disclosures`).join(' | ')} |`);
  report(`| --- | ${rows.map(() => '---').join(' | ')} |`);
  report(`| full publish at start (job requested → last page stored) | ${cell((p) => `${pages(p.full)} in ${p.full.seconds ?? '—'} s (${p.full.pages && p.full.seconds ? (p.full.pages / p.full.seconds).toFixed(0) : '—'} pages/s)`)} |`);
  report(`| portal start on a built Worker, until health pending = 0 | ${cell((p) => seconds(p.startMs))} |`);
  report(`| R2 objects (SITE bucket) at the end | ${cell((p) => `${p.objects.count}, ${(p.objects.bytes / 1024 / 1024).toFixed(1)} MB`)} |`);
  report(`| write → new page answers 200, p50 / p95 (${WRITES} writes) | ${cell((p) => p50p95(p.writes.page))} |`);
  report(`| write → job finished (health pending 0), p50 / p95 | ${cell((p) => p50p95(p.writes.job))} |`);
  report(`| pages per write job (median), as the Worker timed it (median) | ${cell((p) => `${median(p.writes.jobs.map((j) => j.pages ?? NaN))} pages, ${median(p.writes.jobs.map((j) => j.seconds ?? NaN))} s`)} |`);
  report(`| daily job: scheduled handler → job finished | ${cell((p) => (p.daily ? `${pages(p.daily.job)} in ${seconds(p.daily.ms)}` : '—'))} |`);
}

/** The data set in `state`: generated, or copied from `--data` (generated there first when missing). */
async function dataSet(state: string, n: number): Promise<void> {
  const kept = args.data;
  if (!kept) return generate(state, n);
  const exists = await stat(kept).then(() => true, () => false);
  if (!exists) {
    progress(`generating into ${kept}, kept for later runs`);
    await generate(kept, n);
  }
  await cp(kept, state, { recursive: true });
}

/** The data set of the bench: N disclosures beside the demo, a weekly rule since 2021, 5 years of monthly statistics. */
async function generate(state: string, n: number): Promise<void> {
  await applyMigrations(state);
  await withLocalDb(state, async (db) => {
    await seedDemo(db, credentials);
    const account = (await db.prepare('SELECT id FROM accounts LIMIT 1').first<{ id: number }>())!;
    const actor = { accountId: account.id, tokenId: null, label: 'bench', role: 'approver' as const };
    const categories = ['ngan-sach', 'du-an-dau-tu', 'quy-hoach', 'thu-tuc-hanh-chinh', 'ho-ngheo-tin-dung', 'dat-dai-boi-thuong'];
    const one = async (i: number) => {
      const kind = i < 100 ? 'KH' : i < 200 ? 'BC' : 'TB';
      const day = `20${21 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      await createDisclosure(
        { db, actor, now: `${day}T01:00:00.000Z` },
        {
          title: `${kind === 'KH' ? 'Kế hoạch' : kind === 'BC' ? 'Báo cáo' : 'Thông báo'} số ${i + 1} về đăng ký, tiếp công dân và đầu tư`,
          category: categories[i % categories.length],
          documentNumber: `${String((i % 900) + 10)}/${kind}-UBND`,
          issuedOn: day,
          issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
          summary: `Nội dung thử nghiệm số ${i + 1}: dự toán, quyết toán, thủ tục hành chính, đất đai và hộ nghèo.`,
          channels: ['office_board', 'portal'],
          postingStart: day,
          permanent: true,
          publish: true,
        },
      );
    };
    // Titles are unique, so concurrent inserts never race for a slug.
    for (let i = 0; i < n; i += 25) await Promise.all(Array.from({ length: Math.min(25, n - i) }, (_, k) => one(i + k)));
    await createRule({ db, actor, now: '2021-01-01T00:00:00.000Z' }, { frequency: 'weekly', weekdays: [4], startTime: '07:30', endTime: '11:00', place: 'Trụ sở', hostTitle: 'Chủ tịch', validFrom: '2021-01-01' });
    for (let y = 2021; y <= 2025; y++) {
      for (let m = 1; m <= 12; m++) {
        const rows = ['Hộ tịch', 'Chứng thực', 'Bảo trợ xã hội', 'Đất đai', 'Tư pháp'].map((field, k) => ({
          field, receivedTotal: 50 + k, receivedDirect: 50 + k, resolvedTotal: 50 + k, resolvedEarly: 49 + k, resolvedLate: 1,
        }));
        const period = { kind: 'month', year: y, number: m };
        await saveProcedureReport({ db, actor, now: `${y}-${String(m).padStart(2, '0')}-28T00:00:00.000Z` }, { period, rows }, 'bench');
        await savePetitionStats({ db, actor, now: `${y}-01-01T00:00:00.000Z` }, { period, received: 3, complaints: 3, denunciations: 0, recommendations: 0, reflections: 0, resolved: 2, mediated: 1, forwarded: 1, pending: 0 });
      }
    }
  });
}

/** A Worker started for the API comparison beside the portal, stopped with `close`. */
interface Server {
  url: string;
  close(): Promise<void>;
}

/** `wrangler dev` on `config` with the bench's local state, answering once `ready` (a path) does. */
async function startServer(what: string, config: string, state: string, ready: string, extra: string[] = []): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = startWrangler(
    ['dev', '-c', config, '--persist-to', state, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()),
      '--show-interactive-dev-session=false', '--log-level', 'error', ...extra],
    { CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c).slice(-4000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const close = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${what}: wrangler dev exited with ${child.exitCode}\n${output}`);
    if (await fetch(`${url}${ready}`).then((r) => r.status < 500, () => false)) return { url, close };
    if (i > 600) {
      await close();
      throw new Error(`${what}: wrangler dev did not answer within 2 minutes\n${output}`);
    }
    await sleep(200);
  }
}

/**
 * `--against <commit>`: that commit's Worker, checked out in a `git worktree` of its own (its
 * node_modules are this checkout's, linked) and run on the bench's local D1 and data set. A
 * Worker whose wrangler.toml `main` imports the Astro handler (functions/worker.ts since the
 * queue) exists only as `astro build` output, so it is built first; an older one is bundled by
 * `wrangler dev` from its sources, with an empty assets folder (the API needs none).
 */
async function startAgainst(commit: string, state: string): Promise<Server> {
  const tree = join(dir, 'against');
  progress(`--against ${commit}: git worktree in ${tree}`);
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', tree, commit]);
  const removeTree = () => execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', tree]);
  try {
    await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    const toml = await readFile(join(tree, 'wrangler.toml'), 'utf8');
    const main = /^main\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
    if (!main) throw new Error(`--against ${commit}: its wrangler.toml names no main`);
    let server: Server;
    if ((await readFile(join(tree, main), 'utf8')).includes('@astrojs/cloudflare')) {
      progress(`--against ${commit}: astro build of its Worker`);
      const out = join(dir, 'against-build');
      await new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [join(tree, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'site', '--outDir', out], {
          cwd: tree, stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' },
        });
        child.on('error', fail);
        child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`--against ${commit}: astro build failed (${code})`))));
      });
      server = await startServer(commit, join(out, 'server', 'wrangler.json'), state, '/api/v1/health');
      // Its first request asks for a full publish when its templates differ from the stored ones
      // (functions/worker.ts): let that finish, so that it does not run during the loads.
      await sleep(3000);
      for (const started = Date.now(); Date.now() - started < 3_600_000; await sleep(500)) {
        const backlog = await publishBacklog(server.url);
        if (!backlog || backlog.pending === 0) break;
      }
    } else {
      const assets = join(dir, 'against-assets');
      await mkdir(assets, { recursive: true });
      server = await startServer(commit, join(tree, 'wrangler.toml'), state, '/api/v1/health', ['--assets', assets]);
    }
    return {
      url: server.url,
      close: async () => {
        await server.close();
        removeTree();
      },
    };
  } catch (error) {
    try {
      removeTree();
    } catch {
      // the error that matters is the one above
    }
    throw error;
  }
}

/**
 * API requests/s on the running portal beside a bare Hono-on-D1 Worker (bench/) on the same
 * local D1, 10 connections for `--api-seconds` each, after 2 s of warm-up that are not counted
 * (the first requests of an isolate compile its code). Writes are drafts: a draft publishes
 * nothing. `--rounds N` repeats the loads, in reverse order every other round so that no server
 * is always measured first, and prints the median overheads; `--against <commit>` adds that
 * commit's Worker to every round, a before/after on the same data under the same machine load.
 */
async function apiLoad(portal: Portal, state: string): Promise<void> {
  // wrangler dev listens on 127.0.0.1; autocannon would try "localhost" as ::1 first.
  const servers: Record<string, string> = { ours: portal.url.replace('//localhost:', '//127.0.0.1:') };
  const started: Server[] = [];
  try {
    started.push(await startServer('bare', 'bench/wrangler.bare.toml', state, '/item/1'));
    servers.bare = started[0]!.url;
    if (args.against) {
      started.push(await startAgainst(args.against, state));
      servers[args.against] = started[1]!.url;
    }
    const seconds = Number(args['api-seconds']);
    const rounds = Number(args.rounds);
    const load = async (opts: autocannon.Options) => {
      await autocannon({ connections: 10, ...opts, duration: 2 });
      const r = await autocannon({ connections: 10, ...opts, duration: seconds });
      return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
    };
    let n = 0;
    const body = () => JSON.stringify({ title: `Tải thử ${Date.now()}-${n++}`, category: 'ngan-sach', issuedOn: '2026-01-05', issuer: 'UBND', summary: 'Tải thử.', channels: ['portal'], postingStart: '2026-01-05', permanent: true });
    const write = (url: string, headers: Record<string, string>): autocannon.Options => ({ url, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, requests: [{ setupRequest: (r) => ({ ...r, body: body() }) }] });
    /** The read and the write of each server; the bare Worker has two routes of its own. */
    const endpoint = (kind: 'read' | 'write', name: string): { route: string; opts: autocannon.Options } => {
      const url = servers[name]!;
      if (name === 'bare') return kind === 'read' ? { route: 'GET /item/:id', opts: { url: `${url}/item/10` } } : { route: 'POST /item', opts: write(`${url}/item`, {}) };
      return kind === 'read'
        ? { route: 'GET /api/v1/disclosures/:id', opts: { url: `${url}/api/v1/disclosures/10`, headers: auth } }
        : { route: 'POST /api/v1/disclosures', opts: write(`${url}/api/v1/disclosures`, auth) };
    };
    const cases = (['read', 'write'] as const).flatMap((kind) => Object.keys(servers).map((name) => ({ kind, name, ...endpoint(kind, name) })));
    const overheads: Record<string, number[]> = {};
    for (let round = 1; round <= rounds; round++) {
      progress(`API load, ${Object.keys(servers).join(', ')}${rounds > 1 ? `, round ${round} of ${rounds}` : ''}`);
      const rows = new Map<(typeof cases)[number], Awaited<ReturnType<typeof load>>>();
      for (const c of round % 2 ? cases : [...cases].reverse()) rows.set(c, await load(c.opts));
      apiRows.push(`\n| API, 10 connections, ${seconds} s after 2 s of warm-up${rounds > 1 ? `, round ${round} of ${rounds}` : ''} | req/s | p50 ms | p99 ms | errors |`, '| --- | --- | --- | --- | --- |');
      for (const c of cases) {
        const r = rows.get(c)!;
        apiRows.push(`| ${c.kind}: ${c.name} ${c.route} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
      }
      const rps = (kind: string, name: string) => rows.get(cases.find((c) => c.kind === kind && c.name === name)!)!.rps;
      const said = Object.keys(servers)
        .filter((name) => name !== 'bare')
        .map((name) => {
          const [reads, writes] = [rps('read', 'bare') / rps('read', name), rps('write', 'bare') / rps('write', name)];
          (overheads[`reads ${name}`] ??= []).push(reads);
          (overheads[`writes ${name}`] ??= []).push(writes);
          return `${name === 'ours' ? '' : `${name}: `}reads ${reads.toFixed(2)}×, writes ${writes.toFixed(2)}×`;
        });
      apiRows.push(`overhead (bare req/s ÷ ours): ${said.join('; ')} (goal ≤ 1.5×)`);
    }
    if (rounds > 1) {
      const median = (xs: number[]) => {
        const sorted = [...xs].sort((a, b) => a - b);
        return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
      };
      apiRows.push(`\nmedian overhead over ${rounds} rounds: ${Object.entries(overheads).map(([name, xs]) => `${name} ${median(xs).toFixed(2)}×`).join(', ')}`);
    }
  } finally {
    for (const s of started.reverse()) await s.close();
  }
}
/** The API table, printed after the publishing table although measured on the same portal. */
const apiRows: string[] = [];

try {
  if (args.load) {
    await applyMigrations(stateDir);
    await withLocalDb(stateDir, (db) => seedDemo(db, credentials));
    report(`# npm run bench -- --load — ${new Date().toISOString()}, ${cpus().length} cores`);
    await mixedLoad(Number(args.readers), Number(args.writers), Number(args.seconds));
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  }
  if (args['api-only']) {
    report(`# npm run bench -- --api-only — ${new Date().toISOString()}, ${N} disclosures, ${cpus().length} cores${args.against ? `, against ${args.against}` : ''}`);
    const started = Date.now();
    progress(`generating ${N} disclosures`);
    await dataSet(stateDir, N);
    report(`data set ${args.data ? `copied from ${args.data} (generated through the same data layer as the API)` : `generated in ${((Date.now() - started) / 1000).toFixed(0)} s (through the same data layer as the API)`}`);
    progress('starting the portal (astro build of the Worker, then the full publish of its start, not measured)');
    const portal = await startLocalPortal({ port: 0, stateDir, credentials, log: () => {}, firstPublishTimeoutMs: 3_600_000 });
    try {
      await apiLoad(portal, stateDir);
    } finally {
      await portal.close();
    }
    for (const line of apiRows) report(line);
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  }
  report(`# npm run bench — ${new Date().toISOString()}, ${N} disclosures, ${WRITES} writes, ${cpus().length} cores`);

  // 1. Data.
  let started = Date.now();
  progress(`generating ${N} disclosures`);
  await dataSet(stateDir, N);
  report(`data set ${args.data ? `copied from ${args.data} (generated through the same data layer as the API)` : `generated in ${((Date.now() - started) / 1000).toFixed(0)} s (through the same data layer as the API)`}`);

  // 2. Publishing. The Worker (API, admin, the site's pages rendered on demand) is built once, as a deploy would.
  started = Date.now();
  progress('astro build of the Worker');
  const workerConfig = await buildWorker(() => {});
  report(`astro build of the Worker (once per deploy, never per write): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const built = JSON.parse(await readFile(workerConfig, 'utf8')) as { triggers?: { crons?: string[] } };
  const cron = built.triggers?.crons?.[0];
  if (!cron) throw new Error('the built Worker has no Cron Trigger (wrangler.toml [triggers])');
  const demo = await measurePublishing('demo', join(dir, 'demo'), cron);
  const big = await measurePublishing(`${N}`, stateDir, cron, args['skip-api'] ? undefined : (portal) => apiLoad(portal, stateDir));
  reportPublishing([['demo', demo], [`--disclosures ${N}`, big]]);

  // 3. API under load (measured on the portal above).
  for (const line of apiRows) report(line);

  // 4. Query plans at 100,000 rows.
  const planDir = join(dir, 'plans');
  await applyMigrations(planDir);
  await withLocalDb(planDir, async (db) => {
    await db
      .prepare(
        `INSERT INTO disclosures (slug, title, category, issued_on, issuer, summary, channels, posting_start, permanent, status, created_at, updated_at, published_at)
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
         SELECT 'muc-' || i, 'Mục ' || i, CASE i % 3 WHEN 0 THEN 'ngan-sach' WHEN 1 THEN 'quy-hoach' ELSE 'du-an-dau-tu' END, '2025-01-01', 'UBND', 'x', '["portal"]',
                '2025-01-01', 1, CASE WHEN i % 10 = 0 THEN 'draft' ELSE 'published' END, '2025-01-01T00:00:00Z', printf('2025-%02d-01T00:00:00Z', 1 + i % 12),
                CASE WHEN i % 10 = 0 THEN NULL ELSE printf('2025-%02d-01T00:00:00Z', 1 + i % 12) END FROM n`,
      )
      .run();
    await db.prepare('ANALYZE').run();
    const queries: [string, string, unknown[]][] = [
      ['public list (site, API)', "SELECT * FROM disclosures WHERE status <> 'draft' ORDER BY published_at DESC, id DESC LIMIT 20 OFFSET 0", []],
      ['category list', "SELECT * FROM disclosures WHERE status <> 'draft' AND category = 'quy-hoach' ORDER BY published_at DESC, id DESC LIMIT 20", []],
      ['drafts only (API ?status=draft)', "SELECT * FROM disclosures WHERE status IN ('draft') ORDER BY updated_at DESC, id DESC LIMIT 50", []],
      ['admin list', 'SELECT * FROM disclosures ORDER BY updated_at DESC, id DESC LIMIT 200', []],
      ['count for paging', "SELECT count(*) FROM disclosures WHERE status <> 'draft'", []],
      ['by slug', "SELECT * FROM disclosures WHERE slug = 'muc-500'", []],
      ['free slug', "SELECT slug FROM disclosures WHERE slug = 'muc-5' OR (slug > 'muc-5' || '-' AND slug < 'muc-5' || '.')", []],
      ['audit of one item', "SELECT * FROM audit_log WHERE entity = 'disclosure' AND entity_id = '5' ORDER BY id", []],
      ['revisions of all items', 'SELECT disclosure_id, version, changed_at, change_note FROM disclosure_revisions ORDER BY disclosure_id, version DESC', []],
    ];
    report('\n| query at 100,000 rows | plan | full scan? |');
    report('| --- | --- | --- |');
    for (const [name, sql] of queries) {
      const { results } = await db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join('; ');
      const full = /\bSCAN (disclosures|audit_log|disclosure_revisions)\b(?! USING)/.test(plan);
      report(`| ${name} | ${plan} | ${full ? 'YES' : 'no'} |`);
    }
  });
} finally {
  await rm(dir, { recursive: true, force: true });
}

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { API_SCOPE_CODES } from '../schema/accounts/api-scopes.ts';
import type { Commune, Province } from '../schema/province/communes.ts';
import { hashPassword, sha256Hex } from '../schema/core/crypto.ts';
import { getAccountByEmail, insertAccount, insertApiToken } from '../schema/accounts/accounts.db.ts';
import { disclosurePath } from '../schema/publishing/paths.ts';
import { periodKey } from '../schema/statistics/period.ts';
import { createDisclosure } from '../schema/disclosure/disclosures.use-cases.ts';
import { createRule } from '../schema/reception/reception.use-cases.ts';
import { saveProcedureReport } from '../schema/statistics/statistics.use-cases.ts';
import { localD1File, migrateLocalDb, withLocalEnv, type LocalEnv } from './local-db.ts';
import { communeServed, getOnHost, startLocalPortal, type Portal } from './local-portal.ts';
import { addCommune, firstUnitRow, readRegistry, runningPortal, updateDevConfig, writeRegistry } from './province.ts';
import { demoCredentials } from './seed.ts';
import { ROOT } from './wrangler.ts';

/**
 * `npm run bench -- --communes 100 --disclosures 500 [--writes 20 --background 4 --gap 0]`: the province
 * figures of issue 24, item 7, printed (never a pass/fail timing). One local portal (`npm start`'s:
 * one `wrangler dev`, local D1, R2 and Queues) on a fresh state folder holding the demo province
 * plus N illustration communes ("Xã Thử tải 001"…, no code, `illustration: true`), each added
 * with commune:add's own functions (`addCommune`, `migrateLocalDb`, `firstUnitRow`,
 * `writeRegistry`) and filled through the use cases with `--disclosures` generated items, a
 * weekly reception rule and six months of Biểu 06 — test data, never presented as real.
 *
 * It prints: the time to create and migrate the N databases; the first publish of every commune;
 * write → public latency in one commune alone and while `--background` other communes write
 * (closed loops, each write published before the next, rotating over every other commune), with
 * the ratio of the p50s (issue 24's target: ≤ 1.5×); `--gap s` spaces the writes alone, so that
 * each meets a portal where the province render set off by the previous one has finished; the province page's refresh after one
 * commune saves a Biểu 06 table; the time to add one more commune to the running portal;
 * `npm run db:migrate:local` over all; storage per commune (D1 file, R2 objects under its prefix).
 *
 * Requests go to 127.0.0.1 with the commune's Host header: Node's resolver may not map
 * `*.localhost` to loopback as curl and Chromium do.
 */
export async function benchProvince(argv: string[]): Promise<number> {
  const { values: args } = parseArgs({
    args: argv,
    options: {
      communes: { type: 'string' },
      disclosures: { type: 'string', default: '500' },
      writes: { type: 'string', default: '20' },
      background: { type: 'string' },
      gap: { type: 'string', default: '0' },
    },
  });
  const N = Number(args.communes);
  const ITEMS = Number(args.disclosures);
  const WRITES = Number(args.writes);
  const BACKGROUND = Math.min(N - 1, Number(args.background ?? 4));
  /** Seconds between the writes alone: the province render each write sets off has finished before the next. */
  const GAP_MS = Number(args.gap) * 1000;
  if (!Number.isInteger(N) || N < 2) throw new Error('--communes needs at least 2: one measured commune and one that writes beside it');
  if (!Number.isInteger(ITEMS) || ITEMS < 0 || !Number.isInteger(WRITES) || WRITES < 1) throw new Error('--disclosures and --writes take whole numbers');

  const dir = await mkdtemp(join(tmpdir(), 'bench-province-'));
  const stateDir = join(dir, 'state');
  const began = performance.now();
  report(`# npm run bench -- --communes ${N} --disclosures ${ITEMS} --writes ${WRITES} --background ${BACKGROUND}${GAP_MS ? ` --gap ${GAP_MS / 1000}` : ''} — ${new Date().toISOString()}, ${cpus().length} cores`);
  let portal: Portal | undefined;
  try {
    // 1. The communes, as commune:add makes them, into one portal's state folder.
    const token = `bench-${randomBytes(16).toString('hex')}`;
    const created = await createCommunes(stateDir, N);
    const { province, bench } = created;
    report(`\n| setting up ${N} communes (commune:add's functions, one miniflare) | time |`);
    report('| --- | --- |');
    report(`| registry entries, D1 databases and unit rows (${N} communes) | ${seconds(created.createMs)} |`);
    report(`| all migrations applied to ${N} new D1 databases | ${seconds(created.migrateMs)} (${(created.migrateMs / N).toFixed(0)} ms per commune, ${created.migrations} migrations each) |`);
    let t = performance.now();
    await generate(stateDir, province, bench, ITEMS, token);
    report(`| illustration data: ${ITEMS} disclosures, 1 reception rule, 6 months of Biểu 06 per commune (use cases) | ${seconds(performance.now() - t)} |`);

    // 2. The portal, then every commune's first publish and the province's pages.
    t = performance.now();
    progress('starting the portal (astro build of the Worker, migrations check, the seed commune\'s first publish)');
    portal = await startLocalPortal({ port: 0, stateDir, credentials: demoCredentials({}), log: () => {}, firstPublishTimeoutMs: 3_600_000 });
    const port = Number(new URL(portal.url).port);
    const startMs = performance.now() - t;
    t = performance.now();
    progress(`first publish of ${province.communes.length - 1} other communes and the province's pages`);
    await firstPublishAll(port, province);
    const firstPublishMs = performance.now() - t;
    report(`| portal start (build, ${province.communes.length} D1 bindings, the seed commune's full publish) | ${seconds(startMs)} |`);
    report(`| first full publish of the ${province.communes.length - 1} other communes, then the province's pages | ${seconds(firstPublishMs)} |`);

    // 3. Write → public in one commune: alone, then while others write.
    const http = new Http(port, token);
    const measured = bench[0]!;
    const others = bench.slice(1);
    progress(`write → public in ${measured.slug}: 2 warm-up writes, then ${WRITES} alone`);
    for (let i = 0; i < 2; i++) await http.timedWrite(measured, `khởi động ${i + 1}`);
    const alone = [];
    for (let i = 0; i < WRITES; i++) {
      await sleep(GAP_MS);
      alone.push(await http.timedWrite(measured, `một mình ${i + 1}`));
    }
    progress(`${WRITES} writes in ${measured.slug} while ${BACKGROUND} writers publish in the ${others.length} other bench communes`);
    let stop = false;
    let next = 0;
    const background: Timed[] = [];
    const writer = async () => {
      while (!stop) background.push(await http.timedWrite(others[next++ % others.length]!, `nền ${next}`, { pageOnly: true, pollMs: BACKGROUND_POLL_MS }));
    };
    const writers = Array.from({ length: BACKGROUND }, writer);
    const loadFrom = performance.now();
    await sleep(2000); // the background is running before the first measured write
    const busy = [];
    for (let i = 0; i < WRITES; i++) busy.push(await http.timedWrite(measured, `cùng lúc ${i + 1}`));
    stop = true;
    await Promise.all(writers);
    const loadS = (performance.now() - loadFrom) / 1000;
    const [aloneP50, busyP50] = [p(alone.map((w) => w.page), 50), p(busy.map((w) => w.page), 50)];
    const stored = (w: Timed) => w.page - w.post;
    report(`\n| write → public in ${measured.slug} (POST /api/v1/disclosures, publish: true; polled every ${POLL_MS} ms) | p50 / p95, new page answers 200 | POST answered | POST answered → page 200 | its publish job finished |`);
    report('| --- | --- | --- | --- | --- |');
    const row = (what: string, ws: Timed[]) => `| ${what} | ${p50p95(ws.map((w) => w.page))} | ${p50p95(ws.map((w) => w.post))} | ${p50p95(ws.map(stored))} | ${p50p95(ws.map((w) => w.job))} |`;
    report(row(`alone (${WRITES} writes, no other commune writing${GAP_MS ? `, ${GAP_MS / 1000} s apart` : ''})`, alone));
    report(row(`while ${BACKGROUND} other communes write (${WRITES} writes)`, busy));
    report(`background: ${background.length} writes published in ${Math.min(others.length, next)} other communes over ${loadS.toFixed(0)} s (${(background.length / loadS).toFixed(2)} writes/s), write → page p50 / p95 ${p50p95(background.map((w) => w.page))} (POST ${p50p95(background.map((w) => w.post))})`);
    report(`ratio of p50s, others writing ÷ alone: ${(busyP50 / aloneP50).toFixed(2)}× (issue 24's target: ≤ 1.5×)`);
    report(`\nper write (ms: POST answered / page 200 / job finished):`);
    report(`alone: ${alone.map((w) => `${w.post.toFixed(0)}/${w.page.toFixed(0)}/${w.job.toFixed(0)}`).join(' ')}`);
    report(`while others write: ${busy.map((w) => `${w.post.toFixed(0)}/${w.page.toFixed(0)}/${w.job.toFixed(0)}`).join(' ')}`);

    // 4. The province's page after one commune's statistics change.
    await http.settle(measured);
    const provinceMs = await http.provinceRefresh(measured, province.hosts[0]!);
    report(`\nprovince page refresh: PUT /api/v1/statistics/procedures in ${measured.slug} → the province's /thu-tuc/ shows its period: ${seconds(provinceMs)}`);

    // 5. One more commune, added to the running portal.
    const added = await addWhileRunning(stateDir, port, province, token);
    report(`add a commune to the running portal (registry, D1, migrations, unit row, config reload, first publish, home answers 200): ${seconds(added.servedMs)}; listed on the province's home page after ${seconds(added.listedMs)}`);
    await portal.close();
    portal = undefined;

    // 6. db:migrate:local over every commune, as a deploy runs it (nothing pending).
    const migrate = await migrateAll(stateDir);
    report(`npm run db:migrate:local over ${province.communes.length + 1} communes, nothing pending: ${seconds(migrate.ms)} wall (${migrate.line})`);

    // 7. Storage per commune.
    await reportStorage(stateDir, await readRegistry(stateDir), bench, ITEMS);
    report(`\nwhole run: ${seconds(performance.now() - began)}`);
    return 0;
  } finally {
    await portal?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const report = (line: string) => console.log(line);
/** Progress, on stderr: the figures on stdout stay a clean report. */
const progress = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
/** The sample under which `q` % of the samples fall (nearest rank). */
const p = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)] ?? NaN;
};
const p50p95 = (samples: number[]) => `${seconds(p(samples, 50))} / ${seconds(p(samples, 95))}`;
const BENCH_EMAIL = 'thu-tai@bench.example';

/**
 * N illustration communes appended to the demo province's registry with commune:add's
 * `addCommune` (its checks: kind, host, unique slug and binding), then their D1 databases
 * migrated and given their unit row as commune:add does, in one miniflare instead of N.
 * `addCommune` requires a code; the bench's communes have none (`code: null`, as the demo's
 * illustration communes), so a placeholder passes the check and is dropped.
 */
async function createCommunes(stateDir: string, n: number) {
  let t = performance.now();
  let province: Province = await readRegistry(stateDir);
  const bench: Commune[] = [];
  for (let i = 1; i <= n; i++) {
    const number = String(i).padStart(3, '0');
    const added = addCommune(province, { code: String(90000 + i), name: `Thử tải ${number}`, kind: i % 5 === 0 ? 'phuong' : 'xa', host: [`thu-tai-${number}.localhost`] });
    if ('errors' in added) throw new Error(added.errors.join('\n'));
    const commune = { ...added.commune, code: null, illustration: true };
    province = { ...added.province, communes: [...province.communes, commune] };
    bench.push(commune);
  }
  let migrateMs = 0;
  let migrations = 0;
  await withLocalEnv(
    stateDir,
    async (env) => {
      // The demo province's communes too (npm start would at its start): the seed takes the bench's token.
      for (const c of province.communes.filter((c) => !bench.includes(c))) {
        const outcome = await migrateLocalDb(env[c.binding]!);
        if (!outcome.ok) throw new Error(`${c.slug}: ${outcome.reason}`);
      }
      t = performance.now();
      for (const c of bench) {
        const m = performance.now();
        const outcome = await migrateLocalDb(env[c.binding]!);
        migrateMs += performance.now() - m;
        if (!outcome.ok) throw new Error(`${c.slug}: ${outcome.reason}`);
        migrations = outcome.applied;
        const { sql, params } = firstUnitRow(c);
        await env[c.binding]!.prepare(sql).bind(...params).run();
      }
    },
    province,
  );
  await writeRegistry(stateDir, province);
  return { province, bench, createMs: performance.now() - t - migrateMs, migrateMs, migrations };
}

/** One approver and one API token per commune (each database holds its own), as admin:create would. */
async function benchOfficial(db: D1Database, token: string): Promise<{ accountId: number; tokenId: null; label: string; role: 'approver' }> {
  const now = new Date().toISOString();
  if (!(await getAccountByEmail(db, BENCH_EMAIL))) {
    const id = await insertAccount(db, { email: BENCH_EMAIL, displayName: 'Tài khoản thử tải', role: 'approver', passwordHash: await hashPassword(randomBytes(16).toString('hex')) }, now);
    await insertApiToken(db, { name: 'Mã API thử tải', tokenHash: await sha256Hex(token), accountId: id, scopes: API_SCOPE_CODES }, now);
  }
  const account = (await getAccountByEmail(db, BENCH_EMAIL))!;
  return { accountId: account.id, tokenId: null, label: 'bench', role: 'approver' };
}

/** Per commune, as scripts/bench.ts generates its items: disclosures, a weekly reception rule, Biểu 06 for Jan–Jun 2025. */
async function generate(stateDir: string, province: Province, bench: Commune[], items: number, token: string): Promise<void> {
  const categories = ['ngan-sach', 'du-an-dau-tu', 'quy-hoach', 'thu-tuc-hanh-chinh', 'ho-ngheo-tin-dung', 'dat-dai-boi-thuong'];
  await withLocalEnv(
    stateDir,
    async (env: LocalEnv) => {
      // The seed commune takes the token too: the bench may write there as well.
      const fill = async (c: Commune) => {
        const db = env[c.binding]!;
        const actor = await benchOfficial(db, token);
        const one = async (i: number) => {
          const kind = i < 100 ? 'KH' : i < 200 ? 'BC' : 'TB';
          const day = `20${21 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
          await createDisclosure(
            { db, actor, now: `${day}T01:00:00.000Z` },
            {
              title: `${kind === 'KH' ? 'Kế hoạch' : kind === 'BC' ? 'Báo cáo' : 'Thông báo'} thử tải số ${i + 1}`,
              category: categories[i % categories.length],
              documentNumber: `${String((i % 900) + 10)}/${kind}-UBND`,
              issuedOn: day,
              issuer: `Ủy ban nhân dân ${c.name}`,
              summary: `Nội dung thử tải số ${i + 1}, không phải văn bản thật.`,
              channels: ['office_board', 'portal'],
              postingStart: day,
              permanent: true,
              publish: true,
            },
          );
        };
        for (let i = 0; i < items; i += 25) await Promise.all(Array.from({ length: Math.min(25, items - i) }, (_, k) => one(i + k)));
        if (c.binding === 'DB') return;
        await createRule({ db, actor, now: '2025-01-01T00:00:00.000Z' }, { frequency: 'weekly', weekdays: [4], startTime: '07:30', endTime: '11:00', place: 'Trụ sở', hostTitle: 'Chủ tịch', validFrom: '2025-01-01' });
        for (let m = 1; m <= 6; m++) {
          await saveProcedureReport({ db, actor, now: `2025-${String(m).padStart(2, '0')}-28T00:00:00.000Z` }, { period: { kind: 'month', year: 2025, number: m }, rows: BIEU_06_ROWS }, 'bench');
        }
      };
      const seed = province.communes.find((c) => c.binding === 'DB')!;
      await benchOfficial(env[seed.binding]!, token);
      // Four communes at a time: each database is its own writer.
      for (let i = 0; i < bench.length; i += 4) {
        progress(`illustration data: communes ${i + 1}–${Math.min(bench.length, i + 4)} of ${bench.length}`);
        await Promise.all(bench.slice(i, i + 4).map(fill));
      }
    },
    province,
  );
}

const BIEU_06_ROWS = ['Hộ tịch', 'Chứng thực', 'Bảo trợ xã hội', 'Đất đai', 'Tư pháp'].map((field, k) => ({
  field, receivedTotal: 50 + k, receivedDirect: 50 + k, resolvedTotal: 50 + k, resolvedEarly: 49 + k, resolvedLate: 1,
}));

/**
 * Every commune's first publish (its first Worker-route request asks for it, functions/worker.ts),
 * asked for all at once, then waited for; then the province's pages, which follow commune jobs.
 */
async function firstPublishAll(port: number, province: Province): Promise<void> {
  const others = province.communes.filter((c) => c.binding !== 'DB');
  for (const c of others) await getOnHost(port, c.hosts[0]!, '/api/v1/health');
  for (const c of others) await waitUntil(`the first publish of ${c.slug}`, () => communeServed(port, c.hosts[0]!), 3_600_000);
  for (const host of province.hosts) await waitUntil('the province pages', async () => (await getOnHost(port, host, '/')).status === 200, 600_000);
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}

/** Between two reads of a new page: short, so a write public in 30 ms is not counted as 100. */
const POLL_MS = 10;

/** The background writers poll as before: their reads, 4 × 100 a second at 10 ms, would be most of the load measured. */
const BACKGROUND_POLL_MS = 100;

/** One timed write, ms from the POST sent: its answer, its page's first 200, its job finished (0: not awaited). */
interface Timed {
  post: number;
  page: number;
  job: number;
}

interface Answer {
  status: number;
  body: string;
}

/** Requests to the portal on 127.0.0.1 with a commune's (or the province's) Host header, keep-alive. */
class Http {
  private agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private port: number;
  private token: string;
  constructor(port: number, token: string) {
    this.port = port;
    this.token = token;
  }

  send(host: string, method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { host: `${host}:${this.port}` };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', authorization: `Bearer ${this.token}` });
    return new Promise((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent, timeout: 120_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', fail);
      req.on('timeout', () => req.destroy(new Error(`${method} ${host}${path}: no answer within 120 s`)));
      req.end(payload);
    });
  }

  /** The commune's publish backlog is empty and its last job finished after `since`. */
  async publishedSince(c: Commune, since: number): Promise<boolean> {
    const health = await this.send(c.hosts[0]!, 'GET', '/api/v1/health');
    const publishing = (JSON.parse(health.body) as { publishing?: { pending: number; lastFinishedAt: string | null } }).publishing;
    return publishing?.pending === 0 && publishing.lastFinishedAt !== null && Date.parse(publishing.lastFinishedAt) >= since;
  }

  /**
   * One API write with `publish: true` on the commune's host, then polls every POLL_MS until the
   * new page answers 200 and (unless `pageOnly`) the commune's publish job has finished (its
   * health, every 10th poll: a heavier request). `post` is the write's own answer time; `page`
   * counts from the POST sent, so `page - post` is the publishing (queue delivery, the focused
   * render, R2 put), within POLL_MS: the page is served from R2 as stored, so its first 200 is
   * when it was stored. The polling was 100 ms, which hid a page that was public in 30 ms.
   */
  async timedWrite(c: Commune, label: string, options: { pageOnly?: boolean; pollMs?: number } = {}): Promise<Timed> {
    const sent = Date.now();
    const t0 = performance.now();
    const res = await this.send(c.hosts[0]!, 'POST', '/api/v1/disclosures', {
      title: `Đo độ trễ xuất bản (thử tải) ${label} ${sent}`, category: 'ngan-sach', issuedOn: '2026-01-05', issuer: `Ủy ban nhân dân ${c.name}`,
      summary: 'Đo độ trễ, không phải văn bản thật.', channels: ['portal'], postingStart: '2026-01-05', permanent: true, publish: true,
    });
    const post = performance.now() - t0;
    if (res.status !== 201) throw new Error(`${c.slug}: write ${label} answered ${res.status}: ${res.body.slice(0, 300)}`);
    const path = disclosurePath(JSON.parse(res.body) as { slug: string });
    let page: number | undefined;
    let job: number | undefined = options.pageOnly ? 0 : undefined;
    for (let round = 0; page === undefined || job === undefined; round++) {
      if (performance.now() - t0 > 900_000) throw new Error(`${c.slug}: write ${label} not public within 15 minutes`);
      await Promise.all([
        page === undefined && this.send(c.hosts[0]!, 'GET', path).then((r) => void (r.status === 200 && (page = performance.now() - t0))),
        job === undefined && round % 10 === 0 && this.publishedSince(c, sent).then((done) => void (done && (job = performance.now() - t0))),
      ]);
      await sleep(options.pollMs ?? POLL_MS);
    }
    return { post, page, job };
  }

  /** Until the commune has nothing pending, and 3 s more for the province's job that follows. */
  async settle(c: Commune): Promise<void> {
    await waitUntil(`${c.slug}: backlog`, () => this.publishedSince(c, 0), 600_000);
    await sleep(3000);
  }

  /**
   * Saves Biểu 06 for October 2025 (a period no commune has) in one commune, then polls the
   * province's /thu-tuc/ until that period's section is there: the commune's job, then the
   * province's job it enqueues (functions/publish.ts), then the page served from R2.
   */
  async provinceRefresh(c: Commune, provinceHost: string): Promise<number> {
    const period = { kind: 'month', year: 2025, number: 10 } as const;
    const t0 = performance.now();
    const res = await this.send(c.hosts[0]!, 'PUT', '/api/v1/statistics/procedures', { period, rows: BIEU_06_ROWS });
    if (res.status !== 200) throw new Error(`${c.slug}: PUT /api/v1/statistics/procedures answered ${res.status}: ${res.body.slice(0, 300)}`);
    const anchor = `id="${periodKey(period)}"`;
    await waitUntil('the province page', async () => (await this.send(provinceHost, 'GET', '/thu-tuc/')).body.includes(anchor), 900_000, 100);
    return performance.now() - t0;
  }
}

/**
 * What `npm run commune:add` does locally, with its functions, on the running portal: the
 * database first (migrations, unit row), then the running portal's config (its D1 binding), then
 * the registry its Worker bundles, which wrangler dev reloads; timed until the new host's home answers 200 with its first publish
 * done (`communeServed`), and until the province's home lists it.
 */
async function addWhileRunning(stateDir: string, port: number, before: Province, token: string): Promise<{ servedMs: number; listedMs: number }> {
  progress('adding one more commune to the running portal');
  const t0 = performance.now();
  const added = addCommune(before, { code: '99999', name: 'Thử tải thêm', kind: 'xa', host: ['thu-tai-them.localhost'] });
  if ('errors' in added) throw new Error(added.errors.join('\n'));
  const commune = { ...added.commune, code: null, illustration: true };
  const province = { ...added.province, communes: [...before.communes, commune] };
  await withLocalEnv(
    stateDir,
    async (env) => {
      const outcome = await migrateLocalDb(env[commune.binding]!);
      if (!outcome.ok) throw new Error(`${commune.slug}: ${outcome.reason}`);
      const { sql, params } = firstUnitRow(commune);
      await env[commune.binding]!.prepare(sql).bind(...params).run();
      await benchOfficial(env[commune.binding]!, token);
    },
    province,
  );
  const running = await runningPortal(stateDir);
  if (!running) throw new Error('the bench portal is not recorded as running');
  // The binding first, then the registry that names the commune (commune:add's order).
  await updateDevConfig(running.configPath, province);
  await writeRegistry(stateDir, province);
  await waitUntil(`${commune.slug} served`, () => communeServed(port, commune.hosts[0]!), 300_000, 200);
  const servedMs = performance.now() - t0;
  await waitUntil(`${commune.slug} on the province's list`, async () => (await getOnHost(port, province.hosts[0]!, '/')).body.includes(commune.name), 600_000, 200);
  return { servedMs, listedMs: performance.now() - t0 };
}

/** `npm run db:migrate:local -- --state-dir …` as its own process: the command a deploy runs. */
async function migrateAll(stateDir: string): Promise<{ ms: number; line: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [resolve(ROOT, 'scripts/migrate.ts'), '--local', '--state-dir', stateDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (out += c));
  const code = await new Promise<number | null>((ok) => child.on('exit', ok));
  if (code !== 0) throw new Error(`db:migrate:local exited with ${code}:\n${out.slice(-2000)}`);
  return { ms: performance.now() - t0, line: out.trim().split('\n').at(-1) ?? '' };
}

/** D1 file size and R2 objects under each commune's prefix (`<slug>/` in SITE and FILES). */
async function reportStorage(stateDir: string, province: Province, bench: Commune[], items: number): Promise<void> {
  const rows = await withLocalEnv(
    stateDir,
    async (env) => {
      const count = async (bucket: R2Bucket, prefix: string) => {
        const total = { count: 0, bytes: 0 };
        let cursor: string | undefined;
        do {
          const page = await bucket.list({ prefix, cursor, limit: 1000 });
          total.count += page.objects.length;
          total.bytes += page.objects.reduce((n, o) => n + o.size, 0);
          cursor = page.truncated ? page.cursor : undefined;
        } while (cursor);
        return total;
      };
      const out = [];
      for (const c of province.communes) {
        const file = await localD1File(stateDir, c.binding);
        let d1 = 0;
        for (const suffix of ['', '-wal']) d1 += await stat(file + suffix).then((s) => s.size, () => 0);
        out.push({ commune: c, d1, site: await count(env.SITE, `${c.slug}/`), files: await count(env.FILES, `${c.slug}/`) });
      }
      return { out, province: await count(env.SITE, '_tinh/') };
    },
    province,
  );
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const benchRows = rows.out.filter((r) => bench.some((c) => c.slug === r.commune.slug));
  const med = (f: (r: (typeof rows.out)[number]) => number) => p(benchRows.map(f), 50);
  report(`\n| storage per commune | D1 file | R2 SITE objects under <slug>/ | R2 SITE bytes | R2 FILES objects |`);
  report('| --- | --- | --- | --- | --- |');
  report(`| bench commune, median of ${benchRows.length} (${items} generated disclosures + the writes above) | ${mb(med((r) => r.d1))} | ${med((r) => r.site.count)} | ${mb(med((r) => r.site.bytes))} | ${med((r) => r.files.count)} |`);
  report(`| bench commune, largest | ${mb(Math.max(...benchRows.map((r) => r.d1)))} | ${Math.max(...benchRows.map((r) => r.site.count))} | ${mb(Math.max(...benchRows.map((r) => r.site.bytes)))} | ${Math.max(...benchRows.map((r) => r.files.count))} |`);
  for (const r of rows.out.filter((r) => !benchRows.includes(r))) {
    report(`| ${r.commune.slug}${r.commune.binding === 'DB' ? ' (seed, demo data)' : ''} | ${mb(r.d1)} | ${r.site.count} | ${mb(r.site.bytes)} | ${r.files.count} |`);
  }
  report(`| the province's pages (_tinh/) | — | ${rows.province.count} | ${mb(rows.province.bytes)} | — |`);
}

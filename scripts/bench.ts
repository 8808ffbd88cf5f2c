import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createDisclosure } from '../schema/use-cases/disclosures.ts';
import { savePetitionStats, saveProcedureReport } from '../schema/use-cases/statistics.ts';
import { createRule } from '../schema/use-cases/reception.ts';
import { applyMigrations, withLocalDb } from './local-db.ts';
import { startLocalPortal } from './local-portal.ts';
import { demoCredentials, seedDemo } from './seed.ts';
import { ROOT, startWrangler } from './wrangler.ts';
import { disclosurePath } from '../schema/paths.ts';

/**
 * `npm run bench [-- --disclosures 10000 --skip-api]`: figures for issue #7, printed, never
 * a pass/fail timing test. Everything runs on loopback against real local D1 and workerd.
 *   1. generate a data set (disclosures, plans and reports, 5 years of reception and statistics);
 *   2. full build of the site vs a bare Astro build of one template over the same rows;
 *   3. publish latency, API write → page served, at that size (and the demo size in the tests);
 *   4. API requests/s and p50/p99 for reads and writes, beside a bare Hono-on-D1 baseline;
 *   5. EXPLAIN QUERY PLAN of every list query at 100,000 rows.
 * `npm run bench -- --load [--readers 200 --writers 20 --seconds 20]` instead runs readers and
 * writers at once against a local portal on the demo data (issue 16's load test, `mixedLoad`).
 * `--api-only` runs 1 and 4 alone, without the builds, the publish and the 100,000-row plans (the
 * portal's Worker then serves no built pages, which the API does not need). `--rounds 8
 * --api-seconds 6` repeats the API loads and prints the median overheads; `--against <commit>`
 * runs that commit's Worker beside this one in every round (a before/after on a busy machine).
 */
const { values: args } = parseArgs({
  options: {
    disclosures: { type: 'string', default: '10000' },
    'skip-api': { type: 'boolean', default: false },
    'skip-publish': { type: 'boolean', default: false },
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
const credentials = demoCredentials({});
const dir = await mkdtemp(join(tmpdir(), 'bench-'));
const stateDir = join(dir, 'state');
const out: string[] = [];
const report = (line: string) => {
  out.push(line);
  console.log(line);
};

/** Peak resident memory of a process tree, sampled from /proc every 200 ms. */
function sampleTree(rootPid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
      const tree = new Set([rootPid]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const [pid, ppid] of rows) if (!tree.has(pid!) && tree.has(ppid!)) (tree.add(pid!), (grew = true));
      }
      peak = Math.max(peak, rows.filter(([pid]) => tree.has(pid!)).reduce((n, [, , rss]) => n + rss!, 0));
    } catch {
      // the tree ended between samples
    }
  }, 200);
  return () => {
    clearInterval(timer);
    return peak * 1024;
  };
}

async function timedBuild(root: string, outDir: string): Promise<{ seconds: number; peakBytes: number }> {
  const started = Date.now();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [resolve(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', root, '--outDir', outDir], {
    cwd: ROOT,
    env: { ...process.env, PORTAL_STATE_DIR: stateDir, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const stop = sampleTree(child.pid!);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  const peakBytes = stop();
  if (code !== 0) throw new Error(`astro build of ${root} failed (${code})`);
  return { seconds: (Date.now() - started) / 1000, peakBytes };
}

async function countFiles(path: string): Promise<{ files: number; html: number; bytes: number }> {
  let files = 0;
  let html = 0;
  let bytes = 0;
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    if (entry.name.endsWith('.html')) html++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, html, bytes };
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** The latency under which `p` of the sorted samples fall (nearest rank). */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Readers and writers at once against a local portal (the front proxy, wrangler dev, D1), each a
 * loop that sends its next request when the previous one answered. Readers fetch citizen pages
 * and the API; writers save drafts (a draft publishes nothing, so no build competes with the
 * load). Afterwards every write that was answered 201 is read back: one missing is a lost write.
 */
async function mixedLoad(readers: number, writers: number, seconds: number): Promise<void> {
  const portal = await startLocalPortal({ port: 0, stateDir, credentials, log: () => {} });
  try {
    const auth = { authorization: `Bearer ${credentials.apiToken}` };
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

try {
  if (args.load) {
    await applyMigrations(stateDir);
    await withLocalDb(stateDir, (db) => seedDemo(db, credentials));
    report(`# npm run bench -- --load — ${new Date().toISOString()}, ${(await import('node:os')).cpus().length} cores`);
    await mixedLoad(Number(args.readers), Number(args.writers), Number(args.seconds));
    await rm(dir, { recursive: true, force: true });
    process.exit(0);
  }
  report(`# npm run bench — ${new Date().toISOString()}, ${N} disclosures, ${(await import('node:os')).cpus().length} cores`);

  // 1. Data.
  let started = Date.now();
  await applyMigrations(stateDir);
  await withLocalDb(stateDir, async (db) => {
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
    // 25 at a time: each INSERT picks its own free slug, so concurrent ones never race for one.
    for (let i = 0; i < N; i += 25) await Promise.all(Array.from({ length: Math.min(25, N - i) }, (_, k) => one(i + k)));
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
  report(`data set generated in ${((Date.now() - started) / 1000).toFixed(0)} s (through the same data layer as the API)`);

  const apiOnly = args['api-only'];
  // 2. Builds, side by side.
  // The post-build (search index, share images, headers) runs inside astro build (scripts/post-build.ts).
  if (apiOnly) await mkdir(join(dir, 'ours', 'client'), { recursive: true });
  else {
    const ours = await timedBuild('site', join(dir, 'ours'));
    const oursFiles = await countFiles(join(dir, 'ours', 'client'));
    const bare = await timedBuild('bench/bare-site', join(dir, 'bare'));
    const bareFiles = await countFiles(join(dir, 'bare', 'client'));
    report('');
    report(`build concurrency: ${process.env.BUILD_CONCURRENCY ?? 2} (site), 1 (bare)`);
    report('| build | HTML pages | time | ms per page | peak memory |');
    report('| --- | --- | --- | --- | --- |');
    report(`| bare Astro, one template over ${N + 16} rows | ${bareFiles.html} | ${bare.seconds.toFixed(1)} s | ${((bare.seconds * 1000) / bareFiles.html).toFixed(2)} | ${mb(bare.peakBytes)} |`);
    report(`| this site (astro build, post-build included) | ${oursFiles.html} | ${ours.seconds.toFixed(1)} s | ${((ours.seconds * 1000) / oursFiles.html).toFixed(2)} | ${mb(ours.peakBytes)} |`);
    report(`ratio per HTML page, ours (build + post-build) / bare: ${((ours.seconds / oursFiles.html) / (bare.seconds / bareFiles.html)).toFixed(2)} (goal ≤ 1.5)`);
    report(`output: ${oursFiles.files} files (${oursFiles.html} HTML, the rest mostly Pagefind fragments, one per indexed item), ${mb(oursFiles.bytes)}; Workers asset limit 20,000 files (Free) / 100,000 (Paid)`);
  }

  // 3. Publish latency at this size.
  if (!args['skip-publish'] && !apiOnly) {
    const portal = await startLocalPortal({ port: 0, stateDir, credentials, log: () => {} });
    try {
      const title = `Đo độ trễ xuất bản ${Date.now()}`;
      const t0 = Date.now();
      const res = await fetch(`${portal.url}/api/v1/disclosures`, {
        method: 'POST',
        headers: { authorization: `Bearer ${credentials.apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title, category: 'ngan-sach', issuedOn: '2026-01-05', issuer: 'UBND', summary: 'Đo độ trễ.', channels: ['portal'], postingStart: '2026-01-05', permanent: true, publish: true }),
      });
      const { slug } = (await res.json()) as { slug: string };
      while (Date.now() - t0 < 900_000) {
        if ((await fetch(`${portal.url}${disclosurePath({ slug })}`)).status === 200) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      report(`\npublish latency at ${N} disclosures (API write → page served): ${((Date.now() - t0) / 1000).toFixed(1)} s (goal ≤ 30 s)`);
    } finally {
      await portal.close();
    }
  }

  // 4. API under load, beside the bare baseline, all on wrangler dev with the same local D1.
  if (!args['skip-api']) {
    const assets = ['--assets', join(dir, 'ours', 'client')];
    const start = (config: string, port: number, extra: string[] = []) =>
      startWrangler(['dev', '-c', config, '--persist-to', stateDir, '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(port + 1), '--show-interactive-dev-session=false', '--log-level', 'error', ...extra]);
    const up = async (url: string) => {
      for (let i = 0; i < 300; i++) {
        try {
          if ((await fetch(url)).status < 500) return;
        } catch {
          // starting
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    // --against <commit>: that commit's Worker as a third server, measured in the same rounds, so
    // a change is compared on the same data and under the same load of the machine.
    const against = args.against ? join(dir, 'against') : null;
    if (against) {
      await mkdir(against);
      execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${args.against}" | tar -x -C "${against}"`]);
      await symlink(join(ROOT, 'node_modules'), join(against, 'node_modules'));
    }
    const servers: Record<string, string> = { ours: 'http://127.0.0.1:18787', bare: 'http://127.0.0.1:18797', ...(against ? { [args.against!]: 'http://127.0.0.1:18807' } : {}) };
    const children: ChildProcess[] = [start('wrangler.toml', 18787, assets), start('bench/wrangler.bare.toml', 18797), ...(against ? [start(join(against, 'wrangler.toml'), 18807, assets)] : [])];
    try {
      for (const [name, url] of Object.entries(servers)) await up(name === 'bare' ? `${url}/item/1` : `${url}/api/v1/health`);
      const auth = { authorization: `Bearer ${credentials.apiToken}` };
      const seconds = Number(args['api-seconds']);
      const load = async (opts: autocannon.Options) => {
        // Two seconds first, not counted: the first requests of an isolate compile its code.
        await autocannon({ connections: 10, ...opts, duration: 2 });
        const r = await autocannon({ connections: 10, duration: seconds, ...opts });
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
      const rounds = Number(args.rounds);
      const overheads: Record<string, number[]> = {};
      for (let round = 1; round <= rounds; round++) {
        const rows = new Map<(typeof cases)[number], Awaited<ReturnType<typeof load>>>();
        // Every other round in reverse order, so that no server is always measured first.
        for (const c of round % 2 ? cases : [...cases].reverse()) rows.set(c, await load(c.opts));
        report(`\n| API, 10 connections, ${seconds} s${rounds > 1 ? `, round ${round} of ${rounds}` : ''} | req/s | p50 ms | p99 ms | errors |`);
        report('| --- | --- | --- | --- | --- |');
        for (const c of cases) {
          const r = rows.get(c)!;
          report(`| ${c.kind}: ${c.name} ${c.route} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
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
        report(`overhead (bare req/s ÷ ours): ${said.join('; ')} (goal ≤ 1.5×)`);
      }
      if (rounds > 1) {
        const median = (xs: number[]) => {
          const sorted = [...xs].sort((a, b) => a - b);
          return (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2;
        };
        report(`\nmedian overhead over ${rounds} rounds: ${Object.entries(overheads).map(([name, xs]) => `${name} ${median(xs).toFixed(2)}×`).join(', ')}`);
      }
    } finally {
      for (const c of children) c.kill('SIGTERM');
    }
  }

  // 5. Query plans at 100,000 rows.
  if (!apiOnly) {
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
        ['free slug (schema/db/disclosures.ts)', "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT s FROM (SELECT CASE i WHEN 1 THEN 'muc-5' ELSE 'muc-5' || '-' || i END AS s FROM n) WHERE NOT EXISTS (SELECT 1 FROM disclosures WHERE slug = s) LIMIT 1", []],
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
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

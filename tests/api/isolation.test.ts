import {
  applyD1Migrations,
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  waitOnExecutionContext,
  type D1Migration,
} from 'cloudflare:test';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker, { app } from '../../functions/index.ts';
import { consumePublish, publishIfTemplateChanged, requestPublish, type Render, type RenderTarget } from '../../functions/publish.ts';
import { communeEnv, destination } from '../../functions/tenancy.ts';
import { hashPassword, randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { API_SCOPE_CODES } from '../../schema/accounts/api-scopes.ts';
import { insertAccount, insertApiToken } from '../../schema/accounts/accounts.db.ts';
import { getPublishJob } from '../../schema/publishing/publish-jobs.db.ts';
import { communeRollup, readRollups, writeRollup } from '../../schema/province/province-view.db.ts';
import { rebuildSearchIndex, searchPortal } from '../../schema/publishing/search.db.ts';
import { parseProvince } from '../../schema/province/communes.ts';
import { matchServedHost, prefixedBucket, provinceOf, serveRegistry } from '../../schema/province/commune-registry.ts';
import { insertPublishJob, recordJobFailure } from '../../schema/publishing/publish-jobs.db.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createProvinceAdmin } from '../../schema/accounts/accounts.use-cases.ts';
import { storePage } from '../../functions/site-store.ts';
import {
  NOT_FOUND_PATH,
  PROVINCE_PATHS_PATH,
  PROVINCE_STAMP_HEADER,
  SITE_PATHS_PATH,
  storageKey,
  type PublishMessage,
} from '../../schema/publishing/publish-jobs.ts';
import { withRenderContext } from '../../site/src/lib/render-context.ts';
import { renderDb } from '../../site/src/lib/render-db.ts';
import { call, sampleDisclosure } from '../helpers.ts';
import { migrateAnother } from '../fresh-storage.ts';
import { nationwideRegistry } from '../nationwide-registry.ts';

/**
 * Issue 24: many communes, one deployment. The Worker runs with a registry of two communes
 * (vitest.config.ts TEST_PROVINCE): xa-a on DB, phuong-b on DB_PHUONG_B. Commune B's host is
 * tried with commune A's API token, A's session cookie and A's record ids, on every operation of
 * the OpenAPI document, every admin, file and opinion route of the app, a stored page, a file and
 * search: nothing of A is read through B, and nothing of A (nor of B, for A's credentials) is written.
 */

type Json = Record<string, any>;
const testEnv = env as unknown as Env & { TEST_PROVINCE: string; DB_PHUONG_B: D1Database; TEST_PROVINCE_MIGRATIONS: D1Migration[] };
const A = 'xa-a.localhost';
const B = 'phuong-b.localhost';
const province = parseProvince(testEnv.TEST_PROVINCE);

/** A request from outside to `host`, through the Worker's fetch with the registry. */
async function on(host: string, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`http://${host}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

interface Official {
  email: string;
  password: string;
  token: string;
}

/** An approver with every scope, in one commune's database. */
async function officialIn(db: D1Database, name: string): Promise<Official> {
  const email = `${name}-${crypto.randomUUID()}@example.vn`;
  const password = `mat-khau-${crypto.randomUUID()}`;
  const now = new Date().toISOString();
  const accountId = await insertAccount(db, { email, displayName: name, role: 'approver', passwordHash: await hashPassword(password) }, now);
  const token = randomToken();
  await insertApiToken(db, { name: 'Mã thử nghiệm', tokenHash: await sha256Hex(token), accountId, scopes: API_SCOPE_CODES }, now);
  return { email, password, token };
}

async function login(host: string, official: Official): Promise<string> {
  const res = await on(host, '/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}` },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Every row of every table of a database, as one string: any write shows as a difference. */
async function fingerprint(db: D1Database): Promise<string> {
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'search_index%' ORDER BY name")
    .all<{ name: string }>();
  const parts: string[] = [];
  for (const { name } of results) parts.push(name, JSON.stringify((await db.prepare(`SELECT * FROM "${name}"`).all()).results));
  return sha256Hex(parts.join('\n'));
}

/**
 * The attacks tried in this file, by kind (a route × an attack kind is one request, or one pair
 * when the attack is compared with an anonymous request): printed once at the end.
 */
const tried = new Map<string, number>();
const count = (kind: string, n = 1) => tried.set(kind, (tried.get(kind) ?? 0) + n);
afterAll(() => {
  const total = [...tried.values()].reduce((a, b) => a + b, 0);
  console.log(`isolation total: ${total} routes × attack kinds tried (${[...tried].map(([k, n]) => `${k}: ${n}`).join('; ')})`);
});

// One word that appears only in A's rows and file, never in an address (a response that echoes
// the path asked for is no leak), and that search finds as a whole word.
const MARK_A = `bimatxaa${crypto.randomUUID().slice(0, 8)}`;
let officialA: Official;
let officialB: Official;
let cookieA: string;
let itemA: Json;
let fileA: Json;

// The Worker serves the registry as the deployed entry installs its bundled one
// (functions/worker.ts); the other test files run a single commune, so it is taken back after.
serveRegistry(testEnv.TEST_PROVINCE);
afterAll(() => serveRegistry(null));

beforeAll(async () => {
  await migrateAnother(testEnv.DB_PHUONG_B);
  // The province's own database: the rollups a commune's finished job writes (province migration 0002).
  await applyD1Migrations(env.PROVINCE_DB, testEnv.TEST_PROVINCE_MIGRATIONS);
  officialA = await officialIn(env.DB, `can-bo-${MARK_A}`);
  officialB = await officialIn(testEnv.DB_PHUONG_B, 'can-bo-phuong-b');
  cookieA = await login(A, officialA);
  const bearer = (o: Official) => ({ authorization: `Bearer ${o.token}`, 'content-type': 'application/json' });
  const created = await on(A, '/api/v1/disclosures', { method: 'POST', headers: bearer(officialA), body: JSON.stringify(sampleDisclosure({ summary: `Kế hoạch riêng của xã A: ${MARK_A}.`, publish: true })) });
  expect(created.status).toBe(201);
  itemA = (await created.json()) as Json;
  // B has a record of its own with the same id as A's: an id names a different record on each host.
  const createdB = await on(B, '/api/v1/disclosures', { method: 'POST', headers: bearer(officialB), body: JSON.stringify(sampleDisclosure({ publish: true })) });
  expect(createdB.status).toBe(201);
  expect(((await createdB.json()) as Json).id).toBe(itemA.id);
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode(`%PDF-1.4\n% ${MARK_A}\n%%EOF\n`)], 'quyet-dinh.pdf'));
  form.set('changeNote', 'Đính kèm');
  const uploaded = await on(A, `/api/v1/disclosures/${itemA.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${officialA.token}` }, body: form });
  expect(uploaded.status).toBe(201);
  fileA = (await uploaded.json()) as Json;
  // A stored citizen page of A, under A's prefix of the shared bucket.
  await env.SITE.put('xa-a/cong-khai/trang-cua-a/index.html', `<!doctype html><title>${MARK_A}</title>`);
});

/** Whether anything of A shows in a response: its body or its headers (a file's name). */
async function showsA(res: Response): Promise<boolean> {
  const text = await res.text();
  return text.includes(MARK_A) || [...res.headers.values()].some((v) => v.includes(MARK_A) || v.includes(encodeURIComponent(MARK_A)));
}

/** A path of the document or the app with A's record ids and names in its parameters. */
function withIdsOfA(path: string): string {
  return path
    .replace(/\{(\w+)\}|:(\w+)(\{[^}]*\})?/g, (_, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b)!;
      if (/name/i.test(name)) return encodeURIComponent(fileA.fileName ?? 'quyet-dinh.pdf');
      if (/attachment|file/i.test(name)) return String(fileA.id);
      if (/slug/i.test(name)) return itemA.slug;
      if (/period/i.test(name)) return '2025-Q1';
      if (/year/i.test(name)) return '2025';
      return String(itemA.id);
    })
    .replace(/\/\*$/, '/');
}

interface Operation {
  method: string;
  path: string;
  secured: boolean;
  body?: BodyInit;
  contentType?: string;
}

/** Every operation of the OpenAPI document, with A's ids and the document's example body. */
async function operations(): Promise<Operation[]> {
  const doc = (await (await on(A, '/api/v1/openapi.json')).json()) as Json;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = (op as Json).requestBody?.content ?? {};
      const secured = ((op as Json).security ?? doc.security ?? []).length > 0;
      const operation: Operation = { method: method.toUpperCase(), path: withIdsOfA(path), secured };
      if (content['application/json']) {
        operation.body = JSON.stringify(content['application/json'].example ?? {});
        operation.contentType = 'application/json';
      } else if (content['multipart/form-data']) {
        const form = new FormData();
        form.set('file', new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'thu.pdf'));
        operation.body = form;
      }
      out.push(operation);
    }
  }
  return out;
}

/** The app's own routes that are not the API: admin pages and forms, files, opinions. */
function otherRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((r) => (r.method === 'GET' || r.method === 'POST') && !r.path.startsWith('/api/') && !r.path.includes('*'))
    .map((r) => ({ method: r.method, path: withIdsOfA(r.path) }))
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && Boolean(seen.add(`${r.method} ${r.path}`)));
}

function request(op: { method: string; body?: BodyInit; contentType?: string }, headers: Record<string, string>): RequestInit {
  const body = op.body instanceof FormData ? (() => {
    const copy = new FormData();
    for (const [k, v] of op.body.entries()) copy.append(k, v);
    return copy;
  })() : op.body;
  return { method: op.method, headers: { ...(op.contentType ? { 'content-type': op.contentType } : {}), ...headers }, body: op.method === 'GET' ? undefined : body, redirect: 'manual' };
}

describe('commune B answers nothing of commune A', () => {
  it('on every API operation, admin and file route, a stored page and a file: with A\'s token, A\'s session cookie and A\'s record ids', async () => {
    const api = await operations();
    const others = otherRoutes();
    expect(api.length).toBeGreaterThan(40);
    expect(others.some((r) => r.path.startsWith('/admin'))).toBe(true);
    const beforeA = await fingerprint(env.DB);
    const beforeB = await fingerprint(testEnv.DB_PHUONG_B);
    const origin = { origin: `http://${B}` };
    let tries = 0;
    const leaks: string[] = [];
    const check = async (label: string, res: Response, expectStatus?: number) => {
      tries++;
      count(label.split(' ')[0]!);
      if (expectStatus !== undefined && res.status !== expectStatus) leaks.push(`${label}: status ${res.status}, expected ${expectStatus}`);
      if (await showsA(res)) leaks.push(`${label}: shows A's data`);
    };

    // 1. A's token on B's host: B does not know it (401), on every secured operation.
    for (const op of api) {
      const res = await on(B, op.path, request(op, { authorization: `Bearer ${officialA.token}`, ...origin }));
      await check(`token ${op.method} ${op.path}`, res, op.secured ? 401 : undefined);
    }
    // 2. A's session cookie on B's host: B answers as to no one (the same status as without a cookie).
    for (const op of [...api, ...others]) {
      const anonymous = await on(B, op.path, request(op, origin));
      await anonymous.body?.cancel();
      const res = await on(B, op.path, request(op, { cookie: cookieA, ...origin }));
      await check(`cookie ${op.method} ${op.path}`, res, anonymous.status);
    }
    // Neither credential wrote anything, in A or in B.
    expect(await fingerprint(env.DB)).toBe(beforeA);
    expect(await fingerprint(testEnv.DB_PHUONG_B)).toBe(beforeB);

    // 3. A's record ids with B's own token: B's records or nothing, never A's; nothing of A written.
    for (const op of api) {
      const res = await on(B, op.path, request(op, { authorization: `Bearer ${officialB.token}`, ...origin }));
      await check(`ids ${op.method} ${op.path}`, res);
    }
    // A's stored page and file, by their addresses, on B's host.
    await check('page /cong-khai/trang-cua-a/', await on(B, '/cong-khai/trang-cua-a/'));
    await check(`file ${fileA.url}`, await on(B, new URL(fileA.url, 'http://x').pathname));
    expect(await fingerprint(env.DB)).toBe(beforeA);

    const kinds = 3;
    console.log(`isolation: ${api.length} API operations × ${kinds} attack kinds + ${others.length} admin/file/opinion routes × 1 (cookie) + stored page + file = ${tries} requests tried; ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    // About 700 requests through the Worker, each waited on: seconds, not the default 5.
  }, 120_000);

  it('a sample of the same addresses (an API read, a stored page, a file, the admin) on A\'s own host do show A: the checks above can see a leak', async () => {
    expect(await showsA(await on(A, `/api/v1/disclosures/${itemA.id}`, { headers: { authorization: `Bearer ${officialA.token}` } }))).toBe(true);
    expect(await showsA(await on(A, '/cong-khai/trang-cua-a/'))).toBe(true);
    const file = await on(A, new URL(fileA.url, 'http://x').pathname);
    expect(file.status).toBe(200);
    expect(await showsA(file)).toBe(true);
    const admin = await on(A, '/admin', { headers: { cookie: cookieA } });
    expect(admin.status).toBe(200);
  });

  it('refuses A\'s token on B\'s host after A\'s token wrote on A: 401 for a valid and an invalid body, nothing of B written', async () => {
    const json = { authorization: `Bearer ${officialA.token}`, 'content-type': 'application/json' };
    // A write on A's host: the isolate now remembers A's token for guarded writes.
    const onA = await on(A, '/api/v1/disclosures', { method: 'POST', headers: { ...json, origin: `http://${A}` }, body: JSON.stringify(sampleDisclosure()) });
    expect(onA.status).toBe(201);
    const beforeB = await fingerprint(testEnv.DB_PHUONG_B);
    // The same token on B's host: unknown there, refused before anything of B is read — a body B
    // would refuse (422, read against B's settings) still gets the 401 of a token B does not know.
    for (const body of [sampleDisclosure(), { ...sampleDisclosure(), title: '' }]) {
      const onB = await on(B, '/api/v1/disclosures', { method: 'POST', headers: { ...json, origin: `http://${B}` }, body: JSON.stringify(body) });
      expect(onB.status).toBe(401);
    }
    expect(await fingerprint(testEnv.DB_PHUONG_B)).toBe(beforeB);
  });

  it('refuses A\'s session cookie on B\'s admin: the login page, not A\'s home', async () => {
    const res = await on(B, '/admin', { headers: { cookie: cookieA }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/admin\/dang-nhap/);
  });

  it('search: a render for B reads B\'s database, where A\'s words are not found', async () => {
    await rebuildSearchIndex(env.DB);
    await rebuildSearchIndex(testEnv.DB_PHUONG_B);
    // The site's renderer reads the registry the Worker serves (schema/province/commune-registry.ts).
    const search = (slug: string) =>
      withRenderContext(new Request(`http://${slug}.localhost/tim-kiem/`, { headers: { 'x-portal-commune': slug } }), () => searchPortal(renderDb(), MARK_A, { limit: 5, offset: 0 }));
    expect((await search('xa-a')).total).toBe(1);
    expect((await search('phuong-b')).total).toBe(0);
    // A slug the registry does not list renders nothing rather than someone's data.
    expect(() => withRenderContext(new Request('http://x/', { headers: { 'x-portal-commune': 'khong-co' } }), () => renderDb())).toThrow(/No database/);
  });
});

describe('hosts', () => {
  it('answers an unknown host 404 with a short Vietnamese page, and JSON under /api/', async () => {
    const page = await on('khong-co.localhost', '/');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Không có cổng thông tin ở địa chỉ này');
    const json = await on('khong-co.localhost', '/api/v1/health');
    expect(json.status).toBe(404);
    expect(((await json.json()) as Json).error.code).toBe('unknown_host');
    expect((await on('khong-co.localhost', '/admin')).status).toBe(404);
  });

  it('resolves every host of a registry of 3,321 communes (the country) with one look-up each', () => {
    const nationwide = nationwideRegistry();
    serveRegistry(JSON.stringify(nationwide));
    try {
      const parseStart = performance.now();
      expect(provinceOf().communes).toHaveLength(3321);
      const parseMs = performance.now() - parseStart;
      const hosts = nationwide.communes.flatMap((c) => [c.hosts[0]!, c.aliases[0]!]);
      // The look-up alone, 10 rounds of every host: what each request pays for its host.
      const start = performance.now();
      for (let round = 0; round < 10; round++) for (const host of hosts) matchServedHost(host);
      const perHostUs = ((performance.now() - start) * 1000) / (10 * hosts.length);
      console.log(`3,321 communes: registry parsed and indexed in ${parseMs.toFixed(0)} ms, ${hosts.length} hosts looked up at ${perHostUs.toFixed(2)} µs each`);
      const answers = hosts.map((host) => destination(new Request(`http://${host}/`), env));
      // A main host is its commune (whose D1 this test Worker does not bind: 503, said plainly);
      // an old host is a 301 to it; the last commune as fast as the first.
      const statuses = answers.map((d) => (d.kind === 'answer' ? d.response.status : d.kind));
      expect(statuses.filter((_, i) => i % 2 === 0).every((s) => s === 503)).toBe(true);
      expect(statuses.filter((_, i) => i % 2 === 1).every((s) => s === 301)).toBe(true);
      const last = answers.at(-1)!;
      expect(last.kind === 'answer' && last.response.headers.get('location')).toBe(`http://${nationwide.communes.at(-1)!.hosts[0]}/`);
      expect(destination(new Request('http://khong-co.localhost/'), env).kind).toBe('answer');
      // Generous bounds for a loaded 2-core machine; a scan of 3,321 communes per request would not need them.
      expect(parseMs).toBeLessThan(2000);
      expect(perHostUs).toBeLessThan(50);
    } finally {
      serveRegistry(testEnv.TEST_PROVINCE);
    }
  });

  it('sends an alias 301 to the main host, same path and query', async () => {
    const res = await on('xa-a-cu.localhost:8787', '/cong-khai/?trang=2', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('http://xa-a.localhost:8787/cong-khai/?trang=2');
  });

  it('serves the province host its own pages from _tinh/, and none of a commune\'s routes', async () => {
    await env.SITE.put('_tinh/index.html', '<!doctype html><title>Tỉnh</title>', { httpMetadata: { contentType: 'text/html; charset=utf-8' } });
    const home = await on('tinh.localhost', '/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Tỉnh');
    expect((await on('tinh.localhost', '/api/v1/disclosures', { headers: { authorization: `Bearer ${officialA.token}` } })).status).toBe(404);
    // The province's /admin is its administrator's (functions/routes/province-admin.tsx), not a commune's.
    const admin = await on('tinh.localhost', '/admin', { redirect: 'manual' });
    expect(admin.status).toBe(303);
    expect(admin.headers.get('location')).toBe('/admin/dang-nhap?tiep=%2Fadmin');
    const moved = await on('tinh.localhost', '/tinh/xa/?a=1', { redirect: 'manual' });
    expect(moved.headers.get('location')).toBe('/xa/?a=1');
  });
});

describe('GET /api/v1/communes', () => {
  it('lists the registry\'s communes, the same on every host, without a token', async () => {
    for (const host of [A, B, 'tinh.localhost']) {
      const res = await on(host, '/api/v1/communes');
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as Json;
      expect(items).toEqual(
        province.communes.map((c) => ({
          code: null,
          slug: c.slug,
          name: c.name,
          kind: c.kind,
          kindLabel: c.kind === 'xa' ? 'Xã' : 'Phường',
          mainHost: c.hosts[0],
          hosts: c.hosts,
          aliases: c.aliases,
          formedFrom: [],
          endedOn: null,
          illustration: true,
        })),
      );
    }
  });

  it('lists the one commune of a Worker without a registry', async () => {
    serveRegistry(null);
    try {
      const res = await call('/api/v1/communes');
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as Json;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ code: null, mainHost: 'localhost', hosts: ['localhost'] });
    } finally {
      serveRegistry(testEnv.TEST_PROVINCE);
    }
  });
});

describe('publishing per commune', () => {
  const site: Render = async (path) => {
    if (path === SITE_PATHS_PATH) return Response.json({ routes: [{ route: '/', paths: ['/'] }, { route: '/404/', paths: ['/404/'] }], left: [] });
    if (path === PROVINCE_PATHS_PATH) return Response.json(['/tinh/', '/tinh/xa/']);
    return new Response(`<!doctype html><title>${path}</title>`, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  };

  it('runs a commune\'s job with its database and prefix, renders it as that commune, then queues the province', async () => {
    const envB = communeEnv(env, province.communes[1]!);
    // A's stored page: B's full publish sweeps B's prefix only.
    await env.SITE.put('xa-a/cong-khai/cua-a/index.html', 'A');
    await env.SITE.put('phuong-b/cong-khai/da-xoa/index.html', 'B cũ');
    const job = await requestPublish(envB, 'thử');
    const targets: (RenderTarget | undefined)[] = [];
    const render: Render = (path, generation, target) => (targets.push(target), site(path, generation, target));
    const batch = createMessageBatch<PublishMessage>('cong-khai-xa-xuat-ban', [{ id: 'm1', timestamp: Date.now(), attempts: 1, body: { job, scope: { all: true }, commune: 'phuong-b' } }]);
    await consumePublish(batch, env, render);
    await expect(getQueueResult(batch, createExecutionContext())).resolves.toMatchObject({ explicitAcks: ['m1'] });
    expect(targets.every((t) => t?.commune === 'phuong-b')).toBe(true);
    expect(await env.SITE.head('phuong-b/index.html')).not.toBeNull();
    expect(await env.SITE.head('phuong-b/404.html')).not.toBeNull();
    expect(await env.SITE.head('phuong-b/cong-khai/da-xoa/index.html')).toBeNull();
    expect(await env.SITE.head('xa-a/cong-khai/cua-a/index.html')).not.toBeNull();
    // The job row is B's: A's database has no such job.
    expect((await getPublishJob(testEnv.DB_PHUONG_B, job))!.finishedAt).not.toBeNull();
    // The finished job rolled B up into the province's database, from B's database only...
    const [rolledA, rolledB] = await readRollups(env.PROVINCE_DB, province);
    expect(rolledA!.data).toBeNull();
    expect(rolledB!.data!.disclosures.map((d) => d.title)).toEqual(await titlesIn(testEnv.DB_PHUONG_B));
    // ...and, as that changed what the province shows, asked for its pages (one marker: at most one message pending).
    expect(await env.SITE.head('_tinh-cho-xuat-ban')).not.toBeNull();
  });

  /** A commune's public disclosures' titles, newest first, read from its own database. */
  const titlesIn = async (db: D1Database) =>
    (await db.prepare("SELECT title FROM disclosures WHERE status <> 'draft' ORDER BY published_at DESC, id DESC").all<{ title: string }>()).results.map((r) => r.title);

  const jobs = async (db: D1Database, reason: string) => (await db.prepare('SELECT count(*) AS n FROM publish_jobs WHERE reason = ?').bind(reason).first<{ n: number }>())!.n;

  it('runs the daily publish for every commune, each in its own database', async () => {
    const [beforeA, beforeB] = [await jobs(env.DB, 'daily'), await jobs(testEnv.DB_PHUONG_B, 'daily')];
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '5 17 * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await jobs(env.DB, 'daily')).toBe(beforeA + 1);
    expect(await jobs(testEnv.DB_PHUONG_B, 'daily')).toBe(beforeB + 1);
  });

  it('gives a commune with no page under its prefix a full publish, though its template version is claimed', async () => {
    const envA = communeEnv(env, province.communes[0]!);
    await publishIfTemplateChanged(envA, 'mau-thu');
    const first = await jobs(env.DB, 'templates mau-thu');
    expect(first).toBe(1);
    // Claimed, and still no 404 page under xa-a/: the pages were never stored under the prefix.
    await publishIfTemplateChanged(envA, 'mau-thu');
    expect(await jobs(env.DB, 'first publish under the province')).toBe(1);
    await env.SITE.put('xa-a/404.html', 'Không tìm thấy');
    await publishIfTemplateChanged(envA, 'mau-thu');
    expect(await jobs(env.DB, 'first publish under the province')).toBe(1);
    expect(await jobs(env.DB, 'templates mau-thu')).toBe(1);
  });

  it('stores the province\'s pages under _tinh/ without their /tinh', async () => {
    const targets: (RenderTarget | undefined)[] = [];
    const render: Render = (path, generation, target) => (targets.push(target), site(path, generation, target));
    const batch = createMessageBatch<PublishMessage>('cong-khai-xa-xuat-ban', [{ id: 'p1', timestamp: Date.now(), attempts: 1, body: { province: true } }]);
    await consumePublish(batch, env, render);
    expect(targets.every((t) => t?.province === true)).toBe(true);
    expect(await env.SITE.head('_tinh/index.html')).not.toBeNull();
    expect(await env.SITE.head('_tinh/xa/index.html')).not.toBeNull();
    expect(await env.SITE.head('_tinh-cho-xuat-ban')).toBeNull();
  });

  it('renders only what changed: the pages across communes, and the board page of a commune whose rollup changed', async () => {
    const listed = ['/tinh/', '/tinh/nghia-vu-cong-khai/phuong-b/', '/tinh/nghia-vu-cong-khai/xa-a/'];
    const rendered: string[] = [];
    const stamped: Render = async (path, generation, target) => {
      if (path === PROVINCE_PATHS_PATH) return Response.json(listed, { headers: { [PROVINCE_STAMP_HEADER]: 'ngay-1' } });
      rendered.push(path);
      return site(path, generation, target);
    };
    const run = async (id: string) => {
      rendered.length = 0;
      await consumePublish(createMessageBatch<PublishMessage>('cong-khai-xa-xuat-ban', [{ id, timestamp: Date.now(), attempts: 1, body: { province: true } }]), env, stamped);
      return [...rendered];
    };
    // A stamp no render had (a new day, say): every page.
    expect(await run('s1')).toEqual(listed);
    // No rollup changed since: the pages across communes only.
    expect(await run('s2')).toEqual(['/tinh/']);
    const data = await communeRollup(testEnv.DB_PHUONG_B, '2026-12-08');
    expect(await writeRollup(env.PROVINCE_DB, 'phuong-b', { ...data, demoData: !data.demoData }, new Date().toISOString())).toBe(true);
    expect(await run('s3')).toEqual(['/tinh/', '/tinh/nghia-vu-cong-khai/phuong-b/']);
    expect(await run('s4')).toEqual(['/tinh/']);
    await writeRollup(env.PROVINCE_DB, 'phuong-b', data, new Date().toISOString());
  });
});

/**
 * Every page type the site stores (site/src/pages, but the province's /tinh/): citizen pages,
 * feeds (Atom, ICS), embeds (/nhung/), open-data files (CSV, JSON) and the 404 page. Each is
 * stored for A, as the publish consumer stores it (storePage, under A's prefix), and asked for
 * at the same address on B's host: while B has no such page, and once B has its own.
 */
const PAGE_FILES = Object.keys(import.meta.glob('../../site/src/pages/**/*.{astro,ts}'));
const PARAMS: Record<string, string> = { slug: 'trang-cua-a', category: 'ngan-sach', page: '2', dataset: 'cong-khai', period: '2025-Q1', key: 'buoi-a', matter: 'noi-dung-a' };

/** A page file's address with sample parameters: `cong-khai/[slug]/index.astro` → `/cong-khai/trang-cua-a/`. */
function pathOfPageFile(file: string): string {
  const route = file
    .replace(/^.*\/site\/src\/pages/, '')
    .replace(/\[(\w+)\]/g, (_, name: string) => PARAMS[name] ?? name)
    .replace(/\.ts$/, '');
  if (route.endsWith('.astro')) return route.replace(/(index)?\.astro$/, (_, index?: string) => (index ? '' : '/')).replace(/([^/])$/, '$1/');
  return route;
}

/** A body of the page's type holding `mark` (a feed must be well-formed XML to be stored). */
function pageBody(path: string, mark: string): Response {
  if (path.endsWith('.xml')) return new Response(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>${mark}</title></feed>`);
  if (path.endsWith('.ics')) return new Response(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:${mark}\r\nEND:VCALENDAR\r\n`);
  if (path.endsWith('.json')) return Response.json({ mark });
  if (path.endsWith('.csv')) return new Response(`ten\r\n${mark}\r\n`);
  if (path.endsWith('.txt')) return new Response(`# ${mark}\n`);
  return new Response(`<!doctype html><title>${mark}</title>`, { headers: { 'content-type': 'text/html; charset=utf-8' } });
}

describe('stored pages, feeds, embeds and open data of A on B\'s host', () => {
  const paths = PAGE_FILES.filter((f) => !/\/pages\/tinh\//.test(f)).map(pathOfPageFile);

  it('lists every page type of the site (the glob found the pages)', () => {
    expect(paths).toEqual(expect.arrayContaining(['/', '/cong-khai/trang-cua-a/', '/cong-khai.xml', '/lich-tiep-cong-dan.ics', '/nhung/cong-khai-moi/', '/du-lieu/cong-khai.csv', '/du-lieu/cong-khai.json', '/404/']));
    expect(paths.length).toBeGreaterThan(40);
  });

  it('answers B\'s page or B\'s 404, never A\'s, for each of them', async () => {
    const MARK_B = `riengphuongb${crypto.randomUUID().slice(0, 8)}`;
    const siteA = prefixedBucket(env.SITE, 'xa-a/');
    const siteB = prefixedBucket(env.SITE, 'phuong-b/');
    const leaks: string[] = [];
    // What a stored page looks like on B when B has not published one: its 404, or nothing of A.
    const missing = (path: string) => (path === NOT_FOUND_PATH ? `/khong-co-${crypto.randomUUID().slice(0, 8)}/` : path);
    // The pages B already has (the publishing tests above stored some) are B's own: a 200 there is no leak.
    const hadOwn = new Set<string>();
    for (const path of paths) if (await siteB.head(storageKey(missing(path)))) hadOwn.add(path);
    for (const path of paths) await storePage(siteA, path, pageBody(path, MARK_A), []);
    for (const path of paths) {
      const control = await on(A, missing(path));
      if (!(await showsA(control))) leaks.push(`${path}: A's own host does not show A's page (the check is blind)`);
      const empty = await on(B, missing(path));
      count('page of A on B (B has none)');
      // B has published nothing: its 503 "being published" (functions/site-store.ts), or a 404.
      if (empty.status !== 404 && empty.status !== 503 && !hadOwn.has(path)) leaks.push(`${path}: B without the page answers ${empty.status}, expected 404 or 503`);
      if (await showsA(empty)) leaks.push(`${path}: B without the page shows A's`);
    }
    for (const path of paths) await storePage(siteB, path, pageBody(path, MARK_B), []);
    for (const path of paths) {
      const own = await on(B, missing(path));
      count('page of A on B (B has its own)');
      const text = await own.clone().text();
      if (!text.includes(MARK_B)) leaks.push(`${path}: B does not answer its own page`);
      if (await showsA(own)) leaks.push(`${path}: B shows A's page`);
    }
    // An embed keeps its framing rule per commune: B's embed page is served as B stored it.
    const embed = await on(B, '/nhung/cong-khai-moi/');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(leaks).toEqual([]);
    // 47 page types, each asked on two hosts: 1.7 s alone, 8 s under a loaded CI machine.
  }, 30_000);
});

describe('a DOCX report of A with A\'s ids on B\'s host', () => {
  const docxText = async (res: Response) => strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!).replace(/<[^>]+>/g, '');
  const bearer = (o: Official) => ({ authorization: `Bearer ${o.token}`, 'content-type': 'application/json' });

  it('gives A\'s Word file on A only: B answers its login page, its 404 or its own report', async () => {
    const draft = async (host: string, o: Official, mark: string) => {
      const created = await on(host, '/api/v1/reports', { method: 'POST', headers: bearer(o), body: JSON.stringify({ kind: 'half', year: 2031, number: 1 }) });
      expect(created.status).toBe(201);
      const report = (await created.json()) as Json;
      const saved = await on(host, `/api/v1/reports/${report.id}`, { method: 'PUT', headers: bearer(o), body: JSON.stringify({ version: report.version, leadership: `Nhận định riêng ${mark}.` }) });
      expect(saved.status).toBe(200);
      return report.id as number;
    };
    const idA = await draft(A, officialA, MARK_A);
    const path = `/admin/bao-cao/${idA}/tai-ve.docx`;
    // The check can see A's words in a Word file: A's own download holds them.
    const own = await on(A, path, { headers: { cookie: cookieA } });
    expect(own.status).toBe(200);
    expect(await docxText(own)).toContain(MARK_A);
    // A's cookie on B: B's login page.
    const withCookieA = await on(B, path, { headers: { cookie: cookieA }, redirect: 'manual' });
    count('docx: A\'s cookie and id on B');
    expect(withCookieA.status).toBe(303);
    expect(await showsA(withCookieA)).toBe(false);
    // B's official with A's id: B's report of that id if B has one (the file's earlier tests may
    // have made one through the API's examples), else 404; never A's.
    const cookieB = await login(B, officialB);
    const byIdOnB = async () => {
      const res = await on(B, path, { headers: { cookie: cookieB } });
      expect([200, 404]).toContain(res.status);
      return res.status === 200 ? docxText(res) : res.text();
    };
    count('docx: A\'s id with B\'s cookie');
    expect(await byIdOnB()).not.toContain(MARK_A);
    // The API's DOCX for A's period with A's token on B: refused; with B's token: B's figures, not A's text.
    const tokenA = await on(B, '/api/v1/reports/docx?kind=half&year=2031&number=1', { headers: { authorization: `Bearer ${officialA.token}` } });
    count('docx: A\'s token and period on B');
    expect(tokenA.status).toBe(401);
    const apiB = await on(B, '/api/v1/reports/docx?kind=half&year=2031&number=1', { headers: { authorization: `Bearer ${officialB.token}` } });
    count('docx: A\'s period with B\'s token');
    expect(apiB.status).toBe(200);
    expect(await docxText(apiB)).not.toContain(MARK_A);
    // B's own report for A's period: B's cookie downloads B's words at B's id, and at A's id
    // still nothing of A.
    const MARK_B = `baocaophuongb${crypto.randomUUID().slice(0, 8)}`;
    const idB = await draft(B, officialB, MARK_B);
    const ownB = await on(B, `/admin/bao-cao/${idB}/tai-ve.docx`, { headers: { cookie: cookieB } });
    expect(ownB.status).toBe(200);
    const textB = await docxText(ownB);
    expect(textB).toContain(MARK_B);
    expect(textB).not.toContain(MARK_A);
    count('docx: A\'s id with B\'s cookie, once B has reports');
    const again = await byIdOnB();
    expect(again).not.toContain(MARK_A);
    if (idB === idA) expect(again).toContain(MARK_B);
  });
});

describe('the province administrator', () => {
  const TINH = 'tinh.localhost';
  const MARK_P = `quantritinh${crypto.randomUUID().slice(0, 8)}`;
  const admin = { email: `${MARK_P}@tinh.example.vn`, password: `mat-khau-${crypto.randomUUID()}`, token: '' };
  let cookieP: string;
  const form = (host: string, fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${host}`, ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  const audit = async (db: D1Database, action: string) =>
    (await db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = ? AND entity = 'account'").bind(action).first<{ n: number }>())!.n;

  beforeAll(async () => {
    await applyD1Migrations(env.PROVINCE_DB, testEnv.TEST_PROVINCE_MIGRATIONS);
    await createProvinceAdmin({ db: env.PROVINCE_DB, actor: scriptActor('thử'), now: new Date().toISOString() }, { email: admin.email, displayName: `Quản trị ${MARK_P}`, password: admin.password });
    const res = await on(TINH, '/admin/dang-nhap', form(TINH, { email: admin.email, password: admin.password }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/');
    const setCookie = res.headers.get('set-cookie')!;
    // The commune admin's cookie rules, under a name of its own.
    expect(setCookie).toMatch(/^__Host-tinh-session=[^;]+; /);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).not.toMatch(/Domain=/i);
    cookieP = setCookie.split(';')[0]!;
  });

  it('lists each commune with its publish state, read from its own database, and links to the duty board', async () => {
    // After every job the file's earlier tests finished in B (the Worker's clock stands still between I/O).
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const failed = await insertPublishJob(testEnv.DB_PHUONG_B, 'thử', { all: true }, at);
    await recordJobFailure(testEnv.DB_PHUONG_B, failed, `lỗi thử của phường B ${MARK_P}`, at);
    const home = await on(TINH, '/admin/', { headers: { cookie: cookieP } });
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect(home.headers.get('content-security-policy')).toBeTruthy();
    const html = await home.text();
    const rowOf = (name: string) => /<tr>(?:(?!<\/tr>)[\s\S])*<\/tr>/g.exec(html.slice(html.indexOf(name) - 200)) ?? [''];
    for (const c of province.communes) {
      expect(html).toContain(c.name);
      expect(html).toContain(`href="/nghia-vu-cong-khai/${c.slug}/"`);
      expect(html).toMatch(new RegExp(`href="http://${c.hosts[0]!.replace(/\./g, '\\.')}(:\\d+)?/"`));
    }
    // B's failure is on B's row, not A's.
    expect(rowOf('Phường B')[0]).toContain(`lỗi thử của phường B ${MARK_P}`);
    expect(rowOf('Xã A')[0]).not.toContain(MARK_P);
    expect(html).toContain('1 đơn vị có lần xuất bản lỗi');
  });

  it('logs in with the commune admin\'s rules: a wrong password is 401 and audited in the province database only; no Origin is 403', async () => {
    const [beforeP, beforeA] = [await audit(env.PROVINCE_DB, 'login-failed'), await audit(env.DB, 'login-failed')];
    const wrong = await on(TINH, '/admin/dang-nhap', form(TINH, { email: admin.email, password: 'sai-mat-khau-hoan-toan' }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await audit(env.PROVINCE_DB, 'login-failed')).toBe(beforeP + 1);
    expect(await audit(env.DB, 'login-failed')).toBe(beforeA);
    const crossSite = await on(TINH, '/admin/dang-nhap', form(TINH, { email: admin.email, password: admin.password }, { origin: 'http://ke-gian.example' }));
    expect(crossSite.status).toBe(403);
    // The stored password is a PBKDF2 hash, never the password.
    const stored = await env.PROVINCE_DB.prepare('SELECT password_hash FROM accounts WHERE email = ?').bind(admin.email).first<{ password_hash: string }>();
    expect(stored!.password_hash).not.toContain(admin.password);
    expect(stored!.password_hash).toMatch(/pbkdf2/i);
  });

  it('is worth nothing on a commune\'s host: cookie (under either name) and password, on every admin route', async () => {
    const token = cookieP.split('=')[1]!;
    const routes = otherRoutes().filter((r) => r.path.startsWith('/admin'));
    const beforeA = await fingerprint(env.DB);
    const beforeB = await fingerprint(testEnv.DB_PHUONG_B);
    const problems: string[] = [];
    for (const host of [A, B]) {
      for (const route of routes) {
        const anonymous = await on(host, route.path, request(route, { origin: `http://${host}` }));
        await anonymous.body?.cancel();
        for (const cookie of [cookieP, `__Host-session=${token}`]) {
          const res = await on(host, route.path, request(route, { cookie, origin: `http://${host}` }));
          count('province admin\'s cookie on a commune');
          const text = await res.text();
          if (res.status !== anonymous.status) problems.push(`${host} ${route.method} ${route.path}: ${res.status}, anonymous ${anonymous.status}`);
          if (text.includes(MARK_P)) problems.push(`${host} ${route.method} ${route.path}: shows the province admin`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(await fingerprint(env.DB)).toBe(beforeA);
    expect(await fingerprint(testEnv.DB_PHUONG_B)).toBe(beforeB);
    // Its password is unknown there (the attempt is counted as any wrong login is).
    for (const host of [A, B]) {
      const password = await on(host, '/admin/dang-nhap', form(host, { email: admin.email, password: admin.password }));
      count('province admin\'s password on a commune');
      expect(password.status).toBe(401);
    }
    // About 500 requests through the Worker.
  }, 120_000);

  it('refuses a commune official\'s cookie (under either name), token and password on the province host', async () => {
    const token = cookieA.split('=')[1]!;
    const attempts: Record<string, string>[] = [{ cookie: cookieA }, { cookie: `__Host-tinh-session=${token}` }, { authorization: `Bearer ${officialA.token}` }];
    for (const headers of attempts) {
      for (const path of ['/admin', '/admin/']) {
        const res = await on(TINH, path, { headers, redirect: 'manual' });
        count('commune credential on the province');
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toMatch(/^\/admin\/dang-nhap\?tiep=/);
      }
    }
    const password = await on(TINH, '/admin/dang-nhap', form(TINH, { email: officialA.email, password: officialA.password }));
    count('commune official\'s password on the province');
    expect(password.status).toBe(401);
  });

  it('logs out: the session is gone from the province database', async () => {
    const res = await on(TINH, '/admin/dang-xuat', { method: 'POST', headers: { cookie: cookieP, origin: `http://${TINH}` }, redirect: 'manual' });
    expect(res.status).toBe(303);
    const after = await on(TINH, '/admin/', { headers: { cookie: cookieP }, redirect: 'manual' });
    expect(after.status).toBe(303);
  });
});

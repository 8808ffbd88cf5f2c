import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_LEASE_SECONDS } from '../../schema/core/idempotency.db.ts';
import { api, call, FROM_CLOUDFLARE, makeOfficial, ORIGIN, sampleDisclosure } from '../helpers.ts';

/** Issue 16: the login limit, idempotency leases, reserved slugs, paging and admin caching. */

type Json = Record<string, any>;

function login(email: string, password: string, address: string) {
  return call('/admin/dang-nhap', {
    ...FROM_CLOUDFLARE,
    method: 'POST',
    // A unique address per test keeps this test's attempts off every other test's address count.
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': address },
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
}

describe('POST /admin/dang-nhap', () => {
  it('of 40 concurrent wrong passwords for one account, at most 5 are checked and the rest get 429', async () => {
    const official = await makeOfficial();
    const address = `race-${crypto.randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 40 }, () => login(official.email, 'sai-mat-khau', address)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
  });

  it('a successful login after four failures takes its attempts back: five more failures are checked', async () => {
    const official = await makeOfficial();
    const address = `ok-${crypto.randomUUID()}`;
    for (let i = 0; i < 4; i++) expect((await login(official.email, 'sai-mat-khau', address)).status).toBe(401);
    expect((await login(official.email, official.password, address)).status).toBe(303);
    for (let i = 0; i < 5; i++) expect((await login(official.email, 'sai-mat-khau', address)).status).toBe(401);
    expect((await login(official.email, official.password, address)).status).toBe(429);
  });
});

describe('Idempotency-Key lease', () => {
  it(`a retry takes over a claim left without an answer for longer than ${IDEMPOTENCY_LEASE_SECONDS} s`, async () => {
    const official = await makeOfficial();
    const body = sampleDisclosure();
    const key = crypto.randomUUID();
    const first = await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    // As a crash leaves it: the claim is there, the answer never stored, the clock moved on.
    const stale = new Date(Date.now() - (IDEMPOTENCY_LEASE_SECONDS + 5) * 1000).toISOString();
    await env.DB.prepare('UPDATE idempotency_keys SET status = NULL, body = NULL, created_at = ? WHERE key = ?').bind(stale, key).run();
    await env.DB.prepare('DELETE FROM disclosures WHERE title = ?').bind(body.title).run();
    const retry = await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const stored = await env.DB.prepare('SELECT status FROM idempotency_keys WHERE key = ?').bind(key).first<{ status: number }>();
    expect(stored!.status).toBe(201);
  });

  it('a claim within its lease still answers 409 in_progress', async () => {
    const official = await makeOfficial();
    const body = sampleDisclosure();
    const key = crypto.randomUUID();
    expect((await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key })).status).toBe(201);
    const fresh = new Date(Date.now() - 5_000).toISOString();
    await env.DB.prepare('UPDATE idempotency_keys SET status = NULL, body = NULL, created_at = ? WHERE key = ?').bind(fresh, key).run();
    const retry = await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key });
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as Json).error.code).toBe('in_progress');
  });
});

describe('POST /api/v1/disclosures: slugs', () => {
  // The folders of site/src/pages/cong-khai/: list pages and category pages.
  it.each([
    ['Trang', 'trang'],
    ['Danh mục', 'danh-muc'],
  ])('a disclosure titled "%s" does not take the slug %s the site uses', async (title, segment) => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Json;
    expect(created.slug).not.toBe(segment);
    expect(created.slug).toMatch(new RegExp(`^cong-khai-${segment}(-\\d+)?$`));
  });
});

describe('GET /api/v1/disclosures?page=', () => {
  it('refuses a page number above 1,000,000 with a Vietnamese 422', async () => {
    const official = await makeOfficial();
    for (const page of ['100000000000000000000', '9007199254740991', '1000000000000000', '1000001']) {
      const res = await api(official, 'GET', `/api/v1/disclosures?page=${page}`);
      expect(res.status, page).toBe(422);
      const text = await res.text();
      expect(text, page).toContain('Số trang phải từ 1 đến 1.000.000');
    }
    expect((await api(official, 'GET', '/api/v1/disclosures?page=1000000')).status).toBe(200);
  });
});

describe('Cache-Control on /admin', () => {
  it('the page that shows a new API token once is no-store', async () => {
    const official = await makeOfficial();
    const signIn = await login(official.email, official.password, `cache-${crypto.randomUUID()}`);
    expect(signIn.headers.get('cache-control')).toBe('no-store');
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const res = await call('/admin/ma-api', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie },
      body: new URLSearchParams({ name: 'Mã đồng bộ', scopes: 'disclosures:read' }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('chỉ hiện một lần');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await call('/admin/dang-nhap')).headers.get('cache-control')).toBe('no-store');
  });
});

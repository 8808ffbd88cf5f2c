import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../functions/index.ts';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { listAuditFor } from '../../schema/accounts/audit.db.ts';
import { api, countRows, makeOfficial, ORIGIN, sampleDisclosure, type Official } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * Issue 23.6: an API read sends its bearer-token check in the same D1 batch as its queries, and
 * a draft is created in one batch after the token check. These tests hold what must not weaken
 * (a refused token answers 401 or 403 and nothing of the read) and the round trips themselves.
 */

const revoke = (o: Official) => env.DB.prepare('UPDATE api_tokens SET revoked_at = ? WHERE account_id = ?').bind(new Date().toISOString(), o.accountId).run();
const disable = (o: Official) => env.DB.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?').bind(new Date().toISOString(), o.accountId).run();

async function draft(official: Official, title = sampleDisclosure().title): Promise<Json> {
  const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title }));
  expect(res.status).toBe(201);
  return (await res.json()) as Json;
}

/**
 * The real local D1, with each call that reaches the database written down: `first`, `all`,
 * `run`, `raw` of a statement and `batch`. Each is one round trip.
 */
function countingDb(db: D1Database) {
  const trips: string[] = [];
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, key) {
        if (key === 'bind') return (...values: unknown[]) => wrap(target.bind(...values));
        if (key === 'first' || key === 'all' || key === 'run' || key === 'raw') {
          return (...args: unknown[]) => {
            trips.push(key);
            return (target[key] as (...a: unknown[]) => unknown)(...args);
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    real.set(proxy, statement);
    return proxy;
  };
  const counted = {
    prepare: (sql: string) => wrap(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => {
      trips.push('batch');
      return db.batch(statements.map((s) => real.get(s) ?? s));
    },
    exec: (sql: string) => {
      trips.push('exec');
      return db.exec(sql);
    },
    withSession: () => {
      throw new Error('not used by the API');
    },
    dump: () => db.dump(),
  } as unknown as D1Database;
  return { db: counted, trips };
}

/** Sends a request to the Worker with the counting D1; the trips are those made before the answer. */
async function tripsOf(official: Official, method: string, path: string, body?: unknown) {
  const { db, trips } = countingDb(env.DB);
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: { authorization: `Bearer ${official.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const res = await worker.fetch(request, { ...env, DB: db }, ctx);
  const before = [...trips];
  await waitOnExecutionContext(ctx);
  return { res, trips: before };
}

describe('GET /api/v1/disclosures with the token checked in the batch', () => {
  it('reads one item in one round trip, and the list (page and total) in one', async () => {
    const official = await makeOfficial();
    const item = await draft(official);
    // The first request notes "last used"; later ones within the minute do not write.
    expect((await api(official, 'GET', `/api/v1/disclosures/${item.id}`)).status).toBe(200);
    const one = await tripsOf(official, 'GET', `/api/v1/disclosures/${item.id}`);
    expect(one.res.status).toBe(200);
    expect(((await one.res.json()) as Json).title).toBe(item.title);
    expect(one.trips).toEqual(['batch']);
    const list = await tripsOf(official, 'GET', '/api/v1/disclosures?status=draft');
    expect(list.res.status).toBe(200);
    expect(((await list.res.json()) as Json).total).toBeGreaterThan(0);
    expect(list.trips).toEqual(['batch']);
    const files = await tripsOf(official, 'GET', `/api/v1/disclosures/${item.id}/attachments`);
    expect(files.res.status).toBe(200);
    expect(files.trips).toEqual(['batch']);
  });

  it.each([
    ['a revoked token', revoke],
    ['the token of a disabled account', disable],
  ])('answers %s with 401 and nothing of the item or the list', async (_name, refuse) => {
    const official = await makeOfficial();
    const item = await draft(official);
    await refuse(official);
    for (const path of [`/api/v1/disclosures/${item.id}`, '/api/v1/disclosures?status=draft', `/api/v1/disclosures/${item.id}/attachments`]) {
      const res = await api(official, 'GET', path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      const text = await res.text();
      expect(text).toContain('unauthorized');
      expect(text).not.toContain(item.slug);
      expect(text).not.toContain('items');
    }
  });

  it('answers a token without the read scope with 403 and nothing of the item', async () => {
    const owner = await makeOfficial();
    const item = await draft(owner);
    const other = await makeOfficial(['reception:read']);
    const res = await api(other, 'GET', `/api/v1/disclosures/${item.id}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(item.slug);
  });

  it('answers a refused token with 401 even where a good token would get 404 or 422', async () => {
    const official = await makeOfficial();
    await revoke(official);
    // The route answers these before it reads: the token is checked after, and its 401 wins.
    for (const path of ['/api/v1/disclosures/khong-phai-so', '/api/v1/disclosures?page=2000000', '/api/v1/disclosures/999999999']) {
      expect((await api(official, 'GET', path)).status, path).toBe(401);
    }
    const live = await makeOfficial();
    expect((await api(live, 'GET', '/api/v1/disclosures/khong-phai-so')).status).toBe(404);
    expect((await api(live, 'GET', '/api/v1/disclosures?page=2000000')).status).toBe(422);
    expect((await api(live, 'GET', '/api/v1/disclosures/999999999')).status).toBe(404);
    expect((await api(live, 'GET', '/api/v1/disclosures/999999999/attachments')).status).toBe(404);
  });

  it('notes when the token was last used, as before', async () => {
    const official = await makeOfficial();
    const item = await draft(official);
    await env.DB.prepare('UPDATE api_tokens SET last_used_at = NULL WHERE account_id = ?').bind(official.accountId).run();
    const { res } = await tripsOf(official, 'GET', `/api/v1/disclosures/${item.id}`);
    expect(res.status).toBe(200);
    const row = await env.DB.prepare('SELECT last_used_at AS at FROM api_tokens WHERE token_hash = ?').bind(await sha256Hex(official.token)).first<{ at: string | null }>();
    expect(row!.at).not.toBeNull();
  });
});

describe('POST /api/v1/disclosures in one round trip', () => {
  it('checks a token it has not seen, then stores the draft and its audit row in one batch that picks the slug', async () => {
    const official = await makeOfficial();
    // Used a moment ago (elsewhere): this request has no "last used" to note.
    await env.DB.prepare('UPDATE api_tokens SET last_used_at = ? WHERE account_id = ?').bind(new Date().toISOString(), official.accountId).run();
    const { res, trips } = await tripsOf(official, 'POST', '/api/v1/disclosures', sampleDisclosure());
    expect(res.status).toBe(201);
    // The token lookup, then one batch: the INSERT (category and slug checked in it) and its audit row.
    expect(trips).toEqual(['all', 'batch']);
    const body = (await res.json()) as Json;
    expect((await listAuditFor(env.DB, 'disclosure', body.id)).map((a) => [a.action, a.actorAccountId])).toEqual([['create', official.accountId]]);
  });

  it('checks a token it has seen inside the batch that stores the draft', async () => {
    const official = await makeOfficial();
    await draft(official);
    const { res, trips } = await tripsOf(official, 'POST', '/api/v1/disclosures', sampleDisclosure());
    expect(res.status).toBe(201);
    expect(trips).toEqual(['batch']);
    const body = (await res.json()) as Json;
    expect((await listAuditFor(env.DB, 'disclosure', body.id)).map((a) => [a.action, a.actorAccountId])).toEqual([['create', official.accountId]]);
  });

  it.each([
    ['revoked', revoke],
    ['of an account disabled', disable],
  ])('answers a token seen before and %s since with 401, and stores nothing', async (_name, refuse) => {
    const official = await makeOfficial();
    await draft(official);
    await refuse(official);
    const [rows, audit] = [await countRows('disclosures'), await countRows('audit_log')];
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure());
    expect(res.status).toBe(401);
    expect(await countRows('disclosures')).toBe(rows);
    expect(await countRows('audit_log')).toBe(audit);
  });

  it('checks the role the account has now when it changed since the token was seen', async () => {
    const official = await makeOfficial();
    await draft(official);
    await env.DB.prepare("UPDATE accounts SET role = 'editor' WHERE id = ?").bind(official.accountId).run();
    const [rows, audit] = [await countRows('disclosures'), await countRows('audit_log')];
    // Publishing at once needs an approver: the editor it is now is refused.
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }));
    expect(res.status).toBe(403);
    expect(await countRows('disclosures')).toBe(rows);
    expect(await countRows('audit_log')).toBe(audit);
  });

  it('gives items created at once with one title the slug, then -2, -3, each with its audit row', async () => {
    const official = await makeOfficial();
    const title = `Thông báo lịch tiếp công dân ${crypto.randomUUID().slice(0, 8)}`;
    const created = await Promise.all([1, 2, 3].map(() => draft(official, title)));
    const base = created.map((c) => c.slug as string).sort()[0]!;
    expect(created.map((c) => c.slug).sort()).toEqual([base, `${base}-2`, `${base}-3`]);
    for (const c of created) expect((await listAuditFor(env.DB, 'disclosure', c.id)).map((a) => a.action)).toEqual(['create']);
  });

  it('takes the first free suffix when a title already ends in a number', async () => {
    const official = await makeOfficial();
    const title = `Kế hoạch ${crypto.randomUUID().slice(0, 8)}`;
    const first = await draft(official, title);
    const third = await draft(official, `${title} 3`);
    expect(third.slug).toBe(`${first.slug}-3`);
    expect((await draft(official, title)).slug).toBe(`${first.slug}-2`);
    expect((await draft(official, title)).slug).toBe(`${first.slug}-4`);
  });

  it.each([false, true])('refuses a category not in the list (publish: %s), naming the field, and stores nothing', async (publish) => {
    const official = await makeOfficial();
    const [rows, audit] = [await countRows('disclosures'), await countRows('audit_log')];
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ category: 'khong-co-muc-nay', publish }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error.fields).toEqual([{ field: 'category', message: expect.stringContaining('danh mục') }]);
    expect(await countRows('disclosures')).toBe(rows);
    expect(await countRows('audit_log')).toBe(audit);
  });

  it('answers a revoked token with 401 and stores nothing', async () => {
    const official = await makeOfficial();
    await revoke(official);
    const [rows, audit] = [await countRows('disclosures'), await countRows('audit_log')];
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure());
    expect(res.status).toBe(401);
    expect(await countRows('disclosures')).toBe(rows);
    expect(await countRows('audit_log')).toBe(audit);
  });
});

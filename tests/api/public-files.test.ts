import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { serve } from '../../functions/index.ts';
import { fileAnswerKey, storeFileAnswers } from '../../functions/public-files.ts';
import { api, call, makeOfficial, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * Issue 23's leftover: a citizen's download of a public file (`/tep/:id/:name`) reads R2 only.
 * "D1 down" is a binding whose every call fails as D1 fails when it cannot answer (the message
 * the Worker's error handler knows as unavailable): a route that asked it could not answer 200.
 */
const D1_DOWN = new Proxy({} as D1Database, {
  get() {
    return () => {
      throw new Error('D1_ERROR: D1 DB is overloaded. Too many requests queued.');
    };
  },
});

/** The Worker as a citizen reaches it, with D1 down. */
async function withD1Down(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await serve(new Request(`http://localhost${path}`, init), { ...env, DB: D1_DOWN }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

async function attach(official: Awaited<ReturnType<typeof makeOfficial>>, itemId: number, name: string): Promise<Json> {
  const form = new FormData();
  form.set('file', new File([new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`)], name));
  form.set('changeNote', `Đính kèm ${name}`);
  const res = await call(`/api/v1/disclosures/${itemId}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as Json;
}

describe('GET /tep/:id/:name with D1 down', () => {
  it('serves a public file, and its 304, from R2 alone; a withdrawn one answers 410 with the reason from R2 alone', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const file = await attach(official, item.id, 'Quyết định số 5.pdf');

    const served = await withD1Down(file.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('Quyết định số 5.pdf')}`);
    expect(served.headers.get('cache-control')).toBe('public, no-cache');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('etag')).toBe(`"${file.sha256}"`);
    expect(new TextDecoder().decode(await served.arrayBuffer())).toMatch(/^%PDF-1\.4/);
    expect((await withD1Down(file.url, { headers: { 'if-none-match': `"${file.sha256}"` } })).status).toBe(304);

    const current = (await (await api(official, 'GET', `/api/v1/disclosures/${item.id}`)).json()) as Json;
    const withdrawn = await api(official, 'POST', `/api/v1/disclosures/${item.id}/withdraw`, { version: current.version, reason: 'Văn bản đã được thay thế' });
    expect(withdrawn.status).toBe(200);
    // In force when the official reads the answer: no wait for the publish queue.
    for (const ask of [{}, { headers: { 'if-none-match': `"${file.sha256}"` } }]) {
      const gone = await withD1Down(file.url, ask);
      expect(gone.status).toBe(410);
      expect(gone.headers.get('cache-control')).toBe('no-store');
      const page = await gone.text();
      expect(page).toContain('Tệp “Quyết định số 5.pdf” đã được rút khỏi cổng thông tin. Lý do: Văn bản đã được thay thế.');
      expect(page).toContain(`href="/cong-khai/${item.slug}/"`);
    }
  }, 20_000);

  it('does not serve a draft\'s file: 404 to a citizen with D1 up, and nothing (503) with D1 down', async () => {
    const official = await makeOfficial();
    const draft = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const file = await attach(official, draft.id, 'Dự thảo.pdf');
    expect(await env.SITE.head(fileAnswerKey(file.id))).toBeNull();
    expect((await call(file.url)).status).toBe(404);
    expect((await withD1Down(file.url)).status).toBe(503);
  }, 20_000);
});

describe('storeFileAnswers, the daily pass over every file', () => {
  it('stores the answer of a public file that has none, replaces one a later change made stale, and removes one of a file that is gone', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const file = await attach(official, item.id, 'Phụ lục.pdf');
    // As if the write's storing had failed, or the file had been loaded by a script.
    await env.SITE.delete(fileAnswerKey(file.id));
    // A change in D1 the stored answer does not know yet; and the answer of a file that no longer exists.
    await env.DB.prepare("UPDATE attachments SET state = 'withdrawn', withdrawn_at = '2026-01-01', withdrawal_reason = 'Sai phụ lục' WHERE id = ?").bind(file.id).run();
    await env.SITE.put(fileAnswerKey(999_999), '', { customMetadata: { answer: 'public', v: 'cu' } });

    expect(await storeFileAnswers(env.DB, env.SITE)).toBeGreaterThanOrEqual(2);
    const gone = await withD1Down(file.url);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('Lý do: Sai phụ lục');
    expect(await env.SITE.head(fileAnswerKey(999_999))).toBeNull();
    // Nothing changed since: nothing written again.
    expect(await storeFileAnswers(env.DB, env.SITE)).toBe(0);
    // An answer is only its own file's: another name under the same id (an id used again after
    // D1 was restored to an earlier time) is not answered from R2 (here: D1 down, so 503).
    expect((await withD1Down(file.url.replace(/\/[^/]+$/, '/Tep-khac.pdf'))).status).toBe(503);
  }, 20_000);

  it('is never swept as a stale page, and never served as a page', async () => {
    expect((await call('/_tep/1')).status).not.toBe(200);
  });
});

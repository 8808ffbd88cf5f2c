import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listAuditFor } from '../../schema/accounts/audit.db.ts';
import { api, call, countRows, makeOfficial, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

describe('POST /api/v1/disclosures', () => {
  it('creates a draft, stores an audit row in the same batch, and answers 201', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure());
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body.status).toBe('draft');
    expect(body.version).toBe(1);
    expect(body.documentType).toBe('QĐ');
    expect(body.url).toBe(`/cong-khai/${body.slug}/`);
    const audit = await listAuditFor(env.DB, 'disclosure', body.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]!.actorAccountId).toBe(official.accountId);
  });

  it('publishes at once when asked', async () => {
    const official = await makeOfficial();
    const body = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    expect(body.status).toBe('published');
    expect(body.publishedAt).toEqual(expect.any(String));
  });

  it('never gives a slug of digits only (list pages live at /trang/N/)', async () => {
    const official = await makeOfficial();
    // A unique number as the whole title: slugify alone would make it a bare number.
    const number = String(Date.now()).slice(-9);
    const first = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title: number }))).json()) as Json;
    const second = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title: number }))).json()) as Json;
    expect(first.slug).toBe(`cong-khai-${number}`);
    expect(second.slug).toBe(`cong-khai-${number}-2`);
    expect(first.url).toBe(`/cong-khai/cong-khai-${number}/`);
  });

  it('rejects a document number without a type code, naming the field, and stores nothing', async () => {
    const official = await makeOfficial();
    const [before, auditBefore] = [await countRows('disclosures'), await countRows('audit_log')];
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ documentNumber: '28 KH UBND', category: 'khong-co' }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as Json;
    expect(body.error.code).toBe('validation');
    expect(body.error.fields).toEqual([
      { field: 'documentNumber', message: expect.stringContaining('28/KH-UBND') },
      { field: 'category', message: expect.stringContaining('danh mục') },
    ]);
    expect(await countRows('disclosures')).toBe(before);
    expect(await countRows('audit_log')).toBe(auditBefore);
  });

  it('stores NFC text even when the client sends NFD', async () => {
    const official = await makeOfficial();
    const input = sampleDisclosure();
    const body = (await (await api(official, 'POST', '/api/v1/disclosures', { ...input, title: input.title.normalize('NFD') })).json()) as Json;
    expect(body.title).toBe(input.title.normalize('NFC'));
  });

  it.each([
    ['malformed JSON', '{"title": ', 'application/json', 400, 'malformed_json'],
    ['a form body', 'title=x', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
  ])('answers %s with a clear 4xx', async (_name, payload, type, status, code) => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/disclosures', payload, { 'content-type': type });
    expect(res.status).toBe(status);
    expect(((await res.json()) as Json).error.code).toBe(code);
  });

  it('refuses requests without a valid token', async () => {
    const none = await call('/api/v1/disclosures', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    const wrong = await call('/api/v1/disclosures', { headers: { authorization: 'Bearer not-a-token' } });
    expect(wrong.status).toBe(401);
  });

  it('refuses writes with a read-only token', async () => {
    const reader = await makeOfficial(['disclosures:read']);
    expect((await api(reader, 'GET', '/api/v1/disclosures')).status).toBe(200);
    expect((await api(reader, 'POST', '/api/v1/disclosures', sampleDisclosure())).status).toBe(403);
  });
});

describe('PUT /api/v1/disclosures/:id', () => {
  it('saves an edit on the current version and refuses a stale one without overwriting', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const first = await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, { ...sampleDisclosure({ title: 'Bản sửa thứ nhất' }), version: 1 });
    expect(first.status).toBe(200);
    expect(((await first.json()) as Json).version).toBe(2);
    const auditBefore = await countRows('audit_log');
    const stale = await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, { ...sampleDisclosure({ title: 'Bản sửa cũ' }), version: 1 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Json).error.currentVersion).toBe(2);
    const now = (await (await api(official, 'GET', `/api/v1/disclosures/${created.id}`)).json()) as Json;
    expect(now.title).toBe('Bản sửa thứ nhất');
    expect(await countRows('audit_log')).toBe(auditBefore);
  });

  it('keeps the slug when the title of a published item is corrected, and records the reason publicly', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const noNote = await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, { ...sampleDisclosure({ title: 'Tiêu đề đã sửa' }), version: 1 });
    expect(noNote.status).toBe(422);
    expect(((await noNote.json()) as Json).error.fields[0].field).toBe('changeNote');
    const saved = (await (
      await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, {
        ...sampleDisclosure({ title: 'Tiêu đề đã sửa', category: 'quy-hoach' }),
        version: 1,
        changeNote: 'Sửa tiêu đề cho đúng văn bản',
      })
    ).json()) as Json;
    expect(saved.slug).toBe(created.slug);
    expect(saved.title).toBe('Tiêu đề đã sửa');
    const revisions = await env.DB.prepare('SELECT change_note FROM disclosure_revisions WHERE disclosure_id = ?').bind(created.id).all();
    expect(revisions.results).toEqual([{ change_note: 'Sửa tiêu đề cho đúng văn bản' }]);
  });
});

describe('POST /api/v1/disclosures/:id/publish and /withdraw', () => {
  it('publishes a draft, then withdraws it with a reason; the record stays', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const published = (await (await api(official, 'POST', `/api/v1/disclosures/${created.id}/publish`, { version: 1 })).json()) as Json;
    expect(published.status).toBe('published');
    const noReason = await api(official, 'POST', `/api/v1/disclosures/${created.id}/withdraw`, { version: 2 });
    expect(noReason.status).toBe(422);
    const withdrawn = (await (
      await api(official, 'POST', `/api/v1/disclosures/${created.id}/withdraw`, { version: 2, reason: 'Đã được thay thế' })
    ).json()) as Json;
    expect(withdrawn.status).toBe('withdrawn');
    expect(withdrawn.withdrawalReason).toBe('Đã được thay thế');
    const audit = await listAuditFor(env.DB, 'disclosure', created.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'publish', 'withdraw']);
    expect((audit[2]!.before as Json).status).toBe('published');
  });

  it('refuses to withdraw a draft', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const res = await api(official, 'POST', `/api/v1/disclosures/${created.id}/withdraw`, { version: 1, reason: 'Thử' });
    expect(res.status).toBe(422);
  });

  it('answers 404 for an unknown id', async () => {
    const official = await makeOfficial();
    expect((await api(official, 'GET', '/api/v1/disclosures/999999')).status).toBe(404);
    expect((await api(official, 'POST', '/api/v1/disclosures/999999/publish', { version: 1 })).status).toBe(404);
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { API_SCOPE_CODES } from '../../schema/accounts/api-scopes.ts';
import { hashPassword, randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { insertAccount, insertApiToken } from '../../schema/accounts/accounts.db.ts';
import { BOARD_EXAMPLE, DECISION_EXAMPLE } from '../../functions/openapi.ts';
import { api, call, makeOfficial, ORIGIN, sampleDisclosure, type Official } from '../helpers.ts';

/** Decisions by the people and supervision, through the Worker's fetch on real local D1. */

type Json = Record<string, any>;

const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
const auditOf = (entity: string, id: number) =>
  env.DB.prepare('SELECT action, after_json FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(entity, String(id)).all<{ action: string; after_json: string }>();

const decision = (overrides: Json = {}): Json => ({
  title: `Họp dân bàn mức đóng góp (${crypto.randomUUID().slice(0, 8)})`,
  matter: 'cong_trinh_dong_gop',
  scope: 'thon',
  places: ['Khu phố 2'],
  form: 'hoi_nghi',
  heldFrom: '2025-03-09',
  voterUnit: 'ho',
  eligible: 212,
  participating: 180,
  votesFor: 171,
  votesAgainst: 6,
  votesBlank: 3,
  passed: true,
  summary: 'Thống nhất mức đóng góp, miễn cho hộ nghèo.',
  ...overrides,
});

async function login(official: Official): Promise<string> {
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const postForm = (path: string, cookie: string, fields: [string, string][], origin = ORIGIN) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin }, body: new URLSearchParams(fields), redirect: 'manual' });

describe('POST /api/v1/decisions', () => {
  it('creates and publishes a decision, with its audit row, and keeps unknown numbers null', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/decisions', decision({ eligible: null, votesBlank: '', publish: true }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ status: 'published', eligible: null, votesBlank: null, participating: 180, url: `/nhan-dan-quyet-dinh/${body.slug}/` });
    const row = await env.DB.prepare('SELECT eligible, votes_blank FROM decisions WHERE id = ?').bind(body.id).first();
    expect(row).toEqual({ eligible: null, votes_blank: null });
    const audit = await auditOf('decision', body.id);
    expect(audit.results.map((a) => a.action)).toEqual(['create+publish']);
  });

  it('answers 422 naming each field when turnout exceeds the eligible and the votes exceed the turnout, and stores nothing', async () => {
    const official = await makeOfficial();
    const [before, auditBefore] = [await count('decisions'), await count('audit_log')];
    const res = await api(official, 'POST', '/api/v1/decisions', decision({ eligible: 100, participating: 120, votesFor: 200, heldFrom: '2025-03-09', heldTo: '2025-03-01' }));
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as Json).error.fields.map((f: Json) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['participating', 'votesFor', 'heldTo']));
    expect([await count('decisions'), await count('audit_log')]).toEqual([before, auditBefore]);
  });

  it('requires a public reason to edit a published decision, and keeps it as a revision', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision({ publish: true }))).json()) as Json;
    const noReason = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, decision({ title: created.title, version: 1 }));
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as Json).error.fields[0].field).toBe('changeNote');
    const ok = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, decision({ title: created.title, version: 1, votesBlank: 2, changeNote: 'Sửa số phiếu trắng theo biên bản' }));
    expect(ok.status).toBe(200);
    const revision = await env.DB.prepare("SELECT change_note FROM community_revisions WHERE entity = 'decision' AND entity_id = ?").bind(created.id).first();
    expect(revision).toEqual({ change_note: 'Sửa số phiếu trắng theo biên bản' });
  });

  it('lets an editor save a draft but not publish it (403), and the draft stays a draft', async () => {
    const now = new Date().toISOString();
    const accountId = await insertAccount(env.DB, { email: `bien-tap-${crypto.randomUUID()}@example.vn`, displayName: 'Biên tập', role: 'editor', passwordHash: await hashPassword('mat-khau-bien-tap-1') }, now);
    const token = randomToken();
    await insertApiToken(env.DB, { name: 'Mã biên tập', tokenHash: await sha256Hex(token), accountId, scopes: API_SCOPE_CODES }, now);
    const editor = { accountId, email: '', password: '', token };
    expect((await api(editor, 'POST', '/api/v1/decisions', decision({ publish: true }))).status).toBe(403);
    const draft = (await (await api(editor, 'POST', '/api/v1/decisions', decision())).json()) as Json;
    expect(draft.status).toBe('draft');
    const refused = await api(editor, 'POST', `/api/v1/decisions/${draft.id}/publish`, { version: 1 });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).error.code).toBe('review');
    expect(await env.DB.prepare('SELECT status FROM decisions WHERE id = ?').bind(draft.id).first()).toEqual({ status: 'draft' });
  });

  it('accepts the documented examples of a decision and a board as they stand', async () => {
    const official = await makeOfficial();
    expect((await api(official, 'POST', '/api/v1/decisions', DECISION_EXAMPLE)).status).toBe(201);
    expect((await api(official, 'POST', '/api/v1/supervision/boards', BOARD_EXAMPLE)).status).toBe(201);
  });

  it('refuses a token without the decisions scope', async () => {
    const official = await makeOfficial(['disclosures:write']);
    expect((await api(official, 'POST', '/api/v1/decisions', decision())).status).toBe(403);
  });
});

describe('the decisions table', () => {
  // The same rules hold in D1 for a row written by hand or by a future importer (migration 0013).
  it.each([
    ['turnout above the eligible', { eligible: 10, participating: 11 }],
    ['votes above the turnout', { participating: 10, votes_for: 8, votes_against: 3 }],
    ['an end before the start', { held_from: '2025-03-09', held_to: '2025-03-08' }],
  ])('refuses %s', async (_name, columns) => {
    const names = Object.keys(columns);
    const insert = env.DB.prepare(
      `INSERT INTO decisions (slug, title, matter, summary, status, created_at, updated_at, ${names.join(', ')})
       VALUES (?, 'Thử', 'khac', 'Thử', 'draft', '2025-01-01', '2025-01-01', ${names.map(() => '?').join(', ')})`,
    ).bind(`thu-${crypto.randomUUID()}`, ...Object.values(columns));
    await expect(insert.run()).rejects.toThrow(/CHECK constraint failed/);
  });
});

describe('POST /api/v1/supervision/…', () => {
  it('creates a board, a team under it and a finding linked to an investment-project disclosure, then publishes the finding', async () => {
    const official = await makeOfficial();
    const board = (await (await api(official, 'POST', '/api/v1/supervision/boards', { kind: 'giam_sat_dau_tu', name: `Ban giám sát ${crypto.randomUUID().slice(0, 6)}`, members: 'Nguyễn Văn A; Trưởng ban; Khu phố 1\nTrần Thị B; Thành viên', publish: true })).json()) as Json;
    expect(board.members).toEqual([
      { name: 'Nguyễn Văn A', role: 'Trưởng ban', village: 'Khu phố 1' },
      { name: 'Trần Thị B', role: 'Thành viên', village: '' },
    ]);
    const team = await api(official, 'POST', '/api/v1/supervision/boards', { kind: 'to_giam_sat', name: 'Tổ giám sát đường khu phố 2', parentId: board.id });
    expect(team.status).toBe(201);
    const project = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ category: 'du-an-dau-tu', publish: true }))).json()) as Json;
    const finding = await api(official, 'POST', '/api/v1/supervision/activities', {
      boardId: board.id,
      kind: 'phat_hien',
      title: 'Giám sát thi công',
      body: 'Kiểm tra mặt đường.',
      recommendation: 'Bảo dưỡng đủ ngày.',
      works: [`/cong-khai/${project.slug}/`],
    });
    expect(finding.status).toBe(201);
    const created = (await finding.json()) as Json;
    expect(created.works).toEqual([project.slug]);
    const published = await api(official, 'POST', `/api/v1/supervision/activities/${created.id}/publish`, { version: 1 });
    expect(published.status).toBe(200);
    expect((await auditOf('supervision_activity', created.id)).results.map((a) => a.action)).toEqual(['create', 'publish']);
  });

  it('answers 422 for a team without a board, a work that is not a project page, and a response without a recommendation', async () => {
    const official = await makeOfficial();
    const team = await api(official, 'POST', '/api/v1/supervision/boards', { kind: 'to_giam_sat', name: 'Tổ giám sát lạc' });
    expect(((await team.json()) as Json).error.fields.map((f: Json) => f.field)).toEqual(['parentId']);
    const board = (await (await api(official, 'POST', '/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: 'Ban thanh tra nhân dân thử' })).json()) as Json;
    const budget = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const before = await count('supervision_activities');
    const res = await api(official, 'POST', '/api/v1/supervision/activities', { boardId: board.id, kind: 'phat_hien', title: 'Giám sát', body: 'Nội dung.', works: [budget.slug] });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([{ field: 'works', message: expect.stringContaining('Dự án, công trình đầu tư') }]);
    const noRecommendation = await api(official, 'POST', '/api/v1/supervision/activities', { boardId: board.id, kind: 'phat_hien', title: 'Giám sát', body: 'Nội dung.', response: 'Đã trả lời.' });
    expect(((await noRecommendation.json()) as Json).error.fields.map((f: Json) => f.field)).toEqual(['recommendation']);
    expect(await count('supervision_activities')).toBe(before);
  });
});

describe('/admin/nhan-dan', () => {
  it('creates a decision from the form, and a refused form comes back filled in with the field named', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const title = `Bàn hương ước <script>alert(1)</script> ${crypto.randomUUID().slice(0, 6)}`;
    const bad = await postForm('/admin/nhan-dan/quyet-dinh/moi', cookie, [
      ['title', title],
      ['matter', 'huong_uoc'],
      ['eligible', '10'],
      ['participating', '12'],
      ['summary', 'Rà soát hương ước.'],
      ['action', 'publish'],
    ]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Số hộ (cử tri) tham gia (12) lớn hơn');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toMatch(/name="participating" value="12"/);
    const good = await postForm('/admin/nhan-dan/quyet-dinh/moi', cookie, [
      ['title', title],
      ['matter', 'huong_uoc'],
      ['eligible', ''],
      ['summary', 'Rà soát hương ước.'],
      ['action', 'publish'],
    ]);
    expect(good.status).toBe(303);
    const row = await env.DB.prepare('SELECT id, status, eligible, created_by FROM decisions WHERE title = ?').bind(title).first<{ id: number }>();
    // "Lưu và công khai" stores a draft and asks; the confirmation's button publishes it.
    expect(row).toEqual({ id: expect.any(Number), status: 'draft', eligible: null, created_by: official.accountId });
    expect(good.headers.get('location')).toBe(`/admin/nhan-dan/quyet-dinh/${row!.id}/cong-khai?moi`);
    expect((await postForm(`/admin/nhan-dan/quyet-dinh/${row!.id}/cong-khai`, cookie, [['version', '1'], ['xac-nhan', '1']])).status).toBe(303);
    expect((await env.DB.prepare('SELECT status FROM decisions WHERE id = ?').bind(row!.id).first())!.status).toBe('published');
    const list = await (await call('/admin/nhan-dan/', { headers: { cookie } })).text();
    expect(list).toContain('Bàn hương ước &lt;script&gt;');
  });

  it('refuses a form posted from another site (CSRF) and stores nothing', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const before = await count('supervision_boards');
    const res = await postForm('/admin/nhan-dan/ban/moi', cookie, [['kind', 'thanh_tra_nhan_dan'], ['name', 'Ban lạ']], 'https://evil.example');
    expect(res.status).toBe(403);
    expect(await count('supervision_boards')).toBe(before);
  });
});

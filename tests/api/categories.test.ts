import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { hashPassword, randomToken, sha256Hex } from '../../schema/core/crypto.ts';
import { insertAccount, insertApiToken } from '../../schema/accounts/accounts.db.ts';
import { api, makeOfficial, sampleDisclosure, type Official } from '../helpers.ts';

type Json = Record<string, any>;

async function editor(): Promise<Official> {
  const email = `bien-tap-${crypto.randomUUID()}@example.vn`;
  const now = new Date().toISOString();
  const accountId = await insertAccount(env.DB, { email, displayName: 'Biên tập viên', role: 'editor', passwordHash: await hashPassword('mat-khau-dai-du-123') }, now);
  const token = randomToken();
  await insertApiToken(env.DB, { name: 'Mã biên tập', tokenHash: await sha256Hex(token), accountId, scopes: ['disclosures:read', 'disclosures:write'] }, now);
  return { accountId, email, password: '', token };
}
const categoryRow = (slug: string) => env.DB.prepare('SELECT * FROM categories WHERE slug = ?').bind(slug).first<Json>();
const auditRows = (slug: string) => env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'category' AND entity_id = ? ORDER BY id").bind(slug).all<Json>();

describe('/api/v1/categories', () => {
  it('lists the 14 seeded items of Điều 11 with the law number, a description, and only the clauses confirmed against the law text', async () => {
    const res = await api(await makeOfficial(), 'GET', '/api/v1/categories');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Json[] };
    const seeded = items.filter((c) => c.legalRef === 'Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15');
    expect(seeded.length).toBeGreaterThanOrEqual(14);
    expect(seeded.every((c) => c.description.length > 10)).toBe(true);
    // Khoản 1–3 read from the text of Điều 11 (migration 0019 cites the source); the rest were not found and stay null.
    const clauses = Object.fromEntries(seeded.map((c) => [c.slug, c.lawClause]));
    expect(clauses).toMatchObject({ 'ke-hoach-kinh-te-xa-hoi': 1, 'ngan-sach': 2, 'du-an-dau-tu': 3, 'dat-dai-boi-thuong': 3, 'quy-hoach': 3 });
    expect(seeded.filter((c) => c.lawClause !== null).map((c) => c.slug).sort()).toEqual(['dat-dai-boi-thuong', 'du-an-dau-tu', 'ke-hoach-kinh-te-xa-hoi', 'ngan-sach', 'quy-hoach']);
  });

  it('lets an approver add a category (slug made from the label), edit its label and clause, keeps the slug, and audits both', async () => {
    const official = await makeOfficial();
    const label = `Hương ước, quy ước ${crypto.randomUUID().slice(0, 6)}`;
    const created = await api(official, 'POST', '/api/v1/categories', { label, description: 'Kết quả thực hiện hương ước, quy ước.' });
    expect(created.status).toBe(201);
    const { slug } = (await created.json()) as Json;
    expect(slug).toMatch(/^huong-uoc-quy-uoc-[a-z0-9]+$/);
    const edited = await api(official, 'PUT', `/api/v1/categories/${slug}`, { label: 'Hương ước, quy ước của khu phố', description: 'Mới.', lawClause: '3' });
    expect(edited.status).toBe(200);
    expect(await categoryRow(slug)).toMatchObject({ slug, label: 'Hương ước, quy ước của khu phố', description: 'Mới.', law_clause: 3 });
    expect((await auditRows(slug)).results).toEqual([{ action: 'create' }, { action: 'update' }]);
  });

  it('refuses a clause outside 1–14 with the field and a Vietnamese reason, and changes nothing', async () => {
    const before = await categoryRow('ngan-sach');
    const res = await api(await makeOfficial(), 'PUT', '/api/v1/categories/ngan-sach', { label: 'Ngân sách', lawClause: 15 });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([{ field: 'lawClause', message: 'Khoản (Điều 11): phải là số từ 1 đến 14, hoặc để trống.' }]);
    expect(await categoryRow('ngan-sach')).toEqual(before);
  });

  it('refuses an editor: only approvers change the list', async () => {
    const before = await categoryRow('quy-hoach');
    const res = await api(await editor(), 'PUT', '/api/v1/categories/quy-hoach', { label: 'Đổi tên' });
    expect(res.status).toBe(403);
    expect(await categoryRow('quy-hoach')).toEqual(before);
  });

  it('does not delete a category in use (even by a draft), and deletes an unused one with an audit row', async () => {
    const official = await makeOfficial();
    const slug = `thu-xoa-${crypto.randomUUID().slice(0, 6)}`;
    expect((await api(official, 'POST', '/api/v1/categories', { label: 'Thử xóa', slug })).status).toBe(201);
    expect((await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ category: slug }))).status).toBe(201);
    const refused = await api(official, 'DELETE', `/api/v1/categories/${slug}`);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as Json).error.fields[0].message).toContain('đang có 1 mục công khai thuộc nội dung này');
    expect(await categoryRow(slug)).not.toBeNull();

    const unused = `thu-xoa-${crypto.randomUUID().slice(0, 6)}`;
    expect((await api(official, 'POST', '/api/v1/categories', { label: 'Thử xóa 2', slug: unused })).status).toBe(201);
    expect((await api(official, 'DELETE', `/api/v1/categories/${unused}`)).status).toBe(200);
    expect(await categoryRow(unused)).toBeNull();
    expect((await auditRows(unused)).results).toEqual([{ action: 'create' }, { action: 'delete' }]);
  });

  it('refuses a slug already taken', async () => {
    const res = await api(await makeOfficial(), 'POST', '/api/v1/categories', { label: 'Ngân sách', slug: 'ngan-sach' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields[0]).toMatchObject({ field: 'slug' });
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listAllAttachments } from '../../schema/disclosure/attachments.db.ts';
import { listAllRevisions, listDisclosures, PUBLIC_STATUSES } from '../../schema/disclosure/disclosures.db.ts';
import { api, call, makeOfficial, ORIGIN, sampleDisclosure, type Official, makeEditor, adminCookie } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * Four eyes on every change citizens see (issue 16.1) and attachments as edits of a published
 * item (issue 15.1, 15.2), through the Worker on real D1 and R2. "The public page" is what the
 * site build reads: the data access's listDisclosures, listAllRevisions and listAllAttachments with
 * the states site/src/lib/portal-data.ts asks for.
 */

const pdf = () => new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

function upload(official: Official, id: number, bytes: Uint8Array<ArrayBuffer>, name: string, changeNote?: string) {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  if (changeNote !== undefined) form.set('changeNote', changeNote);
  return call(`/api/v1/disclosures/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
}

/** What the site build would show of one item. */
async function publicView(id: number) {
  const item = (await listDisclosures(env.DB, { statuses: PUBLIC_STATUSES })).find((d) => d.id === id)!;
  const files = (await listAllAttachments(env.DB, ['attached', 'withdrawn'])).get(id) ?? [];
  const history = (await listAllRevisions(env.DB)).get(id) ?? [];
  return { item, files, history };
}

/** A published item, published with four eyes off (then the test sets the rule it needs). */
async function publishedBy(official: Official) {
  await setFourEyes(false);
  const item = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
  expect(item.status).toBe('published');
  return item;
}

const edit = (item: Json, changes: Json) => {
  const { id: _i, slug: _s, documentType: _d, status: _st, createdAt: _c, updatedAt: _u, publishedAt: _p, withdrawnAt: _w, withdrawalReason: _r, lastEditorId: _l, url: _url, ...fields } = item;
  return { ...fields, ...changes };
};

describe('four eyes on: changes to a published item wait for a second approver', () => {
  it('an edit of a published item is pending: the public page keeps the old title until another approver approves', async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    const item = await publishedBy(second);
    await setFourEyes(true);
    const res = await api(author, 'PUT', `/api/v1/disclosures/${item.id}`, edit(item, { title: `${item.title} (sửa)`, changeNote: 'Sửa tiêu đề cho đúng văn bản' }));
    expect(res.status).toBe(202);
    const pending = (await res.json()) as Json;
    expect(pending).toMatchObject({ kind: 'edit', baseVersion: 1, decision: null });
    expect((await publicView(item.id)).item.title).toBe(item.title);
    expect((await publicView(item.id)).item.version).toBe(1);

    const own = await api(author, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/approve`);
    expect(own.status).toBe(403);
    expect((await publicView(item.id)).item.title).toBe(item.title);

    const approved = await api(second, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/approve`);
    expect(approved.status).toBe(200);
    const view = await publicView(item.id);
    expect(view.item.title).toBe(`${item.title} (sửa)`);
    expect(view.item.version).toBe(2);
    expect(view.history[0]).toMatchObject({ version: 2, changeNote: 'Sửa tiêu đề cho đúng văn bản' });
  });

  it('a file added to a published item is not served nor listed until another approver approves it', async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    const item = await publishedBy(second);
    await setFourEyes(true);
    const res = await upload(author, item.id, pdf(), 'Bản scan.pdf', 'Bổ sung bản scan có chữ ký');
    expect(res.status).toBe(202);
    const pending = (await res.json()) as Json;
    const files = (await (await api(author, 'GET', `/api/v1/disclosures/${item.id}/attachments`)).json()) as Json;
    expect(files.items).toHaveLength(1);
    expect(files.items[0].state).toBe('pending');
    expect((await call(files.items[0].url)).status).toBe(404);
    expect((await publicView(item.id)).files).toHaveLength(0);

    expect((await api(author, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/approve`)).status).toBe(403);
    expect((await call(files.items[0].url)).status).toBe(404);

    expect((await api(second, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/approve`)).status).toBe(200);
    expect((await call(files.items[0].url)).status).toBe(200);
    const view = await publicView(item.id);
    expect(view.files.map((f) => f.state)).toEqual(['attached']);
    expect(view.item.version).toBe(2);
    expect(view.history[0]!.changeNote).toBe('Thêm tệp đính kèm "Bản scan.pdf": Bổ sung bản scan có chữ ký');
  });

  it('a rejected change needs a reason and leaves the public page as it was', async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    const item = await publishedBy(second);
    await setFourEyes(true);
    const pending = (await (await upload(author, item.id, pdf(), 'du-thao.pdf', 'Thêm dự thảo')).json()) as Json;
    expect((await api(second, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/reject`, {})).status).toBe(422);
    const rejected = await api(second, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/reject`, { reason: 'Chưa phải bản chính thức' });
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as Json).rejectionReason).toBe('Chưa phải bản chính thức');
    const view = await publicView(item.id);
    expect(view.item.version).toBe(1);
    expect(view.files).toHaveLength(0);
    expect(view.history).toHaveLength(0);
    const files = (await (await api(author, 'GET', `/api/v1/disclosures/${item.id}/attachments`)).json()) as Json;
    expect(files.items[0].state).toBe('rejected');
  });

  it('withdrawing a file of a published item waits too; the file is served until approval', async () => {
    await setFourEyes(false);
    const author = await makeOfficial();
    const second = await makeOfficial();
    const item = await publishedBy(second);
    const file = (await (await upload(second, item.id, pdf(), 'ke-hoach.pdf', 'Bản chính thức')).json()) as Json;
    await setFourEyes(true);
    const res = await api(author, 'POST', `/api/v1/disclosures/${item.id}/attachments/${file.id}/withdraw`, { reason: 'Tải nhầm tệp' });
    expect(res.status).toBe(202);
    const pending = (await res.json()) as Json;
    expect((await call(file.url)).status).toBe(200);
    expect((await api(second, 'POST', `/api/v1/disclosures/${item.id}/revisions/${pending.id}/approve`)).status).toBe(200);
    expect((await call(file.url)).status).toBe(410);
    const view = await publicView(item.id);
    expect(view.files.map((f) => [f.state, f.withdrawalReason])).toEqual([['withdrawn', 'Tải nhầm tệp']]);
  });
});

describe('four eyes off: a file added to or withdrawn from a published item is an edit of it', () => {
  it('needs a reason; with one it goes live at once, bumps the version and writes the public note and the audit row', async () => {
    await setFourEyes(false);
    const approver = await makeOfficial();
    const item = await publishedBy(approver);
    const before = (await env.DB.prepare('SELECT count(*) AS n FROM attachments WHERE disclosure_id = ?').bind(item.id).first<{ n: number }>())!.n;
    const noReason = await upload(approver, item.id, pdf(), 'quyet-dinh.pdf');
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as Json).error.fields[0].field).toBe('changeNote');
    expect((await env.DB.prepare('SELECT count(*) AS n FROM attachments WHERE disclosure_id = ?').bind(item.id).first<{ n: number }>())!.n).toBe(before);

    const res = await upload(approver, item.id, pdf(), 'quyet-dinh.pdf', 'Đính kèm quyết định');
    expect(res.status).toBe(201);
    const file = (await res.json()) as Json;
    expect((await call(file.url)).status).toBe(200);
    let view = await publicView(item.id);
    expect(view.item.version).toBe(2);
    expect(view.history[0]!.changeNote).toBe('Thêm tệp đính kèm "quyet-dinh.pdf": Đính kèm quyết định');
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'attachment' AND action = 'attach' AND entity_id = ?").bind(String(file.id)).first<{ n: number }>();
    expect(audit!.n).toBe(1);

    const withdrawn = await api(approver, 'POST', `/api/v1/disclosures/${item.id}/attachments/${file.id}/withdraw`, { reason: 'Văn bản đã được thay thế' });
    expect(withdrawn.status).toBe(200);
    expect((await call(file.url)).status).toBe(410);
    view = await publicView(item.id);
    expect(view.item.version).toBe(3);
    expect(view.history[0]!.changeNote).toBe('Rút tệp đính kèm "quyet-dinh.pdf": Văn bản đã được thay thế');
    expect(view.files[0]).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Văn bản đã được thay thế' });
  });

  it('an editor cannot add a file to a published item', async () => {
    await setFourEyes(false);
    const item = await publishedBy(await makeOfficial());
    const res = await upload(await makeEditor(), item.id, pdf(), 'x.pdf', 'Thêm');
    expect(res.status).toBe(403);
    expect((await publicView(item.id)).files).toHaveLength(0);
  });
});

describe('POST /admin/cong-khai/moi with a file', () => {
  const form = (title: string, file: File) => {
    const f = new FormData();
    for (const [k, v] of Object.entries({ title, category: 'quy-hoach', documentNumber: '12/TB-UBND', issuedOn: '2025-05-02', issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Thông báo.', postingStart: '2025-05-02', postingEnd: '2025-06-05', action: 'draft' })) f.set(k, v);
    f.append('channels', 'office_board');
    f.set('file', file);
    return f;
  };

  it('creates the item and attaches its PDF in one submit', async () => {
    await setFourEyes(false);
    const cookie = await adminCookie(await makeOfficial());
    const title = `Thông báo kèm tệp ${crypto.randomUUID().slice(0, 8)}`;
    const res = await call('/admin/cong-khai/moi', { method: 'POST', headers: { cookie, origin: ORIGIN }, body: form(title, new File([pdf()], 'Thông báo.pdf')), redirect: 'manual' });
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT id FROM disclosures WHERE title = ?').bind(title).first<{ id: number }>();
    const files = await env.DB.prepare('SELECT file_name, state FROM attachments WHERE disclosure_id = ?').bind(row!.id).all();
    expect(files.results).toEqual([{ file_name: 'Thông báo.pdf', state: 'attached' }]);
  });

  it('refuses a file that is not a document: the form comes back filled in with the reason, nothing is saved', async () => {
    await setFourEyes(false);
    const cookie = await adminCookie(await makeOfficial());
    const title = `Thông báo kèm trang web ${crypto.randomUUID().slice(0, 8)}`;
    const res = await call('/admin/cong-khai/moi', { method: 'POST', headers: { cookie, origin: ORIGIN }, body: form(title, new File(['<!doctype html><p>x'], 'trang.pdf')), redirect: 'manual' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('không phải PDF');
    expect(html).toContain(title);
    expect(await env.DB.prepare('SELECT id FROM disclosures WHERE title = ?').bind(title).first()).toBeNull();
  });
});

describe('the pending panel of a disclosure: what the second approver reads', () => {
  it('names the category by its label and dates as dd/mm/yyyy, never the slug or an ISO date', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const item = await publishedBy(second);
    await setFourEyes(true);
    const changes = { category: 'du-an-dau-tu', issuedOn: '2025-03-13', changeNote: 'Sửa nội dung công khai cho đúng văn bản' };
    expect((await api(author, 'PUT', `/api/v1/disclosures/${item.id}`, edit(item, changes))).status).toBe(202);
    const label = async (slug: string) => (await env.DB.prepare('SELECT label FROM categories WHERE slug = ?').bind(slug).first<{ label: string }>())!.label;

    const cookie = await adminCookie(second);
    const page = await (await call(`/admin/cong-khai/${item.id}`, { headers: { cookie } })).text();
    // The panel alone: the form around it holds slugs as option values.
    const panel = page.match(/<section class="pending"[\s\S]*?<\/section>/)?.[0] ?? '';
    expect(panel).toMatch(new RegExp(`Nội dung công khai \\(Điều 11\\)</th>\\s*<td>${await label('ngan-sach')}</td>\\s*<td>${await label('du-an-dau-tu')}</td>`));
    expect(panel).toMatch(/Ngày ban hành<\/th>\s*<td>14\/03\/2025<\/td>\s*<td>13\/03\/2025<\/td>/);
    expect(panel).not.toContain('du-an-dau-tu');
  });

  it('shows an edit that changes only a channel\'s dates and places, which the approver would otherwise not see', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const item = await publishedBy(second);
    await setFourEyes(true);
    const channelDetails = { office_board: { start: '2025-03-14', end: '2025-04-14', places: 'Bảng tin trụ sở' } };
    expect((await api(author, 'PUT', `/api/v1/disclosures/${item.id}`, edit(item, { channelDetails, changeNote: 'Ghi ngày gỡ bảng tin cho đúng' }))).status).toBe(202);
    const cookie = await adminCookie(second);
    const page = await (await call(`/admin/cong-khai/${item.id}`, { headers: { cookie } })).text();
    const panel = page.match(/<section class="pending"[\s\S]*?<\/section>/)?.[0] ?? '';
    expect(panel).not.toContain('Không trường nào khác bản đang công khai');
    expect(panel).toContain('Ngày và nơi của từng hình thức');
    expect(panel).toContain('Niêm yết tại trụ sở Ủy ban nhân dân: 14/03/2025 – 14/04/2025, Bảng tin trụ sở');
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { getConsultation, listConsultations } from '../../schema/consultation/consultations.db.ts';
import { decisions } from '../../schema/community/decisions.db.ts';
import { activities, boards } from '../../schema/community/supervision.db.ts';
import { createConsultation, saveSummary } from '../../schema/consultation/consultations.use-cases.ts';
import { api, call, makeEditor, makeOfficial, ORIGIN, type Official, adminCookie } from '../helpers.ts';

/**
 * Four eyes for every record type citizens read (issue 16.1) and withdrawal of decisions and
 * supervision records (issue 13), through the Worker on real D1. "The public data" is what the
 * site build reads: the tables' `list(db, { publishedOnly: true })` and
 * `listConsultations(db, { publicOnly: true })` (site/src/lib/community-data.ts and the
 * consultation pages).
 */

type Json = Record<string, any>;

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

const pendingRows = (entity: string, id: number) =>
  env.DB.prepare('SELECT kind, decision, change_note FROM pending_revisions WHERE entity = ? AND record_id = ? ORDER BY id').bind(entity, id).all<Json>();
const auditActions = async (entity: string, id: number) =>
  (await env.DB.prepare('SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(entity, String(id)).all<{ action: string }>()).results.map((r) => r.action);
const revisionAudit = async () =>
  (await env.DB.prepare("SELECT action, before_json, after_json FROM audit_log WHERE entity = 'pending_revision' ORDER BY id DESC LIMIT 2").all<Json>()).results.map((r) => r.action);

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

interface Kind {
  name: string;
  entity: 'decision' | 'supervision_board' | 'supervision_activity';
  path: string;
  /** A new record's fields. */
  create: (official: Official) => Promise<Json>;
  /** The field the edit changes, and its new value. */
  field: string;
  value: unknown;
  publicList: () => Promise<Json[]>;
}

const KINDS: Kind[] = [
  {
    name: 'decision',
    entity: 'decision',
    path: '/api/v1/decisions',
    create: async () => decision(),
    field: 'votesBlank',
    value: 2,
    publicList: () => decisions.list(env.DB, { publishedOnly: true }),
  },
  {
    name: 'supervision board',
    entity: 'supervision_board',
    path: '/api/v1/supervision/boards',
    create: async () => ({ kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân ${crypto.randomUUID().slice(0, 6)}`, summary: 'Giới thiệu cũ.' }),
    field: 'summary',
    value: 'Giới thiệu mới theo quyết định kiện toàn.',
    publicList: () => boards.list(env.DB, { publishedOnly: true }),
  },
  {
    name: 'supervision finding',
    entity: 'supervision_activity',
    path: '/api/v1/supervision/activities',
    create: async (official) => {
      const board = (await (await api(official, 'POST', '/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: `Ban ${crypto.randomUUID().slice(0, 6)}`, publish: true })).json()) as Json;
      return { boardId: board.id, kind: 'phat_hien', title: `Giám sát thu chi ${crypto.randomUUID().slice(0, 6)}`, body: 'Nội dung.', recommendation: 'Kiến nghị công khai chứng từ.', response: '' };
    },
    field: 'response',
    value: 'Ủy ban nhân dân đã công khai chứng từ tại nhà văn hóa.',
    publicList: () => activities.list(env.DB, { publishedOnly: true }),
  },
];

/** The stored record's fields as an edit sends them. */
const editOf = (created: Json, fields: Json, changes: Json) => ({ ...fields, ...Object.fromEntries(Object.keys(fields).map((k) => [k, created[k]])), ...changes });

describe.each(KINDS)('four eyes on: an edit of a published $name waits for a second approver', (k) => {
  it('keeps the published version in the API and the public data until another approver approves; then the new value, version and reason go public with audit rows', async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    await setFourEyes(false);
    const fields = await k.create(second);
    const created = (await (await api(second, 'POST', k.path, { ...fields, publish: true })).json()) as Json;
    expect(created.status).toBe('published');
    const before = created[k.field];
    await setFourEyes(true);

    const res = await api(author, 'PUT', `${k.path}/${created.id}`, editOf(created, fields, { [k.field]: k.value, version: 1, changeNote: 'Bổ sung theo biên bản' }));
    expect(res.status).toBe(202);
    const pending = (await res.json()) as Json;
    expect(pending).toMatchObject({ entity: k.entity, recordId: created.id, kind: 'edit', baseVersion: 1, decision: null });
    expect(((await (await api(author, 'GET', `${k.path}/${created.id}`)).json()) as Json)[k.field]).toEqual(before);
    const publicBefore = (await k.publicList()).find((r) => r.id === created.id)!;
    expect([publicBefore[k.field], publicBefore.version]).toEqual([before, 1]);
    expect(((await (await api(author, 'GET', `${k.path}/${created.id}/revisions/pending`)).json()) as Json).id).toBe(pending.id);

    const own = await api(author, 'POST', `${k.path}/${created.id}/revisions/${pending.id}/approve`);
    expect(own.status).toBe(403);
    expect((await k.publicList()).find((r) => r.id === created.id)![k.field]).toEqual(before);

    const approved = await api(second, 'POST', `${k.path}/${created.id}/revisions/${pending.id}/approve`);
    expect(approved.status).toBe(200);
    const after = (await k.publicList()).find((r) => r.id === created.id)!;
    expect([after[k.field], after.version]).toEqual([k.value, 2]);
    const history = (await env.DB.prepare('SELECT version, change_note FROM community_revisions WHERE entity = ? AND entity_id = ?').bind(k.entity, created.id).all()).results;
    expect(history).toEqual([{ version: 2, change_note: 'Bổ sung theo biên bản' }]);
    expect((await pendingRows(k.entity, created.id)).results).toEqual([{ kind: 'edit', decision: 'approved', change_note: 'Bổ sung theo biên bản' }]);
    expect(await auditActions(k.entity, created.id)).toEqual(['create+publish', 'approve-edit']);
    expect(await revisionAudit()).toEqual(['approve', 'propose-edit']);
  });

  it('a rejected change leaves the published version and keeps an audit row; with four eyes off an edit goes live at once', async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    await setFourEyes(false);
    const fields = await k.create(second);
    const created = (await (await api(second, 'POST', k.path, { ...fields, publish: true })).json()) as Json;
    await setFourEyes(true);
    const pending = (await (await api(author, 'PUT', `${k.path}/${created.id}`, editOf(created, fields, { [k.field]: k.value, version: 1, changeNote: 'Sửa' }))).json()) as Json;
    const rejected = await api(second, 'POST', `${k.path}/${created.id}/revisions/${pending.id}/reject`, { reason: 'Chưa khớp biên bản' });
    expect(rejected.status).toBe(200);
    expect((await k.publicList()).find((r) => r.id === created.id)!.version).toBe(1);
    expect(await revisionAudit()).toEqual(['reject', 'propose-edit']);

    await setFourEyes(false);
    const live = await api(author, 'PUT', `${k.path}/${created.id}`, editOf(created, fields, { [k.field]: k.value, version: 1, changeNote: 'Sửa lần hai' }));
    expect(live.status).toBe(200);
    expect((await k.publicList()).find((r) => r.id === created.id)![k.field]).toEqual(k.value);
  });
});

describe.each(KINDS)('withdrawing a published $name', (k) => {
  it('is refused for an editor (403) and without a reason (422, Vietnamese, nothing changes); with a reason it is withdrawn, stays public, and is audited', async () => {
    const official = await makeOfficial();
    const editor = await makeEditor(['decisions:read', 'decisions:write', 'supervision:read', 'supervision:write']);
    await setFourEyes(false);
    const created = (await (await api(official, 'POST', k.path, { ...(await k.create(official)), publish: true })).json()) as Json;
    const table = { decision: 'decisions', supervision_board: 'supervision_boards', supervision_activity: 'supervision_activities' }[k.entity];
    const row = () => env.DB.prepare(`SELECT status, version, withdrawn_at, withdrawal_reason FROM ${table} WHERE id = ?`).bind(created.id).first<Json>();
    const unchanged = { status: 'published', version: 1, withdrawn_at: null, withdrawal_reason: null };

    const byEditor = await api(editor, 'POST', `${k.path}/${created.id}/withdraw`, { version: 1, reason: 'Sai số liệu' });
    expect(byEditor.status).toBe(403);
    expect(await row()).toEqual(unchanged);

    const noReason = await api(official, 'POST', `${k.path}/${created.id}/withdraw`, { version: 1, reason: '   ' });
    expect(noReason.status).toBe(422);
    const body = (await noReason.json()) as Json;
    expect(JSON.stringify(body)).toContain('reason');
    expect(JSON.stringify(body)).toContain('lý do thu hồi');
    expect(await row()).toEqual(unchanged);

    const ok = await api(official, 'POST', `${k.path}/${created.id}/withdraw`, { version: 1, reason: 'Biên bản ghi sai số hộ' });
    expect(ok.status).toBe(200);
    expect(await row()).toMatchObject({ status: 'withdrawn', version: 2, withdrawal_reason: 'Biên bản ghi sai số hộ' });
    const listed = (await k.publicList()).find((r) => r.id === created.id)!;
    expect(listed).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Biên bản ghi sai số hộ' });
    expect(await auditActions(k.entity, created.id)).toEqual(['create+publish', 'withdraw']);
  });

  it('is refused while an edit waits for a second approver, telling the official to approve or reject that edit first', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    await setFourEyes(false);
    const fields = await k.create(second);
    const created = (await (await api(second, 'POST', k.path, { ...fields, publish: true })).json()) as Json;
    await setFourEyes(true);
    const pending = (await (await api(author, 'PUT', `${k.path}/${created.id}`, editOf(created, fields, { [k.field]: k.value, version: 1, changeNote: 'Sửa' }))).json()) as Json;
    const refused = await api(second, 'POST', `${k.path}/${created.id}/withdraw`, { version: 1, reason: 'Nhập trùng' });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('đang có một thay đổi chờ duyệt: hãy duyệt hoặc từ chối thay đổi đó trước');
    expect((await k.publicList()).find((r) => r.id === created.id)).toMatchObject({ status: 'published', version: 1 });
    expect((await pendingRows(k.entity, created.id)).results).toEqual([{ kind: 'edit', decision: null, change_note: 'Sửa' }]);
    // Once the edit is rejected, the withdrawal goes through at once, four eyes or not (issue 22.12).
    await api(second, 'POST', `${k.path}/${created.id}/revisions/${pending.id}/reject`, { reason: 'Không cần' });
    expect((await api(second, 'POST', `${k.path}/${created.id}/withdraw`, { version: 1, reason: 'Nhập trùng' })).status).toBe(200);
    expect((await k.publicList()).find((r) => r.id === created.id)).toMatchObject({ status: 'withdrawn', version: 2 });
    await setFourEyes(false);
  });
});

// ——— The admin: what the official sees ———

describe('the admin of decisions under four eyes and withdrawal', () => {
  it('an edit saved through the form says it waits for a second approver, and the record page and the list show the pending change', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const cookie = await adminCookie(author);
    await setFourEyes(false);
    const created = (await (await api(second, 'POST', '/api/v1/decisions', decision({ publish: true }))).json()) as Json;
    await setFourEyes(true);
    const form = new URLSearchParams({ ...Object.fromEntries(Object.entries(decision({ title: created.title })).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : String(v)])), votesBlank: '2', version: '1', changeNote: 'Sửa số phiếu trắng' });
    const saved = await post(`/admin/nhan-dan/quyet-dinh/${created.id}`, cookie, form);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/nhan-dan/quyet-dinh/${created.id}?da-luu=cho-duyet`);
    const page = await (await call(saved.headers.get('location')!, { headers: { cookie } })).text();
    expect(page).toContain('Chờ người duyệt thứ hai');
    expect(page).toContain('Thay đổi chờ duyệt: Sửa nội dung');
    expect(page).toMatch(/Số phiếu trắng, không ý kiến<\/th>\s*<td>3<\/td>\s*<td>2<\/td>/);
    const list = await (await call('/admin/nhan-dan/', { headers: { cookie } })).text();
    expect(list).toContain(`${created.title} (mã số ${created.id})</a> <span class="status status-published">Đã công khai</span><span class="status status-pending">Có thay đổi chờ duyệt</span>`);
  });

  it('withdrawing through the admin asks for the reason on its own page, keeps what was typed on a refusal, and then shows the record as withdrawn', async () => {
    const official = await makeOfficial();
    const cookie = await adminCookie(official);
    await setFourEyes(false);
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision({ publish: true }))).json()) as Json;
    const ask = await (await call(`/admin/nhan-dan/quyet-dinh/${created.id}/thu-hoi`, { headers: { cookie } })).text();
    expect(ask).toContain('Lý do thu hồi');
    const refused = await post(`/admin/nhan-dan/quyet-dinh/${created.id}/thu-hoi`, cookie, new URLSearchParams({ version: '1', reason: '' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Chưa nhập lý do thu hồi');
    expect((await env.DB.prepare('SELECT status FROM decisions WHERE id = ?').bind(created.id).first())!.status).toBe('published');
    const done = await post(`/admin/nhan-dan/quyet-dinh/${created.id}/thu-hoi`, cookie, new URLSearchParams({ version: '1', reason: 'Nhập trùng với nội dung khác' }));
    expect(done.status).toBe(303);
    const page = await (await call(done.headers.get('location')!, { headers: { cookie } })).text();
    expect(page).toContain('Đã thu hồi');
    expect(page).toContain('Lý do: Nhập trùng với nội dung khác');
  });
});

/** The pending panel of an admin page, alone: the form around it holds codes as option values. */
const pendingPanel = (page: string) => page.match(/<section class="pending"[\s\S]*?<\/section>/)?.[0] ?? '';

describe('the pending panel: what the second approver reads', () => {
  it('a board edit shows the members by name and role and the kind by its Vietnamese label, never "[object Object]" or a code', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    await setFourEyes(false);
    const fields = { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân ${crypto.randomUUID().slice(0, 6)}`, members: [{ name: 'Nguyễn Văn An', role: 'Trưởng ban', village: 'Khu phố 1' }] };
    const created = (await (await api(second, 'POST', '/api/v1/supervision/boards', { ...fields, publish: true })).json()) as Json;
    await setFourEyes(true);
    const members = [...fields.members, { name: 'Trần Thị Bình', role: 'Thành viên', village: '' }];
    const res = await api(author, 'PUT', `/api/v1/supervision/boards/${created.id}`, { ...fields, kind: 'giam_sat_dau_tu', members, version: 1, changeNote: 'Kiện toàn ban' });
    expect(res.status).toBe(202);

    const panel = pendingPanel(await (await call(`/admin/nhan-dan/ban/${created.id}`, { headers: { cookie: await adminCookie(second) } })).text());
    expect(panel).toMatch(/Loại<\/th>\s*<td>Ban thanh tra nhân dân<\/td>\s*<td>Ban giám sát đầu tư của cộng đồng<\/td>/);
    expect(panel).toMatch(/Thành viên<\/th>\s*<td>Nguyễn Văn An – Trưởng ban, Khu phố 1<\/td>\s*<td>Nguyễn Văn An – Trưởng ban, Khu phố 1; Trần Thị Bình – Thành viên<\/td>/);
    expect(panel).not.toContain('[object Object]');
    expect(panel).not.toMatch(/thanh_tra_nhan_dan|giam_sat_dau_tu/);
  });

  it('a finding moved to another board and given a date shows both boards by name and the date as dd/mm/yyyy', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    await setFourEyes(false);
    const board = async (name: string) => (await (await api(second, 'POST', '/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name, publish: true })).json()) as Json;
    const [from, to] = [await board(`Ban cũ ${crypto.randomUUID().slice(0, 6)}`), await board(`Ban mới ${crypto.randomUUID().slice(0, 6)}`)];
    const fields = { boardId: from.id, kind: 'phat_hien', title: `Giám sát chợ ${crypto.randomUUID().slice(0, 6)}`, body: 'Nội dung.' };
    const created = (await (await api(second, 'POST', '/api/v1/supervision/activities', { ...fields, publish: true })).json()) as Json;
    await setFourEyes(true);
    expect((await api(author, 'PUT', `/api/v1/supervision/activities/${created.id}`, { ...fields, boardId: to.id, heldOn: '2025-03-09', version: 1, changeNote: 'Nhầm ban' })).status).toBe(202);
    const panel = pendingPanel(await (await call(`/admin/nhan-dan/hoat-dong/${created.id}`, { headers: { cookie: await adminCookie(second) } })).text());
    expect(panel).toMatch(new RegExp(`Ban, tổ</th>\\s*<td>${from.name}</td>\\s*<td>${to.name}</td>`));
    // Dates as officials write them, never as stored.
    expect(panel).toMatch(/Ngày<\/th>\s*<td>—<\/td>\s*<td>09\/03\/2025<\/td>/);
  });
});

// ——— Consultations, through the admin forms ———

const today = todayInVietnam();


const post = (path: string, cookie: string, body: URLSearchParams | FormData) =>
  call(path, { method: 'POST', headers: { cookie, origin: ORIGIN, ...(body instanceof URLSearchParams ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, body, redirect: 'manual' });

async function publishedConsultation() {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến dự thảo (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'portal'],
    publish: true,
  });
  return value;
}
const publicConsultation = async (id: number) => (await listConsultations(env.DB, { publicOnly: true })).find((c) => c.id === id)!;
const openChange = (id: number) => env.DB.prepare("SELECT id, kind FROM pending_revisions WHERE entity = 'consultation' AND record_id = ? AND decision IS NULL").bind(id).first<{ id: number; kind: string }>();

describe('four eyes on: changes to a published consultation wait for a second approver', () => {
  it('an edit of its fields is pending (the admin says so), the author cannot approve it, another approver does: new value, version and public reason', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const [authorCookie, secondCookie] = [await adminCookie(author), await adminCookie(second)];
    const c = await publishedConsultation();
    await setFourEyes(true);
    const form = new URLSearchParams({ version: '1', title: `${c.title} (sửa)`, subject: c.subject, summary: c.summary, opensOn: c.opensOn!, closesOn: c.closesOn!, changeNote: 'Sửa tên cho đúng dự thảo' });
    for (const ch of c.channels) form.append('channels', ch);
    const saved = await post(`/admin/lay-y-kien/${c.id}/sua`, authorCookie, form);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?cho-duyet`);
    const page = await (await call(saved.headers.get('location')!, { headers: { cookie: authorCookie } })).text();
    expect(page).toContain('Chờ người duyệt thứ hai');
    expect(page).toContain('Thay đổi chờ duyệt: Sửa nội dung');
    expect((await publicConsultation(c.id)).title).toBe(c.title);
    const open = (await openChange(c.id))!;
    expect(open.kind).toBe('edit');

    expect((await post(`/admin/lay-y-kien/${c.id}/thay-doi/${open.id}/duyet`, authorCookie, new URLSearchParams())).status).toBe(403);
    expect((await publicConsultation(c.id)).title).toBe(c.title);

    expect((await post(`/admin/lay-y-kien/${c.id}/thay-doi/${open.id}/duyet`, secondCookie, new URLSearchParams())).status).toBe(303);
    const after = await publicConsultation(c.id);
    expect([after.title, after.version]).toEqual([`${c.title} (sửa)`, 2]);
    expect(after.changeNotes.map((n) => n.note)).toEqual(['Sửa tên cho đúng dự thảo']);
    expect(await auditActions('consultation', c.id)).toContain('approve-edit');
  });

  it('a new draft document and offline counts go to review too: the public consultation keeps its file and counts', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const authorCookie = await adminCookie(author);
    const c = await publishedConsultation();
    await setFourEyes(true);

    const upload = new FormData();
    upload.set('version', '1');
    upload.set('file', new File([new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`)], 'du-thao.pdf'));
    upload.set('changeNote', 'Đăng dự thảo đã sửa theo góp ý của Mặt trận.');
    const attached = await post(`/admin/lay-y-kien/${c.id}/tep`, authorCookie, upload);
    expect(attached.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?cho-duyet`);
    expect((await publicConsultation(c.id)).draftDocument).toBeNull();
    expect((await openChange(c.id))!.kind).toBe('draft_document');
    expect((await call(`/tep/y-kien/${c.id}/du-thao.pdf`)).status).toBe(404);

    // One open change at a time: the counts wait until the file is decided.
    const busy = await post(`/admin/lay-y-kien/${c.id}/so-lieu`, authorCookie, new URLSearchParams({ version: '1', meeting: '12' }));
    expect(busy.status).toBe(422);
    const secondCookie = await adminCookie(second);
    expect((await post(`/admin/lay-y-kien/${c.id}/thay-doi/${(await openChange(c.id))!.id}/duyet`, secondCookie, new URLSearchParams())).status).toBe(303);
    expect((await publicConsultation(c.id)).draftDocument?.fileName).toBe('du-thao.pdf');
    expect((await call(`/tep/y-kien/${c.id}/du-thao.pdf`)).status).toBe(200);

    const counts = await post(`/admin/lay-y-kien/${c.id}/so-lieu`, authorCookie, new URLSearchParams({ version: '2', meeting: '12' }));
    expect(counts.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?cho-duyet`);
    expect((await publicConsultation(c.id)).offlineCounts).toEqual({});
    expect((await openChange(c.id))!.kind).toBe('offline_counts');
    expect((await getConsultation(env.DB, c.id))!.version).toBe(2);
    // The second approver reads the counts per channel by the channel's name, not as JSON.
    const panel = pendingPanel(await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie: secondCookie } })).text());
    expect(panel).toMatch(/Số ý kiến nhận ngoài cổng<\/th>\s*<td>—<\/td>\s*<td>Họp dân ở thôn, tổ dân phố: 12<\/td>/);
    expect(panel).not.toContain('{');
  });
});

describe('four eyes on: an edit of a published consultation result (tiếp thu, giải trình)', () => {
  it('waits as a pending summary change; the public data keep the published result until a second approver approves, then show the new one with the reason', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const [authorCookie, secondCookie] = [await adminCookie(author), await adminCookie(second)];
    await setFourEyes(false);
    // A consultation that has closed, with its result already published.
    const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
    const { value: c } = await createConsultation(ctx, {
      title: `Lấy ý kiến đã kết thúc (${crypto.randomUUID().slice(0, 8)})`,
      subject: 'socio_economic_plan',
      summary: 'Dự thảo kế hoạch năm sau.',
      opensOn: addDays(today, -20),
      closesOn: addDays(today, -1),
      channels: ['meeting', 'portal'],
      publish: true,
    });
    const oldTheme = { theme: 'Mở rộng đường', opinions: 4, outcome: 'taken_up', response: 'Đưa vào dự thảo.' };
    await saveSummary(ctx, c.id, { version: c.version, themes: [oldTheme], resultNote: '', finalDocumentNumber: '35/QĐ-UBND', changeNote: '', publish: true });
    const published = await publicConsultation(c.id);
    expect([published.summaryStatus, published.themes]).toEqual(['published', [oldTheme]]);
    await setFourEyes(true);

    const form = new URLSearchParams({
      version: String(published.version),
      theme1: 'Mở rộng đường',
      opinions1: '5',
      outcome1: 'taken_up',
      response1: 'Đưa vào dự thảo, mở rộng thêm 1 m.',
      finalDocumentNumber: '35/QĐ-UBND',
      changeNote: 'Bổ sung một ý kiến nhận tại hội nghị',
      action: 'publish',
    });
    const saved = await post(`/admin/lay-y-kien/${c.id}/ket-qua`, authorCookie, form);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?cho-duyet`);
    const open = (await openChange(c.id))!;
    expect(open.kind).toBe('summary');
    expect((await publicConsultation(c.id)).themes).toEqual([oldTheme]);

    expect((await post(`/admin/lay-y-kien/${c.id}/thay-doi/${open.id}/duyet`, authorCookie, new URLSearchParams())).status).toBe(403);
    expect((await publicConsultation(c.id)).themes).toEqual([oldTheme]);

    expect((await post(`/admin/lay-y-kien/${c.id}/thay-doi/${open.id}/duyet`, secondCookie, new URLSearchParams())).status).toBe(303);
    const after = await publicConsultation(c.id);
    expect(after.themes).toEqual([{ theme: 'Mở rộng đường', opinions: 5, outcome: 'taken_up', response: 'Đưa vào dự thảo, mở rộng thêm 1 m.' }]);
    expect(after.summaryStatus).toBe('published');
    expect(after.changeNotes.map((n) => n.note)).toEqual(['Bổ sung một ý kiến nhận tại hội nghị']);
  });
});

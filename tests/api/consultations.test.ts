import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, formatDate, todayInVietnam } from '../../schema/core/dates.ts';
import { OPINIONS_PER_ADDRESS, type ConsultationFields } from '../../schema/consultation/consultation.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { listPublicOpinions } from '../../schema/consultation/consultations.db.ts';
import { backupFiles, exportBackup } from '../../schema/core/backup.db.ts';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { api, call, FROM_CLOUDFLARE, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

/** Consultations and the public opinion form, through the Worker's fetch on real D1. */

const today = todayInVietnam();

async function makeConsultation(overrides: Partial<ConsultationFields> = {}) {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến dự thảo kế hoạch (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch phát triển kinh tế - xã hội năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'portal'],
    publish: true,
    ...overrides,
  });
  return value;
}

/** A distinct sender address per test, so the per-address limit of one test never reaches another. */
const anAddress = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;

function sendOpinion(slug: string, fields: Record<string, string>, address: string, init: { origin?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': address };
  if (init.origin !== null) headers.origin = init.origin ?? ORIGIN;
  return call(`/gop-y/${slug}`, { ...FROM_CLOUDFLARE, method: 'POST', headers, body: new URLSearchParams(fields), redirect: 'manual' });
}

const goodOpinion = (extra: Record<string, string> = {}) => ({
  body: 'Đề nghị làm đường bê tông ở tổ 3 trước mùa mưa.',
  authorName: 'Nguyễn Văn A',
  authorPlace: 'Khu phố 2',
  contact: '0912 345 678',
  consent: '1',
  website: '',
  ...extra,
});

const countOpinions = async (consultationId: number) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(consultationId).first<{ n: number }>())!.n;

describe('POST /gop-y/:slug', () => {
  it('stores an opinion and answers a receipt page with its receipt number', async () => {
    const c = await makeConsultation();
    const res = await sendOpinion(c.slug, goodOpinion(), anAddress());
    expect(res.status).toBe(201);
    const html = await res.text();
    const receipt = html.match(/Số phiếu nhận: <strong>(YK-\d+-[A-Z0-9]{6})<\/strong>/)?.[1];
    expect(receipt).toBeDefined();
    const row = await env.DB.prepare('SELECT * FROM consultation_opinions WHERE receipt = ?').bind(receipt).first<Record<string, unknown>>();
    expect(row).toMatchObject({ consultation_id: c.id, status: 'pending', contact: '0912 345 678', author_place: 'Khu phố 2' });
    // The address is kept only as a salted hash.
    expect(String(row!.address_hash)).toMatch(/^[0-9a-f]{64}$/);
    const audit = await env.DB.prepare("SELECT after_json FROM audit_log WHERE entity = 'consultation_opinion' AND entity_id = ?").bind(String(row!.id)).first<{ after_json: string }>();
    expect(JSON.parse(audit!.after_json)).toEqual({ consultationId: c.id, receipt, by: 'Người dân qua cổng thông tin' });
  });

  it('answers the 11th opinion from one address within the window with 429 and a Vietnamese message', async () => {
    const c = await makeConsultation();
    const address = anAddress();
    for (let i = 0; i < OPINIONS_PER_ADDRESS; i++) expect((await sendOpinion(c.slug, goodOpinion({ body: `Ý kiến số ${i + 1}` }), address)).status).toBe(201);
    const res = await sendOpinion(c.slug, goodOpinion({ body: 'Ý kiến thứ 11' }), address);
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Bạn đã gửi nhiều ý kiến trong 24 giờ qua');
    expect(await countOpinions(c.id)).toBe(OPINIONS_PER_ADDRESS);
    // Another address is not affected.
    expect((await sendOpinion(c.slug, goodOpinion(), anAddress())).status).toBe(201);
  });

  it('refuses a body larger than the limit with 413 and stores nothing', async () => {
    const c = await makeConsultation();
    const res = await sendOpinion(c.slug, goodOpinion({ body: 'ý'.repeat(40_000) }), anAddress());
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Ý kiến quá dài');
    expect(await countOpinions(c.id)).toBe(0);
  });

  it('gives the form back filled in, naming the field, when the text is too long or consent is missing', async () => {
    const c = await makeConsultation();
    const res = await sendOpinion(c.slug, goodOpinion({ body: 'a'.repeat(5001), consent: '' }), anAddress());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Ý kiến dài quá 5000 ký tự.');
    expect(html).toContain('Hãy đánh dấu ô đồng ý');
    expect(html).toContain('value="Nguyễn Văn A"');
    expect(await countOpinions(c.id)).toBe(0);
  });

  it('refuses a filled honeypot and stores nothing', async () => {
    const c = await makeConsultation();
    const res = await sendOpinion(c.slug, goodOpinion({ website: 'http://spam.example' }), anAddress());
    expect(res.status).toBe(422);
    expect(await countOpinions(c.id)).toBe(0);
  });

  it('refuses an opinion on a closed consultation', async () => {
    const c = await makeConsultation({ opensOn: addDays(today, -30), closesOn: addDays(today, -1) });
    const res = await sendOpinion(c.slug, goodOpinion(), anAddress());
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Đã hết thời gian lấy ý kiến');
    expect(await countOpinions(c.id)).toBe(0);
  });

  it('refuses a post from another site (Origin) with 403', async () => {
    const c = await makeConsultation();
    const res = await sendOpinion(c.slug, goodOpinion(), anAddress(), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await countOpinions(c.id)).toBe(0);
  });

  it('stores the text NFC-normalised and escapes it when the form comes back', async () => {
    const c = await makeConsultation();
    const decomposed = 'Đề nghị sửa đường'.normalize('NFD');
    const res = await sendOpinion(c.slug, goodOpinion({ body: decomposed, authorName: '<script>alert(1)</script>', consent: '' }), anAddress());
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const ok = await sendOpinion(c.slug, goodOpinion({ body: decomposed }), anAddress());
    expect(ok.status).toBe(201);
    const row = await env.DB.prepare('SELECT body FROM consultation_opinions WHERE consultation_id = ?').bind(c.id).first<{ body: string }>();
    expect(row!.body).toBe('Đề nghị sửa đường'.normalize('NFC'));
  });
});

// ——— Admin ———

async function login(official: Official): Promise<string> {
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

function postForm(path: string, cookie: string, fields: [string, string][]) {
  return call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN }, body: new URLSearchParams(fields), redirect: 'manual' });
}

async function opinionId(consultationId: number, body: string): Promise<number> {
  return (await env.DB.prepare('SELECT id FROM consultation_opinions WHERE consultation_id = ? AND body = ?').bind(consultationId, body).first<{ id: number }>())!.id;
}

describe('admin moderation /admin/lay-y-kien', () => {
  it('shows an opinion with HTML escaped in the moderation queue', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const c = await makeConsultation();
    await sendOpinion(c.slug, goodOpinion({ body: '<img src=x onerror=alert(1)> đường hỏng' }), anAddress());
    const res = await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; đường hỏng');
    expect(html).not.toContain('<img src=x');
  });

  it('publishes an opinion with the text the moderator wrote, and hides another with a reason', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const c = await makeConsultation();
    await sendOpinion(c.slug, goodOpinion({ body: 'Gọi tôi số 0912 345 678 về con đường.' }), anAddress());
    await sendOpinion(c.slug, goodOpinion({ body: 'Quảng cáo bán hàng' }), anAddress());
    const shown = await opinionId(c.id, 'Gọi tôi số 0912 345 678 về con đường.');
    const spam = await opinionId(c.id, 'Quảng cáo bán hàng');
    // A hide without a reason is refused and changes nothing.
    const refused = await postForm(`/admin/lay-y-kien/y-kien/${spam}`, cookie, [['decision', 'hide'], ['hideReason', '']]);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Chưa nhập lý do không đăng.');
    expect((await postForm(`/admin/lay-y-kien/y-kien/${shown}`, cookie, [['decision', 'publish'], ['publishedBody', 'Đề nghị sửa con đường.']])).status).toBe(303);
    expect((await postForm(`/admin/lay-y-kien/y-kien/${spam}`, cookie, [['decision', 'hide'], ['hideReason', 'Quảng cáo, không liên quan']])).status).toBe(303);
    const published = (await listPublicOpinions(env.DB)).filter((o) => o.consultation === c.slug);
    // The hidden opinion and the contact never reach what the site and open data read.
    expect(published).toEqual([{ receipt: expect.stringMatching(/^YK-/), consultation: c.slug, text: 'Đề nghị sửa con đường.', authorName: '', authorPlace: '', receivedOn: expect.any(String) }]);
    expect(JSON.stringify(published)).not.toContain('0912');
    expect(JSON.stringify(published)).not.toContain('Quảng cáo');
  });
});

describe('POST /admin/lay-y-kien/moi', () => {
  it('refuses a close date before the open date in Vietnamese, keeps what was typed, stores nothing', async () => {
    const cookie = await login(await makeOfficial());
    const before = (await env.DB.prepare('SELECT count(*) AS n FROM consultations').first<{ n: number }>())!.n;
    const title = `Lấy ý kiến quy hoạch (${crypto.randomUUID().slice(0, 8)})`;
    const res = await postForm('/admin/lay-y-kien/moi', cookie, [
      ['title', title], ['subject', 'land_use_plan'], ['summary', 'Dự thảo quy hoạch.'], ['opensOn', '10/06/2025'], ['closesOn', '01/06/2025'],
      ['channels', 'portal'], ['action', 'publish'],
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Ngày kết thúc lấy ý kiến phải từ ngày bắt đầu trở đi.');
    expect(html).toContain(`value="${title}"`);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM consultations').first<{ n: number }>())!.n).toBe(before);
  });

  it('creates a consultation with "Lưu và công khai" and publishes it on the confirmation, with its audit rows', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const title = `Lấy ý kiến bồi thường (${crypto.randomUUID().slice(0, 8)})`;
    const res = await postForm('/admin/lay-y-kien/moi', cookie, [
      ['title', title], ['subject', 'compensation'], ['summary', 'Phương án bồi thường.'], ['opensOn', '2025-06-01'], ['closesOn', '2025-06-30'],
      ['channels', 'portal'], ['channels', 'dialogue'], ['action', 'publish'],
    ]);
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT id, status, channels FROM consultations WHERE title = ?').bind(title).first<{ id: number; status: string; channels: string }>();
    expect(row).toMatchObject({ status: 'draft', channels: '["dialogue","portal"]' });
    expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${row!.id}/cong-khai?moi`);
    expect((await postForm(`/admin/lay-y-kien/${row!.id}/cong-khai`, cookie, [['version', '1'], ['xac-nhan', '1']])).status).toBe(303);
    expect((await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(row!.id).first())!.status).toBe('published');
    const audit = await env.DB.prepare("SELECT action, actor_account_id FROM audit_log WHERE entity = 'consultation' AND entity_id = ? ORDER BY id").bind(String(row!.id)).all();
    expect(audit.results).toEqual([
      { action: 'create', actor_account_id: official.accountId },
      { action: 'publish', actor_account_id: official.accountId },
    ]);
  });
});

describe('POST /admin/lay-y-kien/:id/ket-qua', () => {
  const result = (version: number): [string, string][] => [
    ['version', String(version)], ['theme1', 'Mở rộng đường'], ['opinions1', '4'], ['outcome1', 'taken_up'], ['response1', 'Đưa vào dự thảo.'],
    ['theme2', 'Giảm mức đóng góp'], ['opinions2', ''], ['outcome2', 'explained'], ['response2', 'Mức đóng góp đã được họp dân thống nhất.'],
    ['finalDocumentNumber', '35/QĐ-UBND'], ['action', 'publish'],
  ];

  it('refuses a result while opinions are still being taken', async () => {
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation();
    const res = await postForm(`/admin/lay-y-kien/${c.id}/ket-qua`, cookie, result(c.version));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Chưa hết thời gian lấy ý kiến');
    expect((await env.DB.prepare('SELECT summary_status FROM consultations WHERE id = ?').bind(c.id).first())!.summary_status).toBe('none');
  });

  it('stores the result as a draft, asks, and publishes it when confirmed; taken-up counts stay unknown when a group has no count', async () => {
    await env.DB.prepare('UPDATE unit SET four_eyes = 0').run();
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation({ opensOn: addDays(today, -30), closesOn: addDays(today, -1) });
    const res = await postForm(`/admin/lay-y-kien/${c.id}/ket-qua`, cookie, result(c.version));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}/ket-qua/cong-bo`);
    const status = async () => (await env.DB.prepare('SELECT summary_status FROM consultations WHERE id = ?').bind(c.id).first<{ summary_status: string }>())!.summary_status;
    expect(await status()).toBe('draft');
    const ask = await (await call(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(ask).toContain(`Công bố kết quả tiếp thu, giải trình của “${c.title}”?`);
    expect(ask).toContain('Đã lưu kết quả thành bản nháp; chưa công bố.');
    expect(ask).toContain(`<input type="hidden" name="version" value="${c.version + 1}"/>`);
    // The confirmation page's button, without its confirmation field, only asks again.
    expect((await postForm(`/admin/lay-y-kien/${c.id}/ket-qua/cong-bo`, cookie, [['version', String(c.version + 1)]])).status).toBe(200);
    expect(await status()).toBe('draft');
    const done = await postForm(`/admin/lay-y-kien/${c.id}/ket-qua/cong-bo`, cookie, [['version', String(c.version + 1)], ['xac-nhan', '1']]);
    expect(done.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-cong-khai`);
    const actions = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'consultation' AND entity_id = ? ORDER BY id").bind(String(c.id)).all<{ action: string }>();
    expect(actions.results.map((a) => a.action).slice(-2)).toEqual(['summary', 'summary+publish']);
    const row = await env.DB.prepare('SELECT summary_status, themes, final_document_number FROM consultations WHERE id = ?').bind(c.id).first<{ summary_status: string; themes: string; final_document_number: string }>();
    expect(row!.summary_status).toBe('published');
    expect(row!.final_document_number).toBe('35/QĐ-UBND');
    expect(JSON.parse(row!.themes)).toEqual([
      { theme: 'Mở rộng đường', opinions: 4, outcome: 'taken_up', response: 'Đưa vào dự thảo.' },
      { theme: 'Giảm mức đóng góp', opinions: null, outcome: 'explained', response: 'Mức đóng góp đã được họp dân thống nhất.' },
    ]);
    // Editing a published result needs a public reason.
    const again = await postForm(`/admin/lay-y-kien/${c.id}/ket-qua`, cookie, result(c.version + 2));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('hãy ghi lý do sửa đổi');
  });
});

describe('POST /admin/lay-y-kien/:id/sua', () => {
  it('edits a published consultation only with a reason, which is kept for its public page', async () => {
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation();
    const fields = (extra: [string, string][]): [string, string][] => [
      ['version', String(c.version)], ['title', c.title], ['subject', c.subject], ['summary', c.summary], ['opensOn', c.opensOn!], ['closesOn', addDays(today, 25)],
      ['channels', 'meeting'], ['channels', 'portal'], ...extra,
    ];
    const refused = await postForm(`/admin/lay-y-kien/${c.id}/sua`, cookie, fields([]));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('hãy ghi lý do sửa đổi');
    // Dates come back as Vietnamese write them (dd/mm/yyyy), whatever shape was sent.
    expect(html).toContain(`value="${formatDate(addDays(today, 25))}"`);
    expect((await postForm(`/admin/lay-y-kien/${c.id}/sua`, cookie, fields([['changeNote', 'Kéo dài thời gian lấy ý kiến 5 ngày.']]))).status).toBe(303);
    const row = await env.DB.prepare('SELECT closes_on, change_notes FROM consultations WHERE id = ?').bind(c.id).first<{ closes_on: string; change_notes: string }>();
    expect(row!.closes_on).toBe(addDays(today, 25));
    expect(JSON.parse(row!.change_notes)).toEqual([{ at: expect.any(String), note: 'Kéo dài thời gian lấy ý kiến 5 ngày.' }]);
  });
});

describe('POST /admin/lay-y-kien/:id/tep', () => {
  const upload = (path: string, cookie: string, version: number, file: File) => {
    const form = new FormData();
    form.set('version', String(version));
    form.set('file', file);
    // The consultation is published: a new draft document says why, publicly (issue 22.4).
    form.set('changeNote', 'Đăng dự thảo để người dân đọc.');
    return call(path, { method: 'POST', headers: { cookie, origin: ORIGIN }, body: form, redirect: 'manual' });
  };

  it('attaches a PDF draft that citizens can download, and refuses HTML named .pdf', async () => {
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation();
    const fake = await upload(`/admin/lay-y-kien/${c.id}/tep`, cookie, c.version, new File(['<html><script>alert(1)</script>'], 'du-thao.pdf'));
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain('không phải PDF');
    const pdf = new File(['%PDF-1.4\n% dự thảo\n'], 'Dự thảo kế hoạch.pdf');
    expect((await upload(`/admin/lay-y-kien/${c.id}/tep`, cookie, c.version, pdf)).status).toBe(303);
    const res = await call(`/tep/y-kien/${c.id}/${encodeURIComponent('Dự thảo kế hoạch.pdf')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('%PDF-1.4\n% dự thảo\n');
    // The backup carries the draft's bytes, as it carries disclosures' attachments.
    const saved = new Map<string, Uint8Array>();
    const backup = await exportBackup(env.DB, env.FILES, { put: async (sha, bytes) => void saved.set(sha, bytes), get: async () => null });
    const sha = await sha256Hex(new TextEncoder().encode('%PDF-1.4\n% dự thảo\n'));
    expect(backupFiles(backup).find((f) => f.sha256 === sha)?.objectKeys).toContain(`tep/y-kien/${c.id}/${sha}`);
    expect(saved.has(sha)).toBe(true);
  });
});

describe('POST /admin/lay-y-kien/:id/so-lieu and /cong-khai', () => {
  it('stores offline counts per channel, a blank one as unknown (null), never 0', async () => {
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation({ channels: ['meeting', 'questionnaire', 'portal'] });
    const bad = await postForm(`/admin/lay-y-kien/${c.id}/so-lieu`, cookie, [['version', String(c.version)], ['meeting', '-3'], ['questionnaire', '']]);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('phải là số nguyên từ 0 trở lên');
    const res = await postForm(`/admin/lay-y-kien/${c.id}/so-lieu`, cookie, [['version', String(c.version)], ['meeting', '12'], ['questionnaire', '']]);
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT offline_counts FROM consultations WHERE id = ?').bind(c.id).first<{ offline_counts: string }>();
    expect(JSON.parse(row!.offline_counts)).toEqual({ meeting: 12, questionnaire: null });
  });

  it('asks before publishing a draft consultation, and publishes it when confirmed', async () => {
    const cookie = await login(await makeOfficial());
    const c = await makeConsultation({ publish: false } as Partial<ConsultationFields>);
    expect(c.status).toBe('draft');
    expect((await postForm(`/admin/lay-y-kien/${c.id}/cong-khai`, cookie, [['version', String(c.version)]])).status).toBe(200);
    expect((await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(c.id).first())!.status).toBe('draft');
    expect((await postForm(`/admin/lay-y-kien/${c.id}/cong-khai`, cookie, [['version', String(c.version)], ['xac-nhan', '1']])).status).toBe(303);
    expect((await env.DB.prepare('SELECT status FROM consultations WHERE id = ?').bind(c.id).first())!.status).toBe('published');
  });
});

describe('/api/v1/consultations', () => {
  it('creates a consultation, lists it, and moderates an opinion given on the portal', async () => {
    const official = await makeOfficial();
    const title = `Lấy ý kiến qua API (${crypto.randomUUID().slice(0, 8)})`;
    const created = await api(official, 'POST', '/api/v1/consultations', {
      title, subject: 'draft_decision', summary: 'Dự thảo quyết định.', opensOn: addDays(today, -1), closesOn: addDays(today, 5), channels: ['portal'], publish: true,
    });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { id: number; slug: string; status: string };
    expect(c.status).toBe('published');
    const list = (await (await api(official, 'GET', '/api/v1/consultations')).json()) as { items: { id: number }[] };
    expect(list.items.map((i) => i.id)).toContain(c.id);
    await sendOpinion(c.slug, goodOpinion({ body: 'Ý kiến gửi để duyệt qua API' }), anAddress());
    const id = await opinionId(c.id, 'Ý kiến gửi để duyệt qua API');
    const bad = await api(official, 'POST', `/api/v1/consultations/opinions/${id}/moderation`, { decision: 'hide' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields[0]!.field).toBe('hideReason');
    const ok = await api(official, 'POST', `/api/v1/consultations/opinions/${id}/moderation`, { decision: 'hide', hideReason: 'Trùng ý kiến đã đăng' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, status: 'hidden', hideReason: 'Trùng ý kiến đã đăng' });
  });
});

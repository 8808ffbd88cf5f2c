import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { insertFormDraft } from '../../schema/core/form-drafts.db.ts';
import { createReport } from '../../schema/report/democracy-reports.use-cases.ts';
import { adminCookie, call, makeOfficial, ORIGIN, uniqueYear, type Official } from '../helpers.ts';

/**
 * Issue 22.3: a form sent after the session ended comes back, after the next login, into its own
 * form — labelled boxes, chosen options and ticks — never as a list of raw codes.
 */

/** Ends the session behind `cookie` as the clock would, leaving its row as an ended session. */
async function endSessionByClock(cookie: string) {
  const token = decodeURIComponent(cookie.split('=')[1]!);
  const past = new Date(Date.now() - 60_000).toISOString();
  await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').bind(past, await sha256Hex(token)).run();
}

const login = (official: Official, next: string) =>
  call(`/admin/dang-nhap?tiep=${encodeURIComponent(next)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });

/** The `_from` a page's form to `action` carries, as a browser would send it back. */
async function pageField(cookie: string, page: string, action: string): Promise<string> {
  const html = await (await call(page, { headers: { cookie } })).text();
  const form = html.slice(html.indexOf(`action="${action}"`));
  return /name="_from" value="([^"]+)"/.exec(form)![1]!;
}

/**
 * Opens `page`, lets the session end, posts `fields` to `action` as the form would, logs in again
 * and follows the redirect: the page the official lands on.
 */
async function sendAfterSessionEnded(
  page: string,
  action: string,
  fields: [string, string][],
  meanwhile?: () => Promise<unknown>,
): Promise<{ location: string; html: string }> {
  const official = await makeOfficial();
  const cookie = await adminCookie(official);
  const from = await pageField(cookie, page, action);
  await endSessionByClock(cookie);
  const sent = await call(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
    body: new URLSearchParams([['_once', crypto.randomUUID()], ['_from', from], ...fields]),
    redirect: 'manual',
  });
  expect(sent.headers.get('location')).toContain('het-phien');
  await meanwhile?.();
  const again = await login(official, action);
  const location = again.headers.get('location')!;
  const fresh = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
  let res = await call(location, { headers: { cookie: fresh } });
  // A page may send the official on (a form it does not fill itself goes to the resend page).
  if (res.status === 303) res = await call(res.headers.get('location')!, { headers: { cookie: fresh } });
  expect(res.status).toBe(200);
  return { location, html: await res.text() };
}

const today = todayInVietnam();

describe('a form kept across an ended session comes back into its own form', () => {
  it('a decision by the people: its kind, scope and "passed" are chosen options with their labels', async () => {
    const title = `Đóng góp làm đường ${crypto.randomUUID().slice(0, 8)}`;
    const { location, html } = await sendAfterSessionEnded('/admin/nhan-dan/quyet-dinh/moi', '/admin/nhan-dan/quyet-dinh/moi', [
      ['title', title],
      ['matter', 'cong_trinh_dong_gop'],
      ['scope', 'thon'],
      ['places', 'Thôn 3'],
      ['passed', 'true'],
      ['summary', 'Mức đóng góp 500.000 đồng mỗi hộ.'],
      ['action', 'draft'],
    ]);
    expect(location).toMatch(/^\/admin\/nhan-dan\/quyet-dinh\/moi\?khoi-phuc=\d+$/);
    expect(html).toContain('Những gì bạn đã nhập được');
    expect(html).toContain(`value="${title}"`);
    expect(html).toContain('<option value="cong_trinh_dong_gop" selected="">Chủ trương, mức đóng góp xây dựng công trình công cộng của cộng đồng</option>');
    expect(html).toContain('<option value="thon" selected="">Một số thôn, tổ dân phố</option>');
    expect(html).toContain('<option value="true" selected="">Có</option>');
    // Not the old resend page's list of values.
    expect(html).not.toContain('<li>cong_trinh_dong_gop</li>');
  });

  it('a supervision board: its kind is the chosen option, its members in their box', async () => {
    const { location, html } = await sendAfterSessionEnded('/admin/nhan-dan/ban/moi', '/admin/nhan-dan/ban/moi', [
      ['kind', 'thanh_tra_nhan_dan'],
      ['name', 'Ban thanh tra nhân dân thị trấn'],
      ['members', 'Lê Văn C; trưởng ban; khu phố 1'],
      ['action', 'draft'],
    ]);
    expect(location).toMatch(/^\/admin\/nhan-dan\/ban\/moi\?khoi-phuc=\d+$/);
    expect(html).toContain('<option value="thanh_tra_nhan_dan" selected="">Ban thanh tra nhân dân</option>');
    expect(html).toMatch(/<textarea id="members" name="members"[^>]*>Lê Văn C; trưởng ban; khu phố 1<\/textarea>/);
    expect(html).not.toContain('<li>thanh_tra_nhan_dan</li>');
  });

  it('a new consultation: its subject chosen and its channels ticked', async () => {
    const title = `Lấy ý kiến giữ lại ${crypto.randomUUID().slice(0, 8)}`;
    const { html } = await sendAfterSessionEnded('/admin/lay-y-kien/moi', '/admin/lay-y-kien/moi', [
      ['title', title],
      ['subject', 'socio_economic_plan'],
      ['channels', 'portal'],
      ['channels', 'meeting'],
      ['action', 'draft'],
    ]);
    expect(html).toContain(`value="${title}"`);
    expect(html).toMatch(/<option value="socio_economic_plan" selected="">[^<]+<\/option>/);
    expect(html).toMatch(/value="portal" checked=""/);
    expect(html).toMatch(/value="meeting" checked=""/);
  });

  it("a consultation's result, posted to its own address, comes back on the consultation's page with its outcome ticked", async () => {
    const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
    const { value: c } = await createConsultation(ctx, {
      title: `Lấy ý kiến đã kết thúc ${crypto.randomUUID().slice(0, 8)}`,
      subject: 'socio_economic_plan',
      summary: 'Dự thảo kế hoạch.',
      opensOn: addDays(today, -30),
      closesOn: addDays(today, -2),
      channels: ['meeting', 'portal'],
      publish: true,
    });
    const page = `/admin/lay-y-kien/${c.id}`;
    const { location, html } = await sendAfterSessionEnded(page, `${page}/ket-qua`, [
      ['version', String(c.version)],
      ['theme1', 'Đề nghị giảm mức đóng góp'],
      ['opinions1', '12'],
      ['outcome1', 'explained'],
      ['response1', 'Mức đóng góp đã được Hội đồng nhân dân thông qua.'],
      ['action', 'draft'],
    ]);
    expect(location).toBe(`${page}?khoi-phuc=${/khoi-phuc=(\d+)/.exec(location)![1]}`);
    expect(html).toContain('value="Đề nghị giảm mức đóng góp"');
    expect(html).toMatch(/value="explained" checked=""/);
    expect(html).not.toMatch(/value="taken_up" checked/);
    expect(html).not.toContain('<li>explained</li>');
  });


  it("a moderation comes back into the opinion's own card, its reason typed and the button pressed named", async () => {
    const { c, opinionId } = await consultationWithOpinions(1);
    const reason = `Không liên quan ${crypto.randomUUID().slice(0, 8)}`;
    const { location, html } = await sendAfterSessionEnded(`/admin/lay-y-kien/${c.id}`, `/admin/lay-y-kien/y-kien/${opinionId}`, [
      ['publishedBody', 'Đề nghị sửa cống.'],
      ['hideReason', reason],
      ['decision', 'hide'],
    ]);
    expect(location).toMatch(new RegExp(`^/admin/lay-y-kien/${c.id}\\?khoi-phuc=\\d+$`));
    expect(html).not.toContain('Gửi lại biểu mẫu');
    const card = html.slice(html.indexOf(`id="y-kien-${opinionId}"`));
    expect(card).toContain('Những gì bạn đã nhập được');
    expect(card).toContain('Lần trước bạn đã bấm “Không đăng”');
    expect(card).toMatch(new RegExp(`id="hideReason-${opinionId}" name="hideReason" value="${reason}"`));
  });

  it('a bulk hide comes back into its own form with its sender still chosen, even one no longer listed', async () => {
    const { c } = await consultationWithOpinions(2);
    // A sender the page no longer lists (its opinions were moderated meanwhile): still the one chosen, never "every sender".
    const gone = crypto.randomUUID().replaceAll('-', '').padEnd(64, 'c');
    const { html } = await sendAfterSessionEnded(`/admin/lay-y-kien/${c.id}`, `/admin/lay-y-kien/${c.id}/an-hang-loat`, [
      ['addressHash', gone],
      ['from', '07/12/2026 08:30'],
      ['to', ''],
      ['hideReason', 'Gửi tự động'],
    ]);
    expect(html).not.toContain('Gửi lại biểu mẫu');
    const form = html.slice(html.indexOf('Ẩn nhiều ý kiến cùng lúc'));
    expect(form).toContain('Những gì bạn đã nhập được');
    expect(form).toContain(`<option value="${gone}" selected="">Người gửi mã ${gone.slice(0, 8)} (đã chọn trước khi hết phiên)</option>`);
    expect(form).toContain('value="07/12/2026 08:30"');
    expect(form).toContain('value="Gửi tự động"');
  });

  it("a report's publish form comes back with its chosen content and its tick", async () => {
    const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
    const { value: report } = await createReport(ctx, { kind: 'half', year: uniqueYear(), number: 1 });
    const page = `/admin/bao-cao/${report.id}`;
    const { location, html } = await sendAfterSessionEnded(page, `${page}/cong-khai`, [
      ['version', String(report.version)],
      ['category', 'ngan-sach'],
      ['confirm', 'on'],
    ]);
    expect(location).toBe(`${page}?khoi-phuc=${/khoi-phuc=(\d+)/.exec(location)![1]}`);
    const form = html.slice(html.indexOf('id="cong-khai"'));
    expect(form).toContain('Những gì bạn đã nhập được');
    expect(form).toMatch(/<option value="ngan-sach" selected="">/);
    expect(form).not.toMatch(/<option value="thong-tin-khac" selected/);
    expect(form).toContain('name="confirm" value="on" checked=""');
  });

  it('a moderation whose opinion was moderated meanwhile comes to the resend page, every entry under its label', async () => {
    const { c, opinionId } = await consultationWithOpinions(1);
    const reason = `Trùng lặp ${crypto.randomUUID().slice(0, 8)}`;
    const { html } = await sendAfterSessionEnded(
      `/admin/lay-y-kien/${c.id}`,
      `/admin/lay-y-kien/y-kien/${opinionId}`,
      [
        ['publishedBody', 'Đề nghị sửa cống.'],
        ['showName', 'on'],
        ['hideReason', reason],
        ['decision', 'hide'],
      ],
      // Another moderator hides it before this official logs in again: the card is gone.
      () => env.DB.prepare("UPDATE consultation_opinions SET status = 'hidden', hide_reason = 'Khác' WHERE id = ?").bind(opinionId).run(),
    );
    expect(html).toContain('Gửi lại biểu mẫu');
    const shown = visiblePart(html);
    expect(shown).toContain('<dt>Lý do không đăng</dt><dd style="white-space:pre-wrap">' + reason + '</dd>');
    expect(shown).toContain('<dt>Nút đã bấm</dt><dd style="white-space:pre-wrap">Không đăng</dd>');
    expect(shown).toContain('<dt>Đăng kèm họ tên và thôn, tổ người gửi đã ghi</dt><dd style="white-space:pre-wrap">Có</dd>');
    for (const code of ['hide', 'on', 'decision', 'showName', 'hideReason']) expect(shown).not.toMatch(new RegExp(`>${code}<`));
  });
});

/** The resend page above its form of hidden fields: what the official reads. */
const visiblePart = (html: string) => html.slice(html.indexOf('<h1>Gửi lại biểu mẫu'), html.indexOf('<form method="post"', html.indexOf('<h1>Gửi lại biểu mẫu')));

/** A published, open consultation and `n` opinions from one sender (no Cloudflare: the unknown address). */
async function consultationWithOpinions(n: number) {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value: c } = await createConsultation(ctx, {
    title: `Lấy ý kiến kiểm duyệt ${crypto.randomUUID().slice(0, 8)}`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'portal'],
    publish: true,
  });
  for (let i = 0; i < n; i++) {
    const sent = await call(`/gop-y/${c.slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ body: `Đề nghị sửa cống ${i}.`, authorName: '', authorPlace: '', contact: '', consent: '1', website: '' }),
    });
    expect(sent.status).toBe(201);
  }
  const opinion = (await env.DB.prepare('SELECT id FROM consultation_opinions WHERE consultation_id = ?').bind(c.id).first<{ id: number }>())!;
  return { c, opinionId: opinion.id };
}

/**
 * Every form built by hand (its fields outside `<Form>`, so functions/admin/fields.tsx cannot fill
 * them back), read from the source, and the bulk hide (a `<Form>` the page shows only while
 * opinions wait): the forms that may reach the resend page. A new one is found here too.
 */
const SOURCES = import.meta.glob('../../functions/**/*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function handBuiltFields(): Map<string, Set<string>> {
  const fields = new Map<string, Set<string>>();
  for (const [file, source] of Object.entries(SOURCES)) {
    if (file.endsWith('/admin/fields.tsx')) continue;
    for (const [form] of source.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
      if (!form.includes('<FormGuard />')) continue;
      for (const [, tag] of form.matchAll(/<(?:input|select|textarea|button)\b([^>]*)>/g)) {
        // Hidden fields are the record's own (its version); passwords are never kept (functions/auth.ts).
        if (!/\bname=/.test(tag!) || /type="(hidden|password)"/.test(tag!)) continue;
        const name = /name="([^"]+)"/.exec(tag!)?.[1];
        expect(name, `a hand-built form's field in ${file} names itself literally: ${tag}`).toBeDefined();
        const values = fields.get(name!) ?? new Set<string>();
        const value = /value="([^"]*)"/.exec(tag!)?.[1];
        if (value !== undefined) values.add(value);
        fields.set(name!, values);
      }
    }
  }
  return fields;
}

/** A value for a field whose codes the source does not spell (a list from the database), and the bulk hide's. */
const SAMPLES: Record<string, string> = {
  category: 'thong-tin-khac',
  publishedBody: 'Đề nghị sửa cống.',
  hideReason: 'Gửi tự động',
  addressHash: 'ab'.repeat(32),
  from: '07/12/2026 08:30',
  to: '07/12/2026 09:00',
};

describe('GET /admin/khoi-phuc/:id, the resend page', () => {
  it("reads every hand-built form's fields and the bulk hide's as labels, never as codes", async () => {
    const found = handBuiltFields();
    // The source was read: the moderation form and the report's publish form at least.
    expect([...found.keys()]).toEqual(expect.arrayContaining(['publishedBody', 'showName', 'decision', 'hideReason', 'category', 'confirm']));
    for (const name of ['addressHash', 'from', 'to', 'hideReason']) found.set(name, found.get(name) ?? new Set());
    const fields: Record<string, string[]> = {};
    for (const [name, values] of found) {
      const list = values.size ? [...values] : SAMPLES[name] ? [SAMPLES[name]!] : [];
      expect(list.length, `a sample value for the new field "${name}" (SAMPLES)`).toBeGreaterThan(0);
      fields[name] = list;
    }
    const official = await makeOfficial();
    const id = await insertFormDraft(env.DB, { accountId: official.accountId, path: '/admin/mau', fields, droppedFiles: 0, createdAt: new Date().toISOString() });
    const res = await call(`/admin/khoi-phuc/${id}`, { headers: { cookie: await adminCookie(official) } });
    expect(res.status).toBe(200);
    const shown = visiblePart(await res.text());
    // Every entry is listed under its form's label, its code read as the form reads it.
    expect(shown.match(/<dt>/g)?.length).toBe(Object.values(fields).flat().length);
    expect(shown).not.toContain('Nội dung khác đã nhập');
    expect(shown).not.toContain('giá trị không có trong biểu mẫu');
    for (const [name, values] of Object.entries(fields)) {
      expect(shown).not.toMatch(new RegExp(`>${name}<`));
      // A code is a word without spaces ("hide", "on", a slug, a hash); typed text and dates have spaces.
      for (const code of values.filter((v) => !/\s/.test(v))) expect(shown, `"${name}" shows the code "${code}"`).not.toMatch(new RegExp(`>[^<]*\\b${code}\\b[^<]*<`));
    }
    expect(shown).toContain('<dd style="white-space:pre-wrap">Thông tin khác theo quy định của pháp luật</dd>');
    expect(shown).toContain(`Người gửi mã ${'ab'.repeat(4)}`);
  });
});

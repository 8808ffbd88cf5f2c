import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/crypto.ts';
import { addDays, todayInVietnam } from '../../schema/dates.ts';
import { scriptActor } from '../../schema/db/audit.ts';
import { createConsultation } from '../../schema/use-cases/consultations.ts';
import { adminCookie, call, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

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
async function sendAfterSessionEnded(page: string, action: string, fields: [string, string][]): Promise<{ location: string; html: string }> {
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

  it('a form the page does not fill itself (a moderation) is offered on the resend page, never lost', async () => {
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
    const sent = await call(`/gop-y/${c.slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': `192.0.2.${crypto.randomUUID()}`, origin: ORIGIN },
      body: new URLSearchParams({ body: 'Đề nghị sửa cống.', authorName: '', authorPlace: '', contact: '', consent: '1', website: '' }),
    });
    expect(sent.status).toBe(201);
    const opinion = (await env.DB.prepare('SELECT id FROM consultation_opinions WHERE consultation_id = ?').bind(c.id).first<{ id: number }>())!;
    const reason = `Không liên quan ${crypto.randomUUID().slice(0, 8)}`;
    const { location, html } = await sendAfterSessionEnded(`/admin/lay-y-kien/${c.id}`, `/admin/lay-y-kien/y-kien/${opinion.id}`, [
      ['hideReason', reason],
      ['decision', 'hide'],
    ]);
    expect(location).toMatch(new RegExp(`^/admin/lay-y-kien/${c.id}\\?khoi-phuc=\\d+$`));
    // The consultation's page sends the official on to the resend page, which carries what was typed.
    expect(html).toContain('Gửi lại biểu mẫu');
    expect(html).toContain(`value="${reason}"`);
  });
});

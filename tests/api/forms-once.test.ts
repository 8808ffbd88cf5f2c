import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { adminCookie, call, makeOfficial, FROM_CLOUDFLARE, ORIGIN } from '../helpers.ts';

/** Issue 22.1: a double tap never doubles — the opinion form by its content, every admin form by its one-time token. */

const today = todayInVietnam();

async function openConsultation() {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến chống gửi trùng (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'portal'],
    publish: true,
  });
  return value;
}

const anAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;

function sendOpinion(slug: string, body: string, address: string) {
  // Through Cloudflare's edge: only then is CF-Connecting-IP the sender's address (functions/client-address.ts).
  return call(`/gop-y/${slug}`, {
    ...FROM_CLOUDFLARE,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': address, origin: ORIGIN },
    body: new URLSearchParams({ body, authorName: 'Trần Thị B', authorPlace: 'Thôn 4', contact: '', consent: '1', website: '' }),
    redirect: 'manual',
  });
}

const receiptOf = (html: string) => html.match(/Số phiếu nhận: <strong>(YK-[^<]+)<\/strong>/)?.[1];
const countOpinions = async (consultationId: number) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(consultationId).first<{ n: number }>())!.n;

describe('POST /gop-y/:slug sent twice', () => {
  it('stores one opinion and answers the repeat with the same receipt number', async () => {
    const c = await openConsultation();
    const address = anAddress();
    const first = await sendOpinion(c.slug, 'Đề nghị lắp đèn đường ở ngõ 5.', address);
    const again = await sendOpinion(c.slug, 'Đề nghị lắp đèn đường ở ngõ 5.', address);
    expect([first.status, again.status]).toEqual([201, 201]);
    const receipt = receiptOf(await first.text());
    expect(receipt).toBeDefined();
    expect(receiptOf(await again.text())).toBe(receipt);
    expect(await countOpinions(c.id)).toBe(1);
  });

  it('of a double tap (two posts at once) stores one opinion, and both answers carry its receipt', async () => {
    const c = await openConsultation();
    const address = anAddress();
    const answers = await Promise.all([sendOpinion(c.slug, 'Ý kiến gửi hai lần liền.', address), sendOpinion(c.slug, 'Ý kiến gửi hai lần liền.', address)]);
    const receipts = await Promise.all(answers.map(async (r) => receiptOf(await r.text())));
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    expect(receipts[0]).toBeDefined();
    expect(receipts[1]).toBe(receipts[0]);
    expect(await countOpinions(c.id)).toBe(1);
  });

  it('stores the same words from another address, and other words from the same address, as new opinions', async () => {
    const c = await openConsultation();
    const address = anAddress();
    const a = receiptOf(await (await sendOpinion(c.slug, 'Cùng một câu.', address)).text());
    const b = receiptOf(await (await sendOpinion(c.slug, 'Cùng một câu.', anAddress())).text());
    const d = receiptOf(await (await sendOpinion(c.slug, 'Một câu khác.', address)).text());
    expect(new Set([a, b, d]).size).toBe(3);
    expect(await countOpinions(c.id)).toBe(3);
  });
});

/** The hidden fields of the form posted to `action` on the page's HTML. */
function guardOf(html: string, action: string): { token: string; from: string } {
  const form = html.slice(html.indexOf(`action="${action}"`));
  const token = /name="_once" value="([^"]+)"/.exec(form)?.[1];
  const from = /name="_from" value="([^"]+)"/.exec(form)?.[1];
  if (!token || !from) throw new Error(`no guard fields on the form to ${action}`);
  return { token, from };
}

const countConsultations = async (title: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM consultations WHERE title = ?').bind(title).first<{ n: number }>())!.n;
const countDisclosures = async (title: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM disclosures WHERE title = ?').bind(title).first<{ n: number }>())!.n;

describe('admin forms carry a one-time token', () => {
  const consultationForm = (title: string, guard: { token: string; from: string }, summary = 'Tóm tắt dự thảo.') =>
    new URLSearchParams([
      ['_once', guard.token],
      ['_from', guard.from],
      ['title', title],
      ['subject', 'socio_economic_plan'],
      ['summary', summary],
      ['opensOn', ''],
      ['closesOn', ''],
      ['channels', 'meeting'],
      ['action', 'draft'],
    ]);
  const post = (cookie: string, body: URLSearchParams | FormData, path = '/admin/lay-y-kien/moi') =>
    call(path, { method: 'POST', headers: { cookie, origin: ORIGIN }, body, redirect: 'manual' });

  it('"Lưu nháp" of a new consultation sent twice with the same token stores one draft and answers the same redirect', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const page = await (await call('/admin/lay-y-kien/moi', { headers: { cookie } })).text();
    const guard = guardOf(page, '/admin/lay-y-kien/moi');
    expect(guard.from).toBe('/admin/lay-y-kien/moi');
    const title = `Dự thảo lưu hai lần ${crypto.randomUUID().slice(0, 8)}`;
    const first = await post(cookie, consultationForm(title, guard));
    const again = await post(cookie, consultationForm(title, guard));
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countConsultations(title)).toBe(1);
  });

  it('a repeat with the same token but other content stores nothing and says the form was already saved', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const guard = guardOf(await (await call('/admin/lay-y-kien/moi', { headers: { cookie } })).text(), '/admin/lay-y-kien/moi');
    const title = `Dự thảo sửa sau khi quay lại ${crypto.randomUUID().slice(0, 8)}`;
    const first = await post(cookie, consultationForm(title, guard));
    const changed = await post(cookie, consultationForm(title, guard, 'Tóm tắt đã sửa sau khi bấm Quay lại.'));
    expect(changed.status).toBe(409);
    const html = await changed.text();
    expect(html).toContain('Biểu mẫu này đã được gửi và lưu');
    expect(html).toContain(`href="${first.headers.get('location')}"`);
    expect(await countConsultations(title)).toBe(1);
  });

  it('a refused form releases its token: the corrected form sent with it is stored once', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const guard = guardOf(await (await call('/admin/lay-y-kien/moi', { headers: { cookie } })).text(), '/admin/lay-y-kien/moi');
    const title = `Dự thảo sửa lỗi ${crypto.randomUUID().slice(0, 8)}`;
    const refused = await post(cookie, consultationForm(title, guard, ''));
    expect(refused.status).toBe(422);
    // The form shown again carries the page it came from, so a later kept form still finds its page.
    expect(guardOf(await refused.text(), '/admin/lay-y-kien/moi').from).toBe('/admin/lay-y-kien/moi');
    expect((await post(cookie, consultationForm(title, guard))).status).toBe(303);
    expect(await countConsultations(title)).toBe(1);
  });

  it('"Lưu nháp" of a new disclosure (a multipart form, a new boundary each time) sent twice stores one draft', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const guard = guardOf(await (await call('/admin/cong-khai/moi', { headers: { cookie } })).text(), '/admin/cong-khai/moi');
    const title = `Thông báo lưu nháp hai lần ${crypto.randomUUID().slice(0, 8)}`;
    const form = () => {
      const f = new FormData();
      for (const [k, v] of [
        ['_once', guard.token],
        ['_from', guard.from],
        ['title', title],
        ['category', 'quy-hoach'],
        ['issuedOn', '02/05/2025'],
        ['issuer', 'Ủy ban nhân dân thị trấn Bình Dương'],
        ['summary', 'Thông báo quy hoạch.'],
        ['channels', 'office_board'],
        ['postingStart', '02/05/2025'],
        ['postingEnd', '05/06/2025'],
        ['action', 'draft'],
      ])
        f.append(k!, v!);
      return f;
    };
    const first = await post(cookie, form(), '/admin/cong-khai/moi');
    const again = await post(cookie, form(), '/admin/cong-khai/moi');
    expect(first.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await countDisclosures(title)).toBe(1);
  });
});

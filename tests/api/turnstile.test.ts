import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import worker from '../../functions/index.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { TURNSTILE_TEST_SECRET } from '../turnstile-server.ts';
import { VERIFY_TIMEOUT_MS } from '../../functions/turnstile.ts';
import { PENDING_BOT_CHECK } from '../../schema/consultation/consultation.ts';
import { FROM_CLOUDFLARE, ORIGIN } from '../helpers.ts';

/**
 * The optional Turnstile check on the opinion form (functions/turnstile.ts), through the
 * Worker's fetch on real D1, against a real siteverify server on loopback
 * (tests/turnstile-server.ts) that accepts tokens starting with "hop-le-".
 */

const SITE_KEY = '0x4AAAAAAAthunghiem';
const withKeys = (): Env => ({ ...env, TURNSTILE_FROM_PENDING: '0', TURNSTILE_SITE_KEY: SITE_KEY, TURNSTILE_SECRET_KEY: TURNSTILE_TEST_SECRET, TURNSTILE_VERIFY_URL: inject('turnstileVerifyUrl') });

async function openConsultation() {
  const today = todayInVietnam();
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến dự thảo quy hoạch (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch phát triển kinh tế - xã hội năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['portal'],
    publish: true,
  });
  return value;
}

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${crypto.randomUUID().slice(0, 6)}`;

async function send(workerEnv: Env, slug: string, extra: Record<string, string> = {}, ip = address()) {
  const body = new URLSearchParams({ body: 'Đề nghị lắp <b>đèn</b> đường ở tổ 5.', authorName: 'Trần Thị B', contact: '0987 654 321', consent: '1', website: '', ...extra });
  const request = new Request(`${ORIGIN}/gop-y/${slug}`, {
    ...FROM_CLOUDFLARE,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip, origin: ORIGIN },
    body,
    redirect: 'manual',
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, workerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const stored = async (consultationId: number) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(consultationId).first<{ n: number }>())!.n;
const verifyCalls = async () => (await (await fetch(inject('turnstileVerifyUrl').replace('/siteverify', '/calls'))).json()) as Record<string, string>[];

describe('POST /gop-y/:slug with Turnstile', () => {
  it('without the keys, stores an opinion sent without a token, asks siteverify nothing and sends no widget script', async () => {
    const c = await openConsultation();
    const before = (await verifyCalls()).length;
    const res = await send(env, c.slug);
    expect(res.status).toBe(201);
    expect(await stored(c.id)).toBe(1);
    expect((await verifyCalls()).length).toBe(before);
    const refused = await send(env, c.slug, { consent: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).not.toContain('challenges.cloudflare.com');
    expect(refused.headers.get('content-security-policy')).not.toContain('challenges.cloudflare.com');
  });

  it('with the keys, refuses an opinion without a token with 422, gives the form back filled in with the widget, stores nothing', async () => {
    const c = await openConsultation();
    const res = await send(withKeys(), c.slug);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<a href="#kiem-tra">Hãy hoàn thành bước kiểm tra chống gửi tự động');
    // What was typed comes back, escaped; the widget's box and script are there, and the page's CSP lets them load.
    expect(html).toContain('Đề nghị lắp &lt;b&gt;đèn&lt;/b&gt; đường ở tổ 5.</textarea>');
    expect(html).toContain('value="Trần Thị B"');
    expect(html).toContain(`class="cf-turnstile" data-sitekey="${SITE_KEY}"`);
    expect(html).toContain('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>');
    expect(html).toContain('<noscript><p class="error">Bước kiểm tra cần JavaScript');
    expect(res.headers.get('content-security-policy')).toContain('script-src https://challenges.cloudflare.com');
    expect(html).not.toContain(TURNSTILE_TEST_SECRET);
    expect(await stored(c.id)).toBe(0);
  });

  it('with the keys, refuses a token siteverify rejects with 422 in Vietnamese, form filled in, nothing stored', async () => {
    const c = await openConsultation();
    const ip = address();
    const res = await send(withKeys(), c.slug, { 'cf-turnstile-response': 'gia-mao-123' }, ip);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Bước kiểm tra chống gửi tự động không thành công hoặc đã hết hạn');
    expect(html).toContain('value="0987 654 321"');
    expect(await stored(c.id)).toBe(0);
    // The Worker asked siteverify with its secret, the token and the sender's address.
    expect((await verifyCalls()).at(-1)).toEqual({ secret: TURNSTILE_TEST_SECRET, response: 'gia-mao-123', remoteip: ip });
  });

  it('with the keys, refuses when siteverify answers with an HTTP error, and stores nothing', async () => {
    const c = await openConsultation();
    const unreachable = { ...withKeys(), TURNSTILE_VERIFY_URL: inject('turnstileVerifyUrl').replace('/siteverify', '/khong-co') };
    const res = await send(unreachable, c.slug, { 'cf-turnstile-response': 'hop-le-1' });
    expect(res.status).toBe(422);
    expect(await stored(c.id)).toBe(0);
  });

  it(`with the keys, an unanswering siteverify is given up after ${VERIFY_TIMEOUT_MS / 1000} s and the citizen is offered the other channels`, async () => {
    const c = await openConsultation();
    const stalled = { ...withKeys(), TURNSTILE_VERIFY_URL: inject('turnstileVerifyUrl').replace('/siteverify', '/stalled') };
    const started = Date.now();
    const res = await send(stalled, c.slug, { 'cf-turnstile-response': 'hop-le-2' });
    const waited = Date.now() - started;
    expect(res.status).toBe(422);
    expect(waited).toBeLessThan(VERIFY_TIMEOUT_MS + 2_000);
    const html = await res.text();
    expect(html).toContain('Dịch vụ kiểm tra chống gửi tự động đang không trả lời');
    expect(html).toContain('góp ý qua hình thức khác: trực tiếp tại Ủy ban nhân dân');
    expect(await stored(c.id)).toBe(0);
  }, 15_000);

  it(`with the keys, asks for no check until ${PENDING_BOT_CHECK} opinions wait, then turns it on by itself`, async () => {
    const c = await openConsultation();
    const keys = { ...withKeys(), TURNSTILE_FROM_PENDING: undefined };
    expect((await send(keys, c.slug)).status).toBe(201);
    const now = new Date().toISOString();
    await env.DB.batch(
      Array.from({ length: PENDING_BOT_CHECK }, (_, i) =>
        env.DB.prepare("INSERT INTO consultation_opinions (consultation_id, receipt, body, address_hash, created_at) VALUES (?, ?, 'Ý kiến', ?, ?)").bind(
          c.id,
          `YK-${c.id}-T${i}-${crypto.randomUUID().slice(0, 6)}`,
          crypto.randomUUID().replaceAll('-', '').padEnd(64, 'c'),
          now,
        ),
      ),
    );
    const asked = await send(keys, c.slug);
    expect(asked.status).toBe(422);
    expect(await asked.text()).toContain('class="cf-turnstile"');
    expect((await send(keys, c.slug, { 'cf-turnstile-response': `hop-le-${crypto.randomUUID()}` })).status).toBe(201);
  });

  it('with the keys, stores an opinion whose token siteverify accepts and answers its receipt', async () => {
    const c = await openConsultation();
    const token = `hop-le-${crypto.randomUUID()}`;
    const res = await send(withKeys(), c.slug, { 'cf-turnstile-response': token });
    expect(res.status).toBe(201);
    expect((await verifyCalls()).at(-1)?.response).toBe(token);
    expect(await res.text()).toMatch(/Số phiếu nhận: <strong>YK-\d+-[A-Z0-9]{6}<\/strong>/);
    expect(await stored(c.id)).toBe(1);
  });
});

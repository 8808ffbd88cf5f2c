import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  OPINIONS_PER_ADDRESS,
  OPINIONS_PER_CONSULTATION,
  PENDING_BOT_CHECK,
  type ConsultationFields,
} from '../../schema/consultation/consultation.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { call, FROM_CLOUDFLARE, ORIGIN, sessionOf } from '../helpers.ts';

/** Issue 22.9 and 22.13: a flood cannot shut a consultation; moderators hide in bulk; who counts as whom. */

async function makeConsultation(overrides: Partial<ConsultationFields> = {}) {
  const today = todayInVietnam();
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến dự thảo kế hoạch (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch phát triển kinh tế - xã hội năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'suggestion_box', 'portal'],
    publish: true,
    ...overrides,
  });
  return value;
}

const opinion = (body: string) => new URLSearchParams({ body, authorName: 'Nguyễn Văn A', contact: '0912 345 678', consent: '1', website: '' });

/** An opinion as it arrives through Cloudflare's edge from `address` (or, with `edge: false`, from anywhere else). */
function send(slug: string, body: string, address: string | null, edge = true) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN };
  if (address) headers['cf-connecting-ip'] = address;
  return call(`/gop-y/${slug}`, { ...(edge ? FROM_CLOUDFLARE : {}), method: 'POST', headers, body: opinion(body), redirect: 'manual' });
}

const count = async (consultationId: number, status?: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM consultation_opinions WHERE consultation_id = ?${status ? ' AND status = ?' : ''}`)
    .bind(...(status ? [consultationId, status] : [consultationId]))
    .first<{ n: number }>())!.n;

const run = crypto.randomUUID().slice(0, 8);
const addressOf = (i: number) => `192.0.2.${i}-${run}`;

/** The moderation page as an approver sees it, and its bulk hide of the busiest sender listed first. */
async function hideBusiest(consultationId: number) {
  const { cookie } = await sessionOf('approver');
  const html = await (await call(`/admin/lay-y-kien/${consultationId}`, { headers: { cookie } })).text();
  const hash = html.match(/<option value="([0-9a-f]{64})"/)?.[1];
  expect(hash).toBeDefined();
  const res = await call(`/admin/lay-y-kien/${consultationId}/an-hang-loat`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ addressHash: hash!, from: '', to: '', hideReason: 'Gửi tự động, lặp lại' }),
    redirect: 'manual',
  });
  return { html, res };
}

describe('POST /gop-y/:slug under a flood', () => {
  it(`after 60 addresses send ${OPINIONS_PER_ADDRESS} opinions each, a first-time address still gets through; a bulk hide gives capacity back`, async () => {
    const c = await makeConsultation();
    // 60 × 10 = 600 tries, ten addresses at a time. Without Turnstile keys, once PENDING_BOT_CHECK
    // opinions wait, only first-time addresses are taken (on main: 500 stored, then 429 for everyone).
    const statuses: number[] = [];
    for (let round = 0; round < OPINIONS_PER_ADDRESS; round++) {
      for (let group = 0; group < 60; group += 10) {
        const answers = await Promise.all(Array.from({ length: 10 }, (_, k) => send(c.slug, `Ý kiến rác ${round}-${group + k}`, addressOf(group + k))));
        statuses.push(...answers.map((r) => r.status));
      }
    }
    expect(statuses.filter((s) => s === 201).length).toBe(PENDING_BOT_CHECK);
    expect(await count(c.id)).toBe(PENDING_BOT_CHECK);
    // An address already heard is refused, and told where else to go.
    const again = await send(c.slug, 'Lại một ý kiến', addressOf(59));
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('họp dân ở thôn, tổ dân phố; hòm thư góp ý, đường dây nóng; trực tiếp tại Ủy ban nhân dân');

    // A citizen writing for the first time gets through.
    const citizen = `198.51.100.7-${run}`;
    expect((await send(c.slug, 'Đề nghị làm đường bê tông ở tổ 3 trước mùa mưa.', citizen)).status).toBe(201);

    // The moderation page stays small (50 a page), and a bulk hide of one flooding address gives capacity back.
    const { html, res } = await hideBusiest(c.id);
    expect(html.match(/class="list-item" id="y-kien-/g)?.length).toBe(50);
    expect(html).toContain('Trang 1/3');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-an=2#y-kien`);
    expect(await count(c.id, 'hidden')).toBe(2);
    const audited = await env.DB.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE entity = 'consultation_opinion' AND action = 'hide' AND entity_id IN (SELECT CAST(id AS TEXT) FROM consultation_opinions WHERE consultation_id = ? AND status = 'hidden')",
    )
      .bind(c.id)
      .first<{ n: number }>();
    expect(audited!.n).toBe(2);
    expect((await send(c.slug, 'Ý kiến bổ sung sau khi cán bộ dọn', citizen)).status).toBe(201);
  }, 180_000);

  it(`with ${OPINIONS_PER_CONSULTATION} opinions in the window, an address already heard gets 429, a first-time one 201; hiding one sender's gives room back`, async () => {
    const c = await makeConsultation();
    const heard = `192.0.2.210-${crypto.randomUUID()}`;
    expect((await send(c.slug, 'Ý kiến đầu', heard)).status).toBe(201);
    // 499 more in the window: 450 already published (so the queue stays short), 49 waiting from one flooding address.
    const now = new Date().toISOString();
    const flood = crypto.randomUUID().replaceAll('-', '').padEnd(64, 'a');
    const rows = Array.from({ length: OPINIONS_PER_CONSULTATION - 1 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO consultation_opinions (consultation_id, receipt, body, address_hash, created_at, status, published_body) VALUES (?, ?, 'Ý kiến', ?, ?, ?, ?)`,
      ).bind(c.id, `YK-${c.id}-F${i}-${crypto.randomUUID().slice(0, 6)}`, i < 450 ? crypto.randomUUID().replaceAll('-', '').padEnd(64, 'b') : flood, now, i < 450 ? 'published' : 'pending', i < 450 ? 'Ý kiến' : ''),
    );
    await env.DB.batch(rows);
    const refused = await send(c.slug, 'Ý kiến thứ hai', heard);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Cổng đang nhận quá nhiều ý kiến cho nội dung này và bạn đã gửi ý kiến trước đó');
    expect((await send(c.slug, 'Ý kiến của người mới', `192.0.2.211-${crypto.randomUUID()}`)).status).toBe(201);
    const { html, res } = await hideBusiest(c.id);
    // One page of 50, not 501 (measured: 73.6 KB here, where main sent every opinion).
    expect(html.match(/class="list-item" id="y-kien-/g)?.length).toBe(50);
    expect(new TextEncoder().encode(html).length).toBeLessThan(100_000);
    expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-an=49#y-kien`);
    expect((await send(c.slug, 'Ý kiến thứ hai', heard)).status).toBe(201);
  });

  it('a bulk hide by time range hides only the pending opinions sent within it', async () => {
    const c = await makeConsultation();
    for (let i = 0; i < 3; i++) expect((await send(c.slug, `Ý kiến ${i}`, `192.0.2.200-${crypto.randomUUID()}`)).status).toBe(201);
    // One opinion sent the day before, outside the range.
    await env.DB.prepare("UPDATE consultation_opinions SET created_at = '2026-01-01T00:00:00.000Z' WHERE id = (SELECT min(id) FROM consultation_opinions WHERE consultation_id = ?)").bind(c.id).run();
    const { cookie } = await sessionOf('approver');
    const hide = (from: string, to: string) =>
      call(`/admin/lay-y-kien/${c.id}/an-hang-loat`, {
        method: 'POST',
        headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ addressHash: '', from, to, hideReason: 'Gửi tràn ngập' }),
        redirect: 'manual',
      });
    const bad = await hide('', '');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Chọn người gửi hoặc nhập khoảng thời gian');
    // 02/01/2026 07:00 in Vietnam is after the moved opinion (01/01/2026 07:00 Vietnam time).
    expect((await hide('01/01/2026 08:00', '')).status).toBe(303);
    expect(await count(c.id, 'hidden')).toBe(2);
    expect(await count(c.id, 'pending')).toBe(1);
  });

  it('an editor can neither hide in bulk nor see the bulk form', async () => {
    const c = await makeConsultation();
    expect((await send(c.slug, 'Ý kiến', `192.0.2.201-${crypto.randomUUID()}`)).status).toBe(201);
    const { cookie } = await sessionOf('editor');
    expect(await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie } })).text()).not.toContain('an-hang-loat');
    const res = await call(`/admin/lay-y-kien/${c.id}/an-hang-loat`, {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: '01/01/2026 00:00', hideReason: 'Thử' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(await count(c.id, 'hidden')).toBe(0);
  });
});

describe('POST /gop-y/:slug: the pending queue and the bot check without Turnstile keys', () => {
  it(`from ${PENDING_BOT_CHECK} pending opinions, an address already heard is refused and a first-time address is not`, async () => {
    const c = await makeConsultation();
    const now = new Date().toISOString();
    const heard = `192.0.2.202-${crypto.randomUUID()}`;
    expect((await send(c.slug, 'Ý kiến đầu', heard)).status).toBe(201);
    // The queue grows past the threshold (rows as the form stores them, from other addresses).
    await env.DB.batch(
      Array.from({ length: PENDING_BOT_CHECK }, (_, i) =>
        env.DB.prepare("INSERT INTO consultation_opinions (consultation_id, receipt, body, address_hash, created_at) VALUES (?, ?, 'Ý kiến', ?, ?)").bind(
          c.id,
          `YK-${c.id}-Q${i}-${crypto.randomUUID().slice(0, 6)}`,
          crypto.randomUUID().replaceAll('-', '').padEnd(64, '0'),
          now,
        ),
      ),
    );
    const repeat = await send(c.slug, 'Ý kiến thứ hai', heard);
    expect(repeat.status).toBe(429);
    expect(await repeat.text()).toContain('mỗi người gửi được một ý kiến về nội dung này');
    expect((await send(c.slug, 'Ý kiến của người mới', `192.0.2.203-${crypto.randomUUID()}`)).status).toBe(201);
  });
});

describe('POST /gop-y/:slug: whose address counts', () => {
  it('ignores a CF-Connecting-IP the request did not get from Cloudflare: one sender cannot pose as many', async () => {
    const c = await makeConsultation();
    // Without request.cf, eleven "addresses" are one unknown sender: the first is first-time, the others are repeats…
    for (let i = 0; i < 3; i++) expect((await send(c.slug, `Ý kiến ${i}`, `192.0.2.${i}-${crypto.randomUUID()}`, false)).status).toBe(201);
    const hashes = await env.DB.prepare('SELECT count(DISTINCT address_hash) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(c.id).first<{ n: number }>();
    expect(hashes!.n).toBe(1);
  });

  // A /64 of the documentation prefixes (RFC 3849, RFC 9637) no other test uses: the run's random hex.
  const home = `2001:db8:${run.slice(0, 4)}:${run.slice(4)}`;

  it(`counts every address of one IPv6 /64 as one sender: the ${OPINIONS_PER_ADDRESS + 1}th from the same home is refused, and one bulk hide takes them all`, async () => {
    const c = await makeConsultation();
    // Each try from a fresh address of the home's /64, as a phone's temporary addresses (RFC 8981) are;
    // written as browsers and Cloudflare may write them (zeros, case, the full form).
    const addresses = Array.from({ length: OPINIONS_PER_ADDRESS + 1 }, (_, i) =>
      i % 3 === 0 ? `${home}::${(i + 1).toString(16)}` : i % 3 === 1 ? `${home.toUpperCase()}:0:0:0:${i + 1}` : `${home}:${crypto.randomUUID().slice(0, 4)}:1:2:3`,
    );
    const statuses = [];
    for (const [i, address] of addresses.entries()) statuses.push((await send(c.slug, `Ý kiến từ một nhà ${i}`, address)).status);
    expect(statuses.slice(0, OPINIONS_PER_ADDRESS).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const hashes = await env.DB.prepare('SELECT count(DISTINCT address_hash) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(c.id).first<{ n: number }>();
    expect(hashes!.n).toBe(1);
    // The moderation page lists the home as one sender; hiding by its hash hides every address of it.
    const { res } = await hideBusiest(c.id);
    expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?da-an=${OPINIONS_PER_ADDRESS}#y-kien`);
    expect(await count(c.id, 'pending')).toBe(0);
  });

  it('keeps IPv6 senders of different /64s, and IPv4 senders of different addresses, apart', async () => {
    const c = await makeConsultation();
    // Neighbouring /64s of one provider's block, and one IPv4 address written as IPv6 and as itself.
    const ipv6 = Array.from({ length: OPINIONS_PER_ADDRESS + 1 }, (_, i) => `3fff:${run.slice(0, 4)}:${run.slice(4)}:${i.toString(16)}::1`);
    for (const [i, address] of ipv6.entries()) expect((await send(c.slug, `Ý kiến nhà ${i}`, address)).status).toBe(201);
    const v4 = `198.51.100.${(parseInt(run.slice(0, 2), 16) % 250) + 1}`;
    const c2 = await makeConsultation();
    expect((await send(c2.slug, 'Ý kiến IPv4', v4)).status).toBe(201);
    expect((await send(c2.slug, 'Ý kiến IPv4 viết kiểu IPv6', `::ffff:${v4}`)).status).toBe(201);
    const hashes = async (id: number) =>
      (await env.DB.prepare('SELECT count(DISTINCT address_hash) AS n FROM consultation_opinions WHERE consultation_id = ?').bind(id).first<{ n: number }>())!.n;
    expect(await hashes(c.id)).toBe(OPINIONS_PER_ADDRESS + 1);
    // `::ffff:a.b.c.d` is the IPv4 sender itself.
    expect(await hashes(c2.id)).toBe(1);
  });

  it('does not put every sender without an address into one bucket of ten', async () => {
    const c = await makeConsultation();
    const statuses = [];
    for (let i = 0; i < OPINIONS_PER_ADDRESS + 2; i++) statuses.push((await send(c.slug, `Ý kiến ${i}`, null, false)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
  });
});

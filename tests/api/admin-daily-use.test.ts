import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/crypto.ts';
import { call, countRows, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

/** The admin in daily use: nothing typed is lost, dates as Vietnamese write them, irreversible steps confirmed. */

async function login(official: Official, next = '/admin/'): Promise<Response> {
  return call(`/admin/dang-nhap?tiep=${encodeURIComponent(next)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

/** Ends the session behind `cookie` as the clock would, leaving its row as an ended session. */
async function endSessionByClock(cookie: string) {
  const token = decodeURIComponent(cookie.split('=')[1]!);
  const past = new Date(Date.now() - 60_000).toISOString();
  await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').bind(past, await sha256Hex(token)).run();
}

function postForm(path: string, cookie: string, fields: [string, string][]) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

const form = (title: string): [string, string][] => [
  ['title', title],
  ['category', 'quy-hoach'],
  ['documentNumber', '12/TB-UBND'],
  ['issuedOn', '02/05/2025'],
  ['issuer', 'Ủy ban nhân dân thị trấn Bình Dương'],
  ['summary', 'Thông báo quy hoạch khu dân cư, gõ rất lâu trên điện thoại.'],
  ['channels', 'office_board'],
  ['channels', 'community_house'],
  ['postingStart', '02/05/2025'],
  ['postingEnd', '05/06/2025'],
  ['action', 'publish'],
];

describe('POST /admin/cong-khai/moi after the session ended', () => {
  it('stores nothing, keeps the form, and fills it back in after the same official logs in', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    await endSessionByClock(cookie);
    const title = `Thông báo giữ lại ${crypto.randomUUID()}`;
    const before = await countRows('disclosures');

    const res = await postForm('/admin/cong-khai/moi', cookie, form(title));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/dang-nhap?tiep=%2Fadmin%2Fcong-khai%2Fmoi&het-phien');
    expect(await countRows('disclosures')).toBe(before);

    const loginPage = await (await call(res.headers.get('location')!)).text();
    expect(loginPage).toContain('Những gì bạn vừa gửi đã được giữ lại');

    const again = await login(official, '/admin/cong-khai/moi');
    expect(again.headers.get('location')).toMatch(/^\/admin\/cong-khai\/moi\?khoi-phuc=\d+$/);
    const page = await (await call(again.headers.get('location')!, { headers: { cookie: cookieOf(again) } })).text();
    expect(page).toContain('Những gì bạn đã nhập được giữ lại');
    expect(page).toContain(`value="${title}"`);
    expect(page).toContain('gõ rất lâu trên điện thoại');
    expect(page).toMatch(/value="community_house" checked/);
  });

  it('never shows a kept form to another official', async () => {
    const owner = await makeOfficial();
    const cookie = cookieOf(await login(owner));
    await endSessionByClock(cookie);
    const title = `Thông báo riêng ${crypto.randomUUID()}`;
    await postForm('/admin/cong-khai/moi', cookie, form(title));
    const ownerBack = await login(owner, '/admin/cong-khai/moi');
    const location = ownerBack.headers.get('location')!;

    const other = await makeOfficial();
    const otherLogin = await login(other, '/admin/cong-khai/moi');
    expect(otherLogin.headers.get('location')).toBe('/admin/cong-khai/moi');
    const page = await (await call(location, { headers: { cookie: cookieOf(otherLogin) } })).text();
    expect(page).not.toContain(title);
  });

  it('keeps no password typed into a kept form', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    await endSessionByClock(cookie);
    await postForm('/admin/tai-khoan', cookie, [['email', 'moi@example.vn'], ['password', 'mat-khau-bi-mat-123']]);
    const row = await env.DB.prepare('SELECT fields FROM form_drafts WHERE account_id = ?').bind(official.accountId).first<{ fields: string }>();
    expect(row?.fields).toContain('moi@example.vn');
    expect(row?.fields).not.toContain('mat-khau-bi-mat-123');
  });
});

describe('GET /admin/cong-khai/moi', () => {
  it('asks for dates in a dd/mm/yyyy text box, and shows a stored date that way', async () => {
    const official = await makeOfficial();
    const page = await (await call('/admin/cong-khai/moi', { headers: { cookie: cookieOf(await login(official)) } })).text();
    const issuedOn = /<input type="text" id="issuedOn"[^>]*>/.exec(page)?.[0] ?? '';
    expect(issuedOn).toMatch(/value="\d\d\/\d\d\/\d{4}"/);
    expect(issuedOn).toContain('inputmode="numeric"');
    expect(issuedOn).toContain('pattern=');
    expect(issuedOn).toContain('aria-describedby="issuedOn-hint"');
    expect(page).toContain('<p class="hint" id="issuedOn-hint">Dạng ngày/tháng/năm, ví dụ 24/06/2024');
    expect(page).not.toContain('type="date"');
  });


  it('says when the session ends', async () => {
    const official = await makeOfficial();
    const page = await (await call('/admin/cong-khai/moi', { headers: { cookie: cookieOf(await login(official)) } })).text();
    expect(page).toMatch(/Phiên đăng nhập hết hạn lúc <time datetime="[^"]+">\d\d:\d\d, \d\d\/\d\d\/\d{4}<\/time>/);
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { RULE_EXAMPLE } from '../../functions/openapi.ts';
import { api, call, countRows, makeOfficial, ORIGIN, sampleDisclosure, type Official } from '../helpers.ts';

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

  it('offers any other kept form back on a page that sends it again', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    await endSessionByClock(cookie);
    const reason = `Chủ tịch họp đột xuất ${crypto.randomUUID().slice(0, 8)}`;
    await postForm('/admin/tiep-cong-dan/dot-xuat/moi', cookie, [['kind', 'unscheduled'], ['topics', reason]]);
    const again = await login(official, '/admin/tiep-cong-dan/dot-xuat/moi');
    expect(again.headers.get('location')).toMatch(/^\/admin\/khoi-phuc\/\d+$/);
    const page = await (await call(again.headers.get('location')!, { headers: { cookie: cookieOf(again) } })).text();
    expect(page).toContain('<form method="post" action="/admin/tiep-cong-dan/dot-xuat/moi">');
    expect(page).toContain(`<input type="hidden" name="topics" value="${reason}"/>`);
    expect(page).toContain('Gửi lại');
  });

  it('keeps no password typed into a kept form', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    await endSessionByClock(cookie);
    await postForm('/admin/tai-khoan', cookie, [['email', 'moi@example.vn'], ['password', 'mat-khau-bi-mat-123']]);
    const row = await env.DB.prepare('SELECT fields FROM form_drafts WHERE account_id = ?').bind(official.accountId).first<{ fields: string }>();
    expect(row?.fields).toContain('moi@example.vn');
    expect(row?.fields).not.toContain('mat-khau-bi-mat-123');

    await postForm('/admin/mat-khau', cookie, [['current', 'mat-khau-cu-123456'], ['next', 'mat-khau-moi-123456'], ['again', 'mat-khau-moi-123456']]);
    const all = await env.DB.prepare('SELECT fields FROM form_drafts WHERE account_id = ?').bind(official.accountId).all<{ fields: string }>();
    expect(all.results.map((r) => r.fields).join()).not.toContain('mat-khau-moi-123456');
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

describe('POST /admin/thong-ke/thu-tuc over a period that has a table', () => {
  const row = (field: string, n: number): [string, string][] => [
    ['r0_field', field],
    ['r0_receivedTotal', String(n)],
    ['r0_receivedDirect', String(n)],
    ['r0_resolvedTotal', String(n)],
    ['r0_resolvedOnTime', String(n)],
  ];
  const storedTotal = async (year: number) =>
    (
      await env.DB.prepare(
        "SELECT r.received_total AS n FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id WHERE p.period_kind = 'year' AND p.period_year = ?",
      )
        .bind(year)
        .first<{ n: number }>()
    )?.n;

  it('shows the differences and replaces nothing until "Thay bảng cũ" is pressed', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    // A finished year long past: the current year is an unfinished period, which asks first.
    const year = 2000 + Math.floor(Math.random() * 20);
    const period: [string, string][] = [['kind', 'year'], ['year', String(year)], ['number', '1']];
    await env.DB.prepare("DELETE FROM procedure_reports WHERE period_kind = 'year' AND period_year = ?").bind(year).run();
    expect((await postForm('/admin/thong-ke/thu-tuc', cookie, [...period, ...row('Hộ tịch', 120)])).status).toBe(303);

    const again = await postForm('/admin/thong-ke/thu-tuc', cookie, [...period, ...row('Hộ tịch', 118)]);
    expect(again.status).toBe(200);
    const page = await again.text();
    expect(page).toContain(`Thay bảng số liệu Năm ${year}?`);
    expect(page).toContain('Hộ tịch: Tổng số tiếp nhận 120 → 118');
    expect(await storedTotal(year)).toBe(120);

    // The page's button sends what it holds: the figures, the version of the table shown, "thay-the".
    const version = /name="version" value="(\d+)"/.exec(page)?.[1];
    expect(version).toBe('1');
    const confirm = [...period, ...row('Hộ tịch', 118), ['version', version!], ['thay-the', '1'], ['reason', 'Sửa số hồ sơ hộ tịch nhập nhầm']] as [string, string][];
    expect((await postForm('/admin/thong-ke/thu-tuc', cookie, confirm)).status).toBe(303);
    expect(await storedTotal(year)).toBe(118);
  });
});

describe('GET /admin/thong-ke/thu-tuc/mau.csv', () => {
  it('offers a CSV template whose header the import reads', async () => {
    const official = await makeOfficial();
    const res = await call('/admin/thong-ke/thu-tuc/mau.csv', { headers: { cookie: cookieOf(await login(official)) } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    expect(new TextDecoder().decode(bytes)).toMatch(/^STT,Lĩnh vực,Tổng số tiếp nhận,/);
  });
});

describe('irreversible admin actions ask first', () => {
  it('POST /admin/ma-api/:id/thu-hoi asks, and revokes only when confirmed', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    const row = await env.DB.prepare('SELECT id, name FROM api_tokens WHERE account_id = ?').bind(official.accountId).first<{ id: number; name: string }>();
    const revokedAt = async () => (await env.DB.prepare('SELECT revoked_at AS r FROM api_tokens WHERE id = ?').bind(row!.id).first<{ r: string | null }>())!.r;

    const ask = await postForm(`/admin/ma-api/${row!.id}/thu-hoi`, cookie, []);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain(`Thu hồi mã “${row!.name}”?`);
    expect(await revokedAt()).toBeNull();

    const done = await postForm(`/admin/ma-api/${row!.id}/thu-hoi`, cookie, [['xac-nhan', '1']]);
    expect(done.status).toBe(303);
    expect(await revokedAt()).not.toBeNull();
  });

  it('POST /admin/cong-khai/:id/cong-khai asks, publishes when confirmed, then says "Đã công khai"', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    const draft = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as { id: number; version: number };
    const status = async () => (await env.DB.prepare('SELECT status FROM disclosures WHERE id = ?').bind(draft.id).first<{ status: string }>())!.status;

    const ask = await postForm(`/admin/cong-khai/${draft.id}/cong-khai`, cookie, [['version', String(draft.version)]]);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Nội dung đã công khai không xóa được');
    expect(await status()).toBe('draft');

    const done = await postForm(`/admin/cong-khai/${draft.id}/cong-khai`, cookie, [['version', String(draft.version)], ['xac-nhan', '1']]);
    expect(done.headers.get('location')).toBe(`/admin/cong-khai/${draft.id}?da-cong-khai`);
    expect(await status()).toBe('published');
    const page = await (await call(done.headers.get('location')!, { headers: { cookie } })).text();
    expect(page).toMatch(/<p class="notice" role="status">Đã công khai\. Trang công khai sẽ hiện thay đổi sau vài giây/);
  });

  it('POST /admin/tiep-cong-dan/buoi/:rule/:date with "Hủy buổi tiếp" asks before cancelling', async () => {
    const official = await makeOfficial();
    const cookie = cookieOf(await login(official));
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', RULE_EXAMPLE)).json()) as { id: number };
    const path = `/admin/tiep-cong-dan/buoi/${rule.id}/2025-06-19`;
    const changes = async () => (await env.DB.prepare('SELECT count(*) AS n FROM reception_changes WHERE rule_id = ?').bind(rule.id).first<{ n: number }>())!.n;
    const fields: [string, string][] = [['kind', 'cancelled'], ['reason', 'Chủ tịch họp đột xuất tại huyện']];

    const ask = await postForm(path, cookie, fields);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Hủy buổi tiếp công dân Thứ Năm 19/06/2025?');
    expect(await changes()).toBe(0);

    expect((await postForm(path, cookie, [...fields, ['xac-nhan', '1']])).status).toBe(303);
    expect(await changes()).toBe(1);
  });
});

import { todayInVietnam } from '../../schema/core/dates.ts';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, countRows, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

/** Admin routes through the Worker's fetch, as a browser without JavaScript would use them. */

async function login(official: Official): Promise<string> {
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^__Host-session=[^;]+;.*HttpOnly/i);
  expect(cookie).toMatch(/Secure/);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(';')[0]!;
}

function postForm(path: string, cookie: string, fields: [string, string][], origin = ORIGIN) {
  return call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

const goodForm = (title: string): [string, string][] => [
  ['title', title],
  ['category', 'quy-hoach'],
  ['documentNumber', '12/TB-UBND'],
  ['issuedOn', '2025-05-02'],
  ['issuer', 'Ủy ban nhân dân thị trấn Bình Dương'],
  ['summary', 'Thông báo quy hoạch khu dân cư.'],
  ['body', ''],
  ['channels', 'office_board'],
  ['channels', 'community_house'],
  ['postingStart', '2025-05-02'],
  ['postingEnd', '2025-06-05'],
  ['shortPostingReason', ''],
  ['action', 'publish'],
];

describe('GET /admin/', () => {
  it('sends a visitor without a session to the login page', async () => {
    const res = await call('/admin/', { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/dang-nhap?tiep=%2Fadmin%2F');
  });

  it('refuses to be framed', async () => {
    const res = await call('/admin/dang-nhap');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('POST /admin/dang-nhap', () => {
  it('keeps the email and says what is wrong when the password is wrong', async () => {
    const official = await makeOfficial();
    const res = await call('/admin/dang-nhap', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ email: official.email, password: 'sai' }),
    });
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).toContain('Thư điện tử hoặc mật khẩu không đúng.');
    expect(page).toContain(`value="${official.email}"`);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('POST /admin/cong-khai/moi', () => {
  it('comes back filled in, with an error summary linked to each field, and stores nothing', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const before = await countRows('disclosures');
    const form = goodForm('Thông báo <quy hoạch> & "khu dân cư"').map(([k, v]): [string, string] => [k, k === 'documentNumber' ? '12 TB UBND' : v]);
    const res = await postForm('/admin/cong-khai/moi', cookie, form);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('class="error-summary"');
    expect(page).toContain('<a href="#documentNumber">');
    expect(page).toContain('aria-describedby="documentNumber-hint documentNumber-error"');
    // Everything typed is still there, escaped.
    expect(page).toContain('value="Thông báo &lt;quy hoạch&gt; &amp; &quot;khu dân cư&quot;"');
    expect(page).toContain('value="12 TB UBND"');
    expect(page).toMatch(/value="community_house" checked/);
    expect(page).toContain('<option value="quy-hoach" selected="">');
    expect(await countRows('disclosures')).toBe(before);
  });

  it('"Lưu và công khai" stores a draft and asks first; confirming publishes it, each step audited', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const title = `Thông báo quy hoạch ${crypto.randomUUID().slice(0, 6)}`;
    const res = await postForm('/admin/cong-khai/moi', cookie, goodForm(title));
    expect(res.status).toBe(303);
    const row = await env.DB.prepare('SELECT id, status, created_by FROM disclosures WHERE title = ?').bind(title).first<{ id: number; status: string; created_by: number }>();
    expect(row).toMatchObject({ status: 'draft', created_by: official.accountId });
    expect(res.headers.get('location')).toBe(`/admin/cong-khai/${row!.id}/cong-khai?moi`);
    const ask = await (await call(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(ask).toContain(`Công khai “${title}”?`);
    expect(ask).toContain('Đã lưu thành bản nháp; chưa công khai.');

    const done = await postForm(`/admin/cong-khai/${row!.id}/cong-khai`, cookie, [['version', '1'], ['xac-nhan', '1']]);
    expect(done.headers.get('location')).toBe(`/admin/cong-khai/${row!.id}?da-cong-khai`);
    const after = await env.DB.prepare('SELECT status FROM disclosures WHERE id = ?').bind(row!.id).first<{ status: string }>();
    expect(after!.status).toBe('published');
    const audit = await env.DB.prepare("SELECT action, actor_account_id FROM audit_log WHERE entity = 'disclosure' AND entity_id = ? ORDER BY id").bind(String(row!.id)).all();
    expect(audit.results).toEqual([
      { action: 'create', actor_account_id: official.accountId },
      { action: 'publish', actor_account_id: official.accountId },
    ]);
  });

  it('refuses a cross-site form post (CSRF)', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const before = await countRows('disclosures');
    const res = await postForm('/admin/cong-khai/moi', cookie, goodForm('Giả mạo'), 'https://evil.example');
    expect(res.status).toBe(403);
    expect(await countRows('disclosures')).toBe(before);
  });
});

describe('POST /admin/dang-xuat', () => {
  it('ends the session on the server', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    expect((await call('/admin/', { headers: { cookie } })).status).toBe(200);
    await postForm('/admin/dang-xuat', cookie, []);
    expect((await call('/admin/', { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
  });
});

describe('POST /admin/tiep-cong-dan/lich/:id', () => {
  const ruleForm = (version: number, startTime: string): [string, string][] => [
    ['version', String(version)],
    ['frequency', 'weekly'],
    ['weekdays', '4'],
    ['startTime', startTime],
    ['endTime', '11:00'],
    ['place', 'Trụ sở Ủy ban nhân dân'],
    ['hostTitle', 'Chủ tịch Ủy ban nhân dân'],
    ['validFrom', '2024-01-01'],
    ['holidayPolicy', 'next_working_day'],
  ];

  it('saves an unchanged rule quietly; an edit inside the notice period first lists the sessions it marks late, then needs a reason', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const today = todayInVietnam();
    const newRule = ruleForm(1, '07:30').filter(([k]) => k !== 'version');
    // A new weekly rule announces sessions inside the notice period: the admin lists them first.
    const asked = await postForm('/admin/tiep-cong-dan/lich/moi', cookie, newRule);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('thay đổi muộn');
    const created = await postForm('/admin/tiep-cong-dan/lich/moi', cookie, [...newRule, ['confirm', '1'], ['reason', 'Lịch mới theo quyết định của Chủ tịch']]);
    expect(created.status).toBe(303);
    const { id } = (await env.DB.prepare('SELECT max(id) AS id FROM reception_rules').first<{ id: number }>())!;
    const same = await postForm(`/admin/tiep-cong-dan/lich/${id}`, cookie, ruleForm(1, '07:30'));
    expect(same.headers.get('location')).toBe('/admin/tiep-cong-dan/?da-luu');
    // New hours from today: a weekly rule always has a session within five working days.
    const edit = [...ruleForm(2, '08:00'), ['effectiveFrom', today]] as [string, string][];
    const listed = await postForm(`/admin/tiep-cong-dan/lich/${id}`, cookie, edit);
    expect(listed.status).toBe(200);
    const page = await listed.text();
    expect(page).toContain('class="late-sessions"');
    expect(page).toContain('08:00');
    expect((await env.DB.prepare('SELECT version FROM reception_rules WHERE id = ?').bind(id).first<{ version: number }>())!.version).toBe(2);
    const noReason = await postForm(`/admin/tiep-cong-dan/lich/${id}`, cookie, [...edit, ['confirm', '1']]);
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Chưa nhập lý do thay đổi');
    const moved = await postForm(`/admin/tiep-cong-dan/lich/${id}`, cookie, [...edit, ['confirm', '1'], ['reason', 'Chủ tịch họp buổi sáng']]);
    expect(moved.headers.get('location')).toMatch(/^\/admin\/tiep-cong-dan\/\?muon=\d$/);
  });
});

describe('the admin layout', () => {
  it('shows who is signed in and marks the current section', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const page = await (await call('/admin/thong-ke/thu-tuc', { headers: { cookie } })).text();
    expect(page).toContain('Đăng xuất (Cán bộ thử nghiệm)');
    expect(page).toContain('<a href="/admin/thong-ke/" aria-current="true">Thống kê</a>');
    expect(page).toContain('<a href="/admin/tai-khoan">Tài khoản</a>');
  });
});

describe('POST /admin/don-vi', () => {
  it('wires an error on the embed origins to the box, and keeps what was typed', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const before = await env.DB.prepare('SELECT * FROM unit').all();
    const res = await postForm('/admin/don-vi', cookie, [
      ['kind', 'xa'],
      ['name', 'Bình Dương'],
      ['placeName', 'Bình Dương'],
      ['embedOrigins', 'https://binhduong.gov.vn/trang-chu'],
    ]);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<a href="#embedOrigins">');
    expect(page).toMatch(/<p class="error-message" id="embedOrigins-error"><span class="skip">Lỗi: <\/span>Nguồn nhúng/);
    expect(page).toMatch(/<textarea id="embedOrigins" name="embedOrigins" rows="3" aria-describedby="embedOrigins-hint embedOrigins-error" aria-invalid="true">https:\/\/binhduong.gov.vn\/trang-chu<\/textarea>/);
    expect((await env.DB.prepare('SELECT * FROM unit').all()).results).toEqual(before.results);
  });
});

describe('POST /admin/cong-khai/:id/tep', () => {
  it('wires a missing file to the file input and the error summary', async () => {
    const official = await makeOfficial();
    const cookie = await login(official);
    const title = `Tệp đính kèm ${crypto.randomUUID().slice(0, 6)}`;
    expect((await postForm('/admin/cong-khai/moi', cookie, goodForm(title))).status).toBe(303);
    const { id } = (await env.DB.prepare('SELECT id FROM disclosures WHERE title = ?').bind(title).first<{ id: number }>())!;
    const form = new FormData();
    form.set('file', new File([], 'rong.pdf'));
    const res = await call(`/admin/cong-khai/${id}/tep`, { method: 'POST', headers: { cookie, origin: ORIGIN }, body: form });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<a href="#file">Chưa chọn tệp đính kèm.</a>');
    expect(page).toContain('<p class="error-message" id="file-error"><span class="skip">Lỗi: </span>Chưa chọn tệp đính kèm.</p>');
    expect(page).toMatch(/<input type="file" id="file" name="file" accept="[^"]+" aria-describedby="file-error" aria-invalid="true"\/>/);
  });
});

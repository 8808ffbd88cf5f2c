import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, makeOfficial, ORIGIN, sessionOf, adminCookie } from '../helpers.ts';

/**
 * "Lưu và công khai" on the new-item form asks before publishing, without JavaScript. A browser
 * cannot post a chosen file again, so the item and its file are stored as a draft (not public)
 * and the confirmation publishes that draft.
 */

const pdf = () => new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);


function form(title: string, action: 'publish' | 'draft', file?: File): FormData {
  const f = new FormData();
  const fields = { title, category: 'quy-hoach', documentNumber: '12/TB-UBND', issuedOn: '2025-05-02', issuer: 'Ủy ban nhân dân thị trấn Bình Dương', summary: 'Thông báo.', postingStart: '2025-05-02', postingEnd: '2025-06-05', action };
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  f.append('channels', 'office_board');
  if (file) f.set('file', file);
  return f;
}

const post = (cookie: string, body: FormData | URLSearchParams, path = '/admin/cong-khai/moi') =>
  call(path, { method: 'POST', headers: { cookie, origin: ORIGIN }, body, redirect: 'manual' });
const stored = (title: string) => env.DB.prepare('SELECT id, status FROM disclosures WHERE title = ?').bind(title).first<{ id: number; status: string }>();

describe('POST /admin/cong-khai/moi with "Lưu và công khai"', () => {
  it('keeps the chosen file with the draft, private, names it on the confirmation, and publishes both when confirmed', async () => {
    await env.DB.prepare('UPDATE unit SET four_eyes = 0').run();
    const cookie = await adminCookie(await makeOfficial());
    const title = `Thông báo kèm tệp ${crypto.randomUUID().slice(0, 8)}`;
    const res = await post(cookie, form(title, 'publish', new File([pdf()], 'Thông báo.pdf')));
    expect(res.status).toBe(303);
    const item = (await stored(title))!;
    expect(item.status).toBe('draft');
    const file = (await env.DB.prepare('SELECT id, file_name FROM attachments WHERE disclosure_id = ?').bind(item.id).first<{ id: number; file_name: string }>())!;
    const fileUrl = `/tep/${file.id}/${encodeURIComponent(file.file_name)}`;
    // Not public before the confirmation: a citizen gets 404.
    expect((await call(fileUrl)).status).toBe(404);

    const ask = await (await call(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(ask).toContain('Đã lưu thành bản nháp, kèm tệp “Thông báo.pdf”; chưa công khai.');
    expect(ask).toContain('<input type="hidden" name="version" value="1"/>');
    expect(ask).toContain('<input type="hidden" name="xac-nhan" value="1"/>');

    const done = await post(cookie, new URLSearchParams({ version: '1', 'xac-nhan': '1' }), `/admin/cong-khai/${item.id}/cong-khai`);
    expect(done.headers.get('location')).toBe(`/admin/cong-khai/${item.id}?da-cong-khai`);
    expect((await stored(title))!.status).toBe('published');
    expect((await call(fileUrl)).status).toBe(200);
    const page = await (await call(done.headers.get('location')!, { headers: { cookie } })).text();
    expect(page).toContain('Đã công khai. Trang công khai sẽ hiện thay đổi sau vài giây');
  });

  it('keeps "Lưu nháp" one tap: a draft, no confirmation', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const title = `Bản nháp ${crypto.randomUUID().slice(0, 8)}`;
    const res = await post(cookie, form(title, 'draft'));
    expect(res.headers.get('location')).toBe('/admin/?da-luu=nhap');
    expect((await stored(title))!.status).toBe('draft');
  });

  it('tells an editor on the form that publishing needs an approver, and stores nothing', async () => {
    const { cookie } = await sessionOf('editor');
    const title = `Biên tập viên ${crypto.randomUUID().slice(0, 8)}`;
    const res = await post(cookie, form(title, 'publish'));
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Bấm &quot;Lưu nháp&quot; để lưu những gì đã nhập.');
    expect(html).toContain(`value="${title}"`);
    expect(await stored(title)).toBeNull();
  });
});

describe('GET /admin/cong-khai/:id/cong-khai', () => {
  it('sends an item that is no longer a draft back to its edit page', async () => {
    await env.DB.prepare('UPDATE unit SET four_eyes = 0').run();
    const cookie = await adminCookie(await makeOfficial());
    const title = `Đã công khai ${crypto.randomUUID().slice(0, 8)}`;
    const location = (await post(cookie, form(title, 'publish'))).headers.get('location')!;
    const { id } = (await stored(title))!;
    await post(cookie, new URLSearchParams({ version: '1', 'xac-nhan': '1' }), `/admin/cong-khai/${id}/cong-khai`);
    const again = await call(location, { headers: { cookie }, redirect: 'manual' });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/admin/cong-khai/${id}`);
  });
});

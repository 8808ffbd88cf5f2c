import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { saveUnit } from '../../schema/unit/unit.use-cases.ts';
import { api, call, makeOfficial, ORIGIN, sampleDisclosure, type Official } from '../helpers.ts';

/**
 * Issue 12 in the admin: the audit log reads in Vietnamese, and each posting offers the two
 * records to print (Biên bản niêm yết công khai / kết thúc niêm yết) with the data they need.
 */

async function login(official: Official): Promise<string> {
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('admin: audit log and posting records', () => {
  beforeAll(async () => {
    if (!(await getUnit(env.DB))) await saveUnit({ db: env.DB, actor: scriptActor('test'), now: new Date().toISOString() }, { kind: 'xa', name: 'Thử', placeName: 'Thử' });
  });

  it('shows the audit log with Vietnamese action names and field labels, not codes', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as { id: number; version: number };
    const edit = { ...sampleDisclosure(), title: 'Tiêu đề đã sửa cho nhật ký', version: created.version, changeNote: 'Sửa tiêu đề cho đúng văn bản' };
    expect((await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, edit)).status).toBe(200);
    const page = await (await call(`/admin/cong-khai/${created.id}/nhat-ky`, { headers: { cookie: await login(official) } })).text();
    expect(page).toContain('>Tạo mới và công khai</td>');
    expect(page).toContain('>Sửa</td>');
    expect(page).toContain('<summary>Tiêu đề</summary>');
    expect(page).not.toMatch(/>(create|update|create\+publish)<\/td>|<summary>title<\/summary>/);
  });

  it('prints the two posting records with the national motto, the posting period, the three signature blocks and a QR code', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true, channels: ['office_board', 'community_house'] }))).json()) as { id: number; slug: string };
    const cookie = await login(official);
    for (const [path, title] of [
      ['bien-ban-niem-yet', 'BIÊN BẢN NIÊM YẾT CÔNG KHAI'],
      ['bien-ban-ket-thuc', 'BIÊN BẢN KẾT THÚC NIÊM YẾT CÔNG KHAI'],
    ]) {
      const res = await call(`/admin/cong-khai/${created.id}/${path}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const html = await res.text();
      for (const text of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', title, 'Quyết định số 112/QĐ-UBND ngày 14/03/2025', 'từ ngày 14/03/2025 đến hết ngày 30/04/2025 (48 ngày)', 'Niêm yết tại nhà văn hóa, điểm sinh hoạt cộng đồng', 'Đại diện Mặt trận', 'Trưởng thôn/Tổ trưởng', 'Đại diện Ủy ban nhân dân', '<svg']) {
        expect(html, text).toContain(text);
      }
      expect(html).toContain(`/cong-khai/${created.slug}/`);
    }
    expect((await call(`/admin/cong-khai/${created.id}/bien-ban-niem-yet`, { redirect: 'manual' })).status).toBe(303);
  });
});

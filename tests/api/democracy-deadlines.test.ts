import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, formatDate, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import type { ConsultationFields } from '../../schema/consultation/consultation.ts';
import { adminCookie, api, call, makeOfficial } from '../helpers.ts';

/** Issue 21 item 5: consultation deadlines and board warnings, as the admin shows them on real D1. */

type Json = Record<string, any>;
const today = todayInVietnam();

async function consultation(overrides: Partial<ConsultationFields>) {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến dự thảo quy hoạch (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'land_use_plan',
    summary: 'Dự thảo quy hoạch sử dụng đất.',
    channels: ['meeting', 'portal'],
    publish: true,
    ...overrides,
  });
  return value;
}

const page = async (path: string, cookie: string) => {
  const res = await call(path, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
};

describe('GET /admin/lay-y-kien/{id}: the result due date', () => {
  it('marks a consultation closed 40 days ago without a published result "Quá hạn", on the detail page and in the list', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const c = await consultation({ opensOn: addDays(today, -70), closesOn: addDays(today, -40) });
    const due = formatDate(addDays(today, -10));
    const html = await page(`/admin/lay-y-kien/${c.id}`, cookie);
    expect(html).toContain(`Hạn công bố kết quả tiếp thu, giải trình: ${due}`);
    expect(html).toContain('Quá hạn công bố kết quả tiếp thu, giải trình');
    const list = await page('/admin/lay-y-kien/', cookie);
    const entry = list.slice(list.indexOf(c.title), list.indexOf(c.title) + 600);
    expect(entry).toContain('Quá hạn công bố kết quả tiếp thu, giải trình');
  });

  it('gives the due date of one closed 10 days ago without the mark, and notes a period shorter than 20 days', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const c = await consultation({ opensOn: addDays(today, -20), closesOn: addDays(today, -10) });
    const html = await page(`/admin/lay-y-kien/${c.id}`, cookie);
    expect(html).toContain(`Hạn công bố kết quả tiếp thu, giải trình: ${formatDate(addDays(today, 20))}`);
    expect(html).not.toContain('Quá hạn công bố kết quả');
    expect(html).toContain('Thời gian lấy ý kiến 11 ngày, ngắn hơn 20 ngày tối thiểu');
  });

  it('follows the unit\'s own due days', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const c = await consultation({ opensOn: addDays(today, -70), closesOn: addDays(today, -40) });
    await env.DB.prepare('UPDATE democracy_rules SET result_due_days = 60 WHERE id = 1').run();
    try {
      const html = await page(`/admin/lay-y-kien/${c.id}`, cookie);
      expect(html).toContain(`Hạn công bố kết quả tiếp thu, giải trình: ${formatDate(addDays(today, 20))}`);
      expect(html).not.toContain('Quá hạn công bố kết quả');
    } finally {
      await env.DB.prepare('UPDATE democracy_rules SET result_due_days = 30 WHERE id = 1').run();
    }
  });
});

describe('POST /api/v1/supervision/boards and its admin page', () => {
  it('stores the recognising body, and the admin warns of a People\'s Inspection Board of 3 members and an ended term', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/supervision/boards', {
      kind: 'thanh_tra_nhan_dan',
      name: `Ban thanh tra nhân dân ${crypto.randomUUID().slice(0, 6)}`,
      termFrom: '2019-01-01',
      termTo: '2021-12-31',
      recognisedByBody: 'Ủy ban MTTQ Việt Nam thị trấn Bình Dương',
      members: 'Nguyễn Văn A; Trưởng ban\nTrần Thị B; Phó Trưởng ban\nLê Văn C; Thành viên',
    });
    expect(res.status).toBe(201);
    const board = (await res.json()) as Json;
    expect(board.recognisedByBody).toBe('Ủy ban MTTQ Việt Nam thị trấn Bình Dương');
    const row = await env.DB.prepare('SELECT recognised_by_body FROM supervision_boards WHERE id = ?').bind(board.id).first();
    expect(row).toEqual({ recognised_by_body: 'Ủy ban MTTQ Việt Nam thị trấn Bình Dương' });
    const html = await page(`/admin/nhan-dan/ban/${board.id}`, await adminCookie(official));
    expect(html).toContain('Ban có 3 thành viên, ít hơn mức tối thiểu 5 thành viên.');
    expect(html).toContain('Nhiệm kỳ đã kết thúc ngày 31/12/2021');
  });
});

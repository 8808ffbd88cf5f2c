import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { call, FROM_CLOUDFLARE, ORIGIN, sessionOf } from '../helpers.ts';

/** Issue 22.11: citizens' contacts (personal data, Nghị định 13/2023) are shown only to those who moderate. */

describe('GET /admin/lay-y-kien/:id', () => {
  it('shows a sender’s phone and e-mail to an approver and never to an editor', async () => {
    const today = todayInVietnam();
    const { value: c } = await createConsultation(
      { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() },
      {
        title: `Lấy ý kiến dự thảo kế hoạch (${crypto.randomUUID().slice(0, 8)})`,
        subject: 'socio_economic_plan',
        summary: 'Dự thảo kế hoạch phát triển kinh tế - xã hội năm sau.',
        opensOn: addDays(today, -1),
        closesOn: addDays(today, 20),
        channels: ['portal'],
        publish: true,
      },
    );
    const contact = `0912 ${Math.floor(100000 + Math.random() * 899999)} / nguoi-dan@example.vn`;
    const sent = await call(`/gop-y/${c.slug}`, {
      ...FROM_CLOUDFLARE,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'cf-connecting-ip': `192.0.2.77-${crypto.randomUUID()}` },
      body: new URLSearchParams({ body: 'Đề nghị lắp đèn đường ở tổ 5.', authorName: 'Trần Thị B', contact, consent: '1', website: '' }),
    });
    expect(sent.status).toBe(201);

    const approver = await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie: (await sessionOf('approver')).cookie } })).text();
    expect(approver).toContain(contact);
    expect(approver).toContain('Đăng ý kiến');

    const editorPage = await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie: (await sessionOf('editor')).cookie } });
    expect(editorPage.status).toBe(200);
    const editor = await editorPage.text();
    expect(editor).toContain('Đề nghị lắp đèn đường ở tổ 5.');
    expect(editor).not.toContain(contact);
    expect(editor).not.toContain('0912');
    expect(editor).not.toContain('Liên hệ (không công khai)');
  });
});

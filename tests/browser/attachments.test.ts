import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, loginAsDemo, PHONE, waitFor } from './browser.ts';
import { makePdf } from './pdf.ts';

const base = inject('portalUrl');
const browser = chromiumForThisFile();

describe('attachments from a 360 px phone (issue 15.1, 15.2)', () => {
  it('creates a notice with its PDF in one form, sees the file listed, withdraws it with a reason, and the public page says so', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const title = `Thông báo kèm tệp PDF (${Date.now()})`;
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/cong-khai/moi`);
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Nội dung công khai (Điều 11)').selectOption('du-an-dau-tu');
    await page.getByLabel('Số, ký hiệu văn bản (nếu có)').fill('41/TB-UBND');
    await page.getByLabel('Tóm tắt').fill('Thông báo kèm bản scan.');
    await page.getByLabel(/Tệp đính kèm \(nếu có\)/).setInputFiles({ name: 'Thông báo 41.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf('Thong bao 41')) });
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();
    // It asks first; the file is already kept with the draft, so the confirmation need not carry it.
    expect(await page.locator('h1').textContent()).toBe(`Công khai “${title}”?`);
    expect(await page.locator('.warning').textContent()).toContain('kèm tệp “Thông báo 41.pdf”');
    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai');

    const list = page.locator('.attachments');
    expect(await list.textContent()).toContain('Thông báo 41.pdf');
    expect(await list.textContent()).toContain('SHA-256');
    expect(await list.textContent()).toContain('Công khai');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Rút tệp này…' }).click();
    await page.getByRole('button', { name: 'Rút tệp' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Chưa nhập lý do rút tệp');
    await page.getByLabel('Lý do rút tệp').fill('Tải nhầm bản chưa ký');
    await page.getByRole('button', { name: 'Rút tệp' }).click();
    await expect.poll(() => page.locator('.attachments').textContent()).toContain('Tải nhầm bản chưa ký');

    const citizen = await (await browser().newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
    await waitFor(async () => {
      const res = await citizen.goto(`${base}/cong-khai/`);
      if (res?.status() !== 200 || (await citizen.getByRole('link', { name: title }).count()) === 0) return false;
      await citizen.getByRole('link', { name: title }).click();
      return ((await citizen.locator('main').textContent()) ?? '').includes('Tệp đã rút: Thông báo 41.pdf — Tải nhầm bản chưa ký');
    }, 90_000);
    const main = (await citizen.locator('main').textContent()) ?? '';
    expect(main).toContain('Tệp đã rút: Thông báo 41.pdf — Tải nhầm bản chưa ký');
    expect(main).toContain('Rút tệp đính kèm "Thông báo 41.pdf": Tải nhầm bản chưa ký');
  });
});

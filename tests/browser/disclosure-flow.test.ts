import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, PHONE, waitFor } from './browser.ts';

const base = inject('portalUrl');
const browser = chromiumForThisFile();


describe('an official posts a disclosure from a phone', () => {
  it('logs in, fixes a deliberate error without retyping, publishes, and the citizen list shows it', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    const title = `Thông báo lịch cắt điện khu phố 2 (${Date.now()})`;

    await page.goto(`${base}/admin/`);
    await expect.poll(() => page.url()).toContain('/admin/dang-nhap');
    await page.getByLabel('Thư điện tử').fill(inject('demoEmail'));
    await page.getByLabel('Mật khẩu').fill(inject('demoPassword'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('link', { name: 'Thêm nội dung công khai' }).click();

    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Nội dung công khai (Điều 11)').selectOption('du-an-dau-tu');
    await page.getByLabel('Số, ký hiệu văn bản (nếu có)').fill('31 TB UBND');
    await page.getByLabel('Tóm tắt').fill('Điện lực thông báo lịch cắt điện để thi công đường dây.');
    await page.getByLabel('Đọc trên hệ thống loa truyền thanh').check();
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();

    // The form comes back with an error summary and everything typed still in it.
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('28/KH-UBND');
    expect(await page.getByLabel('Tiêu đề').inputValue()).toBe(title);
    expect(await page.getByLabel('Tóm tắt').inputValue()).toBe('Điện lực thông báo lịch cắt điện để thi công đường dây.');
    expect(await page.getByLabel('Đọc trên hệ thống loa truyền thanh').isChecked()).toBe(true);
    expect(await page.getByLabel('Nội dung công khai (Điều 11)').inputValue()).toBe('du-an-dau-tu');
    // The error link leads to the field.
    await summary.getByRole('link').first().click();
    expect(await page.evaluate(() => location.hash)).toBe('#documentNumber');

    // The page fits a 360 px phone: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByLabel('Số, ký hiệu văn bản (nếu có)').fill('31/TB-UBND');
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();
    // Publishing asks first (issue 15); the latency counts from the confirming tap.
    expect(await page.locator('h1').textContent()).toBe(`Công khai “${title}”?`);
    const submitted = Date.now();
    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai');

    // The citizen list shows it once the site has been rebuilt and swapped in.
    const citizen = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const list = await citizen.newPage();
    const waited = await waitFor(async () => {
      const res = await list.goto(`${base}/cong-khai/`);
      expect(res?.status()).toBe(200); // never a 404 or an error while it rebuilds
      return (await list.getByRole('link', { name: title }).count()) > 0;
    }, 60_000);
    console.log(`publish latency (form submit → visible on /cong-khai/): ${((Date.now() - submitted) / 1000).toFixed(1)} s (polled ${waited} ms)`);
    await list.getByRole('link', { name: title }).click();
    expect(await list.locator('h1').textContent()).toBe(title);
    expect(await list.locator('main').textContent()).toContain('Loại văn bảnThông báoSố, ký hiệu31/TB-UBND');
    expect(await list.locator('main').textContent()).toContain('Đọc trên hệ thống loa truyền thanh');
    await context.close();
    await citizen.close();
  });
});

describe('citizen pages', () => {
  it('show the demo report in Vietnamese with a working skip link and no scripts', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.title()).toContain('Ủy ban nhân dân thị trấn Bình Dương');
    await page.getByRole('link', { name: 'Công khai thông tin', exact: true }).first().click();
    await page.getByRole('link', { name: /Báo cáo tình hình thực hiện Quy chế dân chủ/ }).click();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Loại văn bảnBáo cáoSố, ký hiệu78/BC-UBND');
    expect(main).toContain('Ngày ban hành24/06/2024');
    expect(main).toContain('Công khai thường xuyên');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
    await context.close();
  });

  it('answer an unknown address with the site 404 page', async () => {
    const context = await browser().newContext(PHONE);
    const page = await context.newPage();
    const res = await page.goto(`${base}/cong-khai/khong-co-trang-nay/`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Không tìm thấy trang');
    await context.close();
  });
});

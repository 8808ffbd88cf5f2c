import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, loginAsDemo, PHONE, waitFor } from './browser.ts';

/**
 * The people are consulted (Law 10/2022/QH15, Điều 25–29), end to end on a 360 px phone with
 * JavaScript off: a citizen gives an opinion on the demo's open illustration and gets a receipt;
 * an official publishes it with personal data taken out; then publishes the result of the
 * consultation the 2024 report describes; the citizen pages show both, and never the contact.
 */

const base = inject('portalUrl');
const browser = chromiumForThisFile();

const ILLUSTRATION = 'Ví dụ minh họa: lấy ý kiến về dự thảo kế hoạch phát triển kinh tế - xã hội năm tới';
const REPORTED = 'Nhân dân tham gia ý kiến về các dự án, chương trình trên địa bàn thị trấn (6 tháng đầu năm 2024)';

describe('a citizen gives an opinion, an official moderates it and publishes a result', () => {
  it('works without JavaScript at 360 px, from the form to the published pages', async () => {
    const citizen = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await citizen.newPage();
    await page.goto(`${base}/lay-y-kien/`);
    await page.getByRole('link', { name: ILLUSTRATION }).click();
    expect(await page.locator('[role=note]').textContent()).toContain('Ví dụ minh họa');
    const contact = `09${String(Date.now()).slice(-8)}`;
    const words = `Đề nghị lát gạch vỉa hè đường trước chợ (${Date.now()})`;
    await page.getByLabel('Ý kiến của bạn').fill(`${words}. Liên hệ tôi: ${contact}`);
    await page.getByLabel('Thôn, tổ dân phố (không bắt buộc)').fill('Khu phố 3');
    await page.getByLabel('Số điện thoại hoặc thư điện tử (không bắt buộc)').fill(contact);
    await page.getByLabel(/Tôi đồng ý/).check();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đã nhận ý kiến của bạn');
    const receipt = (await page.locator('.receipt strong').textContent())!;
    expect(receipt).toMatch(/^YK-\d+-[A-Z0-9]{6}$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // A second opinion, which the official will not publish.
    const hiddenWords = `Quảng cáo bán đất nền giá rẻ (${Date.now()})`;
    await page.goBack();
    await page.getByLabel('Ý kiến của bạn').fill(hiddenWords);
    await page.getByLabel(/Tôi đồng ý/).check();
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đã nhận ý kiến của bạn');
    const hiddenReceipt = (await page.locator('.receipt strong').textContent())!;
    await page.goBack();

    const official = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const admin = await official.newPage();
    await loginAsDemo(admin, base, inject('demoEmail'), inject('demoPassword'));
    await admin.goto(`${base}/admin/lay-y-kien/`);
    await admin.getByRole('link', { name: ILLUSTRATION }).click();
    const block = admin.locator('.list-item', { hasText: receipt });
    expect(await block.textContent()).toContain(contact);
    // Markup in an opinion is text: the public page must show it, not run it.
    const published = `${words} <script>alert(1)</script>`;
    await block.getByLabel('Nội dung đăng công khai').fill(published);
    await block.getByRole('button', { name: 'Đăng ý kiến' }).click();
    await expect.poll(() => admin.locator('[role=status]').textContent()).toContain('Đã lưu');
    const hiddenBlock = admin.locator('.list-item', { hasText: hiddenReceipt });
    await hiddenBlock.getByLabel('Lý do không đăng').fill('Quảng cáo, không liên quan đến nội dung lấy ý kiến');
    await hiddenBlock.getByRole('button', { name: 'Không đăng' }).click();
    await expect.poll(() => admin.locator('[role=status]').textContent()).toContain('Đã lưu');

    await admin.goto(`${base}/admin/lay-y-kien/`);
    await admin.getByRole('link', { name: REPORTED }).click();
    await admin.getByLabel('Nội dung nhóm ý kiến').first().fill('Đồng thuận với các dự án giảm nghèo, nông thôn mới');
    await admin.getByLabel('Tiếp thu').first().check();
    await admin.getByLabel('Nội dung tiếp thu hoặc giải trình').first().fill('Ủy ban nhân dân triển khai theo ý kiến thống nhất của Nhân dân.');
    await admin.getByRole('button', { name: 'Công bố kết quả' }).click();
    // The result is stored as a draft; publishing it asks first.
    expect(await admin.locator('h1').textContent()).toContain('Công bố kết quả tiếp thu, giải trình của');
    await admin.getByRole('button', { name: 'Công bố kết quả' }).click();
    await expect.poll(() => admin.locator('[role=status]').textContent()).toContain('Đã công khai');

    // The citizen pages show both once the site has been rebuilt and swapped in.
    const illustrationPath = new URL(page.url()).pathname;
    const pageHas = async (path: string, text: string) => (await (await fetch(`${base}${path}`)).text()).includes(text);
    await waitFor(async () => {
      await page.goto(`${base}/lay-y-kien/`);
      const href = await page.getByRole('link', { name: REPORTED }).getAttribute('href');
      return (await pageHas(href!, 'Kết quả tiếp thu, giải trình')) && (await pageHas(illustrationPath, words));
    }, 150_000, 1_000);
    const reportedHref = (await page.getByRole('link', { name: REPORTED }).getAttribute('href'))!;
    await page.goto(`${base}${reportedHref}`);
    expect(await page.locator('#ket-qua + *, #ket-qua ~ ul').first().textContent()).toContain('Đồng thuận với các dự án giảm nghèo');
    await page.goto(`${base}${illustrationPath}`);
    expect(await page.locator('main').textContent()).toContain(published);
    const html = await (await fetch(`${base}${illustrationPath}`)).text();
    expect(html).toContain(`${words} &lt;script&gt;alert(1)&lt;/script&gt;`);
    expect(html).not.toContain('<script>alert(1)</script>');
    // The contact, typed in its box and inside the raw text, appears in no stored page of the
    // site (pages, data sets, feeds: the local R2 bucket's files), while the published words do:
    // the search is not vacuous.
    const builds = join(inject('stateDir'), 'v3', 'r2', 'cong-khai-xa-trang');
    const files = (await readdir(builds, { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
    let wordsFound = 0;
    for (const file of files) {
      const raw = await readFile(file);
      const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
      expect(text.includes(contact), file).toBe(false);
      expect(text.includes(hiddenWords), file).toBe(false);
      if (text.includes(words)) wordsFound++;
    }
    expect(wordsFound).toBeGreaterThan(0);
    await citizen.close();
    await official.close();
  }, 240_000);
});

import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, loginAsDemo, PHONE } from './browser.ts';

/**
 * The menus on a 360 px phone without JavaScript (issue 22, item 6): every section of the
 * citizen site on the first screen, and an admin header that leaves the screen to the work.
 */

const base = inject('portalUrl');
const browser = chromiumForThisFile();
const SCREEN = { width: 360, height: 640 };
/** The eight sections of the citizen site (site/src/layouts/Base.astro). */
const SECTIONS = ['Trang chủ', 'Công khai thông tin', 'Bàn và quyết định', 'Tham gia ý kiến', 'Kiểm tra, giám sát', 'Lịch tiếp công dân', 'Thống kê', 'Tìm kiếm'];
/** Issue 22.6: the admin header took 226 px (28 %) of the screen; about 90 is the most it may take. */
const MAX_ADMIN_HEADER = 90;

const phone = () => browser().newContext({ ...PHONE, viewport: SCREEN, javaScriptEnabled: false });

describe('the citizen menu at 360×640', () => {
  it.each(['/', '/cong-khai/', '/lich-tiep-cong-dan/', '/thong-ke/', '/tim-kiem/'])('shows all eight sections, by clear names, on the first screen of %s', async (path) => {
    const context = await phone();
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    const links = page.getByRole('navigation', { name: 'Chuyên mục' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(SECTIONS);
    const boxes = [];
    for (const link of await links.all()) {
      expect(await link.isVisible()).toBe(true);
      const box = (await link.boundingBox())!;
      boxes.push(box);
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(SCREEN.height);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(SCREEN.width);
      // A finger-sized target (WCAG 2.2, 2.5.8: at least 24 px).
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    // Issue 22.8: a space after every , : ; in the page's Vietnamese text ("hằng tuần,giờ" and "được:danh sách" were not).
    const text = await page.locator('main').innerText();
    expect(text.match(/\p{L}[,:;]\p{L}[^\s]*/gu) ?? []).toEqual([]);
    const header = (await page.locator('.site-header').boundingBox())!;
    console.log(`${path} at 360×640: site header ${Math.round(header.height)} px, lowest section link ends at ${Math.round(Math.max(...boxes.map((b) => b.y + b.height)))} px`);
    await context.close();
  });
});

describe('the admin header at 360×640', () => {
  it(`is at most ${MAX_ADMIN_HEADER} px high, and its menu opens without JavaScript onto every section`, async () => {
    const context = await phone();
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/thong-ke/`);
    const header = (await page.locator('body > header').boundingBox())!;
    console.log(`admin header at 360×640: ${Math.round(header.height)} px (was 226 px)`);
    expect(header.height).toBeLessThanOrEqual(MAX_ADMIN_HEADER);
    // The page's own heading is on the first screen, just under the header.
    expect((await page.locator('h1').boundingBox())!.y).toBeLessThan(MAX_ADMIN_HEADER + 60);

    const menu = page.getByRole('navigation', { name: 'Quản trị (menu)' });
    expect(await menu.isVisible()).toBe(false);
    await page.locator('details.menu > summary').click();
    const links = menu.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(13);
    for (const link of await links.all()) expect(await link.isVisible()).toBe(true);
    expect(await menu.getByRole('link', { name: 'Thống kê' }).getAttribute('aria-current')).toBe('page');
    expect(await menu.getByRole('button', { name: /Đăng xuất/ }).isVisible()).toBe(true);
    // The wide navigation is not shown on a phone, so no link is heard twice.
    expect(await page.getByRole('navigation', { name: 'Quản trị', exact: true }).isVisible()).toBe(false);
    await context.close();
  });
});

import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, clickAndLoad, loginAsDemo, PHONE, waitFor } from './browser.ts';

/** Decisions by the people and supervision on a 360 px phone without JavaScript. */

const base = inject('portalUrl');
const browser = chromiumForThisFile();

describe('the pillar pages', () => {
  it('show the demo decision from report 78/BC-UBND with unknown numbers as "—", and a board page, without scripts or sideways scrolling', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Bàn và quyết định', exact: true }).click();
    expect(await page.locator('h1').textContent()).toBe('Nhân dân bàn và quyết định');
    await page.getByRole('link', { name: /Họp dân bàn, thống nhất mức đóng góp/ }).click();
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Hội nghị (cuộc họp) cộng đồng dân cư');
    expect(main).toContain('Báo cáo 78/BC-UBND');
    // The report gives no turnout: every count reads "—", none reads 0.
    const cells = await page.locator('table td').allTextContents();
    expect(cells).toEqual(['—', '—', '—', '—', '—']);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Kiểm tra, giám sát', exact: true }).click();
    await page.getByRole('link', { name: 'Ban giám sát đầu tư của cộng đồng thị trấn Bình Dương' }).click();
    const board = (await page.locator('main').textContent()) ?? '';
    expect(board).toContain('Quyết định thành lập các tổ giám sát đầu tư của cộng đồng');
    expect(board).toContain('Kết quả hoạt động của Ban giám sát đầu tư của cộng đồng 6 tháng đầu năm 2024');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });

  it('puts the demo decisions and boards in search, the Atom feeds and open data (unknown numbers null / empty)', async () => {
    const context = await browser().newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}/tim-kiem/?q=${encodeURIComponent('huong uoc quy uoc')}`);
    await page.locator('#trang-thai:has-text("Tìm thấy")').waitFor({ timeout: 15_000 });
    expect(await page.locator('#ket-qua h2').allTextContents()).toContain('Rà soát, sửa đổi, bổ sung hương ước, quy ước của các thôn');
    await page.goto(`${base}/tim-kiem/?q=${encodeURIComponent('ban giam sat dau tu cong dong')}`);
    await page.locator('#trang-thai:has-text("Tìm thấy")').waitFor({ timeout: 15_000 });
    expect(await page.locator('#ket-qua h2').allTextContents()).toContain('Ban giám sát đầu tư của cộng đồng thị trấn Bình Dương');
    await context.close();

    const feed = await (await fetch(`${base}/nhan-dan-quyet-dinh.xml`)).text();
    expect(feed).toContain('Rà soát, sửa đổi, bổ sung hương ước, quy ước của các thôn');
    expect(feed).toMatch(/<link href="[^"]*\/nhan-dan-quyet-dinh\/[a-z0-9-]+\/"/);
    expect(await (await fetch(`${base}/giam-sat.xml`)).text()).toContain('Ban thanh tra nhân dân thị trấn Bình Dương');
    const rows = (await (await fetch(`${base}/du-lieu/nhan-dan-quyet-dinh.json`)).json()) as Record<string, unknown>[];
    const meeting = rows.find((r) => String(r.title).startsWith('Họp dân bàn, thống nhất mức đóng góp'))!;
    expect(meeting).toMatchObject({ form: 'hoi_nghi', eligible: null, participating: null, votesFor: null, heldFrom: null, passed: null });
    const bytes = new Uint8Array(await (await fetch(`${base}/du-lieu/giam-sat-ban.csv`)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs (TextDecoder would drop it)
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain('Ban thanh tra nhân dân thị trấn Bình Dương');
  });

  it('publishes a decision entered in the admin, showing markup in its title as text', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/nhan-dan/quyet-dinh/moi`);
    const title = `Bầu trưởng khu phố 3 <b>lần ${Date.now()}</b>`;
    await page.getByLabel('Tên nội dung').fill(title);
    await page.getByLabel('Loại nội dung').selectOption('truong_thon');
    await page.getByLabel('Số được tham gia').fill('120');
    await page.getByLabel('Số tham gia').fill('98');
    await page.getByLabel('Số tán thành').fill('90');
    await page.getByLabel('Nội dung', { exact: true }).fill('Hội nghị bầu trưởng khu phố.');
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();
    // The draft is stored; publishing asks first, naming the record.
    expect(await page.locator('h1').textContent()).toBe(`Công khai “${title}”?`);
    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai');

    const citizen = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const list = await citizen.newPage();
    await waitFor(async () => {
      const res = await list.goto(`${base}/nhan-dan-quyet-dinh/noi-dung/truong-thon-to-truong/`);
      return res?.status() === 200 && (await list.getByRole('link', { name: title }).count()) > 0;
    }, 90_000);
    await clickAndLoad(list, list.getByRole('link', { name: title }));
    expect(await list.locator('h1').textContent()).toBe(title);
    expect(await list.locator('h1 b').count()).toBe(0);
    expect(await list.locator('table td').allTextContents()).toEqual(['120', '98 (81,7% tổng số hộ (cử tri))', '90 (75% tổng số hộ (cử tri)) — đạt trên 50%', '—', '—']);
    await context.close();
    await citizen.close();
  });

  it('withdraws a decision entered in the admin: its citizen page stays, showing "Đã thu hồi" and the reason', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/nhan-dan/quyet-dinh/moi`);
    // Its own record, so later files that read the demo decisions see them unchanged.
    const title = `Họp dân bàn mức đóng góp khu phố 4, lần ${Date.now()}`;
    await page.getByLabel('Tên nội dung').fill(title);
    await page.getByLabel('Loại nội dung').selectOption('cong_trinh_dong_gop');
    await page.getByLabel('Nội dung', { exact: true }).fill('Hội nghị bàn mức đóng góp làm đường.');
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();
    // The draft is stored; publishing asks first, naming the record.
    expect(await page.locator('h1').textContent()).toBe(`Công khai “${title}”?`);
    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai');
    await page.getByRole('link', { name: new RegExp(`^${title}`) }).click();
    await page.getByRole('link', { name: 'Thu hồi nội dung này' }).click();
    const reason = 'Nhập trùng với biên bản đã công khai trước đó';
    await page.getByLabel('Lý do thu hồi').fill(reason);
    await page.getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã thu hồi');

    const citizen = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const list = await citizen.newPage();
    await waitFor(async () => {
      const res = await list.goto(`${base}/nhan-dan-quyet-dinh/`);
      return res?.status() === 200 && (await list.locator('li.item', { hasText: title }).locator('.badge.withdrawn').count()) > 0;
    }, 90_000);
    await list.getByRole('link', { name: title }).click();
    const note = (await list.locator('.withdrawn-note').textContent()) ?? '';
    expect(note).toContain('Đã thu hồi');
    expect(note).toContain(`Lý do: ${reason}`);
    await context.close();
    await citizen.close();
  });
});

import { describe, expect, inject, it } from 'vitest';
import { addDays, formatDate, todayInVietnam, weekdayName } from '../../schema/core/dates.ts';
import { makePdf } from './pdf.ts';
import { chromiumForThisFile, loginAsDemo, overflowing, PHONE, waitFor } from './browser.ts';

/**
 * Issue 15, item 6 and 4 at 360 px without JavaScript: irreversible steps ask first on a page
 * that fits the phone, and what they do then shows where citizens and programs look.
 */

const base = inject('portalUrl');
const browser = chromiumForThisFile();
const phone = () => browser().newContext({ ...PHONE, javaScriptEnabled: false });
const login = (page: import('playwright-core').Page) => loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));

describe('revoking an API token', () => {
  it('asks on a page that fits 360 px, then lists the token revoked and the API refuses it', async () => {
    const context = await phone();
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/ma-api`);
    const name = `Phần mềm thử thu hồi ${Date.now()}`;
    await page.getByLabel('Tên mã').fill(name);
    await page.getByLabel('Đọc nội dung công khai').check();
    await page.getByRole('button', { name: 'Tạo mã' }).click();
    const token = (await page.locator('[role=status] code').textContent())!.trim();
    const read = () => fetch(`${base}/api/v1/disclosures`, { headers: { authorization: `Bearer ${token}` } });
    expect((await read()).status).toBe(200);

    await page.locator('tr', { hasText: name }).getByRole('button', { name: 'Thu hồi…' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Thu hồi mã “${name}”?`);
    expect(await overflowing(page)).toEqual([]);
    expect((await read()).status).toBe(200); // asking revoked nothing
    await page.getByRole('button', { name: 'Thu hồi mã' }).click();

    expect(await page.locator('tr', { hasText: name }).textContent()).toMatch(/Đã thu hồi lúc \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/);
    expect(await page.locator('tr', { hasText: name }).getByRole('button').count()).toBe(0);
    expect((await read()).status).toBe(401);
    await context.close();
  });
});

describe('cancelling a reception session', () => {
  // A regular session five to eight weeks ahead: inside "Các tuần tới", far from the next session
  // and the notice period.
  it('asks with the reason on a page that fits 360 px, then the citizen calendar shows it cancelled', async () => {
    const today = todayInVietnam();
    const feed = await (await fetch(`${base}/lich-tiep-cong-dan.ics`)).text();
    const events = feed.split('BEGIN:VEVENT').slice(1);
    const target = events
      .map((e) => ({ uid: /UID:rule-(\d+)-(\d{4}-\d{2}-\d{2})@/.exec(e), cancelled: /STATUS:CANCELLED/.test(e) }))
      .find((e) => e.uid && !e.cancelled && e.uid[2]! >= addDays(today, 35) && e.uid[2]! <= addDays(today, 54));
    expect(target, 'a regular session five to eight weeks ahead').toBeDefined();
    const [, rule, date] = target!.uid!;
    const reason = `Chủ tịch dự hội nghị tại tỉnh (thử ${Date.now()})`;

    const context = await phone();
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/tiep-cong-dan/buoi/${rule}/${date}`);
    await page.getByLabel('Thay đổi', { exact: true }).selectOption('cancelled');
    await page.getByLabel('Lý do').fill(reason);
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Hủy buổi tiếp công dân ${weekdayName(date!)} ${formatDate(date!)}?`);
    expect(await page.locator('.warning').textContent()).toContain(reason);
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole('button', { name: 'Hủy buổi tiếp' }).click();

    const citizen = await context.newPage();
    const row = citizen.locator(`#buoi-${date}`);
    await waitFor(async () => {
      await citizen.goto(`${base}/lich-tiep-cong-dan/`);
      return ((await row.textContent()) ?? '').includes('Đã hủy');
    }, 90_000);
    expect(await row.textContent()).toContain(reason);
    await context.close();
  });
});

describe('"Lưu và công khai" on a new item with a file', () => {
  it('asks on a page that fits 360 px; going back keeps the draft and its file, unpublished', async () => {
    const context = await phone();
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/cong-khai/moi`);
    const title = `Thông báo chờ xác nhận (${Date.now()})`;
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Nội dung công khai (Điều 11)').selectOption('du-an-dau-tu');
    await page.getByLabel('Tóm tắt').fill('Thông báo kèm bản scan, chưa chắc công khai.');
    await page.getByLabel(/Tệp đính kèm \(nếu có\)/).setInputFiles({ name: 'Thông báo 42.pdf', mimeType: 'application/pdf', buffer: Buffer.from(makePdf('Thong bao 42')) });
    await page.getByRole('button', { name: 'Lưu và công khai' }).click();

    expect(await page.locator('h1').textContent()).toBe(`Công khai “${title}”?`);
    const warning = (await page.locator('.warning').textContent()) ?? '';
    expect(warning).toContain('Đã lưu thành bản nháp, kèm tệp “Thông báo 42.pdf”; chưa công khai.');
    expect(warning).toContain('Trang công khai sẽ hiện thay đổi sau vài giây');
    expect(await overflowing(page)).toEqual([]);

    await page.getByRole('link', { name: 'Quay lại, không làm gì' }).click();
    expect(await page.getByLabel('Tiêu đề').inputValue()).toBe(title);
    expect(await page.locator('.attachments').textContent()).toContain('Thông báo 42.pdf');
    expect(await page.locator('.status').first().textContent()).toBe('Bản nháp');
    const fileHref = await page.locator('.attachments a[href^="/tep/"]').first().getAttribute('href');
    expect((await fetch(`${base}${fileHref}`)).status).toBe(404); // a draft's file is not public
    await context.close();
  });
});

describe('replacing a published statistics table', () => {
  // A year long before the demo's periods, so the latest table the statistics tests read stays 2024's.
  it('needs a reason on the confirmation, then the public page shows it beside the new figures and keeps the old table', async () => {
    const year = 2011;
    const period = { kind: 'year', year, number: 1 };
    const put = (body: object) =>
      fetch(`${base}/api/v1/statistics/procedures`, { method: 'PUT', headers: { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ period, rows: [{ field: 'Hộ tịch', receivedTotal: 120, receivedDirect: 120, resolvedTotal: 120, resolvedOnTime: 120 }] })).status).toBe(200);

    const context = await phone();
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/thong-ke/thu-tuc?ky=${year}`);
    for (const k of ['receivedTotal', 'receivedDirect', 'resolvedTotal', 'resolvedOnTime']) await page.fill(`#r0_${k}`, '118');
    await page.getByRole('button', { name: 'Lưu bảng số liệu' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Thay bảng số liệu Năm ${year}?`);
    expect(await overflowing(page)).toEqual([]);

    await page.getByRole('button', { name: 'Thay bảng cũ' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('hãy ghi lý do thay');
    expect(await page.locator('ul.changes').textContent()).toContain('Tổng số tiếp nhận 120 → 118');
    const reason = 'Sửa số hồ sơ hộ tịch nhập nhầm khi tổng hợp';
    await page.getByLabel('Lý do thay số liệu').fill(reason);
    await page.getByRole('button', { name: 'Thay bảng cũ' }).click();
    expect(await page.locator('[role=status]').textContent()).toContain('Đã lưu');

    const citizen = await context.newPage();
    await waitFor(async () => {
      const res = await citizen.goto(`${base}/thong-ke/thu-tuc-hanh-chinh/${year}/`);
      return res?.status() === 200 && ((await citizen.locator('main').textContent()) ?? '').includes(reason);
    }, 90_000);
    expect(await citizen.locator('.updated').textContent()).toBe(`Đã cập nhật ngày ${formatDate(todayInVietnam())}: ${reason}`);
    expect(await citizen.locator('table.stats tfoot').textContent()).toContain('118');
    await citizen.getByText(/^Bảng công khai từ /).click();
    expect(await citizen.locator('details table').textContent()).toContain('120');
    expect(await overflowing(citizen)).toEqual([]);

    const json = (await (await fetch(`${base}/thong-ke/thu-tuc-hanh-chinh/${year}.json`)).json()) as Record<string, any>;
    expect(json).toMatchObject({ version: 2, changeReason: reason, history: [{ version: 1, figures: [{ receivedTotal: 120 }] }] });
    const csv = await (await fetch(`${base}/thong-ke/thu-tuc-hanh-chinh/${year}.csv`)).text();
    expect(csv.split('\r\n')[0]).toMatch(/,Phiên bản,Ngày cập nhật,Lý do cập nhật,Dữ liệu minh họa$/);
    expect(csv.split('\r\n')[1]).toContain(`,2,${formatDate(todayInVietnam())},${reason}`);
    await context.close();
  });
});

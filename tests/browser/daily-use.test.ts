import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { localD1File } from '../../scripts/local-db.ts';
import { chromiumForThisFile, loginAsDemo, overflowing, PHONE, waitFor } from './browser.ts';

/** Issue 15 at 360 px: nothing typed is lost, irreversible steps ask first, the admin fits a phone, search reads right. */

const base = inject('portalUrl');
const browser = chromiumForThisFile();
const login = (page: Page) => loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));

/** The path with its numbers and dates as placeholders: one visit per kind of page. */
const shape = (path: string) => path.replace(/\d{4}-\d{2}-\d{2}/g, 'D').replace(/\d+/g, 'N');

describe('every admin page at 360 px', () => {
  it('has no element wider than the viewport (outside a table scroller with a cue)', async () => {
    const context = await browser().newContext(PHONE);
    const page = await context.newPage();
    await login(page);
    const queue = ['/admin/', '/admin/dang-nhap'];
    const seen = new Set<string>();
    const problems: Record<string, string[]> = {};
    while (queue.length && seen.size < 120) {
      const path = queue.shift()!;
      if (seen.has(shape(path))) continue;
      seen.add(shape(path));
      const res = await page.goto(`${base}${path}`);
      if (!res?.ok() || !(res.headers()['content-type'] ?? '').includes('text/html')) continue;
      const wide = await overflowing(page);
      if (wide.length) problems[path] = wide;
      const links = await page.locator('main a[href^="/admin/"], header a[href^="/admin/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      for (const href of links) if (!/\.(csv|docx|xlsx|ics|pdf)(\?|$)/.test(href.split('#')[0]!) && !seen.has(shape(href.split('#')[0]!))) queue.push(href.split('#')[0]!);
    }
    expect(problems).toEqual({});
    // The crawl reached the pages the issue named, and more.
    expect([...seen]).toEqual(expect.arrayContaining(['/admin/ma-api', '/admin/cong-khai/N/nhat-ky', '/admin/thong-ke/thu-tuc', '/admin/tiep-cong-dan/']));
    expect(seen.size).toBeGreaterThanOrEqual(15);
    await context.close();
  });
});

/** The local D1 file of the test portal's seed commune (the demo official's). */
async function portalDatabase(): Promise<DatabaseSync> {
  const file = await localD1File(inject('stateDir'));
  expect(existsSync(file)).toBe(true);
  return new DatabaseSync(file);
}

describe('a long form sent after the session ended', () => {
  it('comes back filled in after logging in again, with a message', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/cong-khai/moi`);
    expect(await page.locator('#het-phien').textContent()).toMatch(/Phiên đăng nhập hết hạn lúc \d\d:\d\d, \d\d\/\d\d\/\d{4}/);
    const title = `Thông báo gõ lâu trên điện thoại ${Date.now()}`;
    await page.getByLabel('Tiêu đề').fill(title);
    await page.getByLabel('Nội dung công khai (Điều 11)').selectOption('quy-hoach');
    await page.getByLabel('Tóm tắt').fill('Nội dung dài gõ trong lúc phiên đăng nhập hết hạn.');

    // The clock passes the session's end while the official types.
    const db = await portalDatabase();
    db.prepare('UPDATE sessions SET expires_at = ?').run(new Date(Date.now() - 60_000).toISOString());
    db.close();

    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await page.waitForURL(/\/admin\/dang-nhap/);
    expect(await page.locator('[role=status]').textContent()).toContain('Những gì bạn vừa gửi đã được giữ lại');
    await page.getByLabel('Thư điện tử').fill(inject('demoEmail'));
    await page.getByLabel('Mật khẩu').fill(inject('demoPassword'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/admin\/cong-khai\/moi\?khoi-phuc=\d+$/);
    expect(await page.locator('#khoi-phuc').textContent()).toContain('Những gì bạn đã nhập được giữ lại');
    expect(await page.getByLabel('Tiêu đề').inputValue()).toBe(title);
    expect(await page.getByLabel('Nội dung công khai (Điều 11)').inputValue()).toBe('quy-hoach');
    expect(await page.getByLabel('Tóm tắt').inputValue()).toBe('Nội dung dài gõ trong lúc phiên đăng nhập hết hạn.');
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  });
});

describe('replacing a statistics table', () => {
  it('shows what would change and replaces nothing when the official goes back', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/thong-ke/`);
    await page.locator('main ul a[href*="/admin/thong-ke/thu-tuc?ky="]').first().click();
    const field = await page.inputValue('#r0_field');
    await page.fill('#r0_field', `${field} (sửa)`);
    await page.getByRole('button', { name: 'Lưu bảng số liệu' }).click();
    expect(await page.locator('h1').textContent()).toMatch(/^Thay bảng số liệu .+\?$/);
    const changes = await page.locator('ul.changes li').allTextContents();
    expect(changes).toEqual(expect.arrayContaining([`Thêm dòng "${field} (sửa)".`, `Bỏ dòng "${field}".`]));
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole('link', { name: 'Không thay, xem bảng đang có' }).click();
    expect(await page.inputValue('#r0_field')).toBe(field);
    await context.close();
  });
});

describe('publishing from the edit page', () => {
  it('asks first, then says "Đã công khai" and when it shows', async () => {
    const res = await fetch(`${base}/api/v1/disclosures`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: `Bản nháp chờ công khai ${Date.now()}`, summary: 'Bản nháp.', category: 'quy-hoach', issuedOn: '2025-03-03',
        issuer: 'Ủy ban nhân dân thị trấn Bình Dương', channels: ['portal'], postingStart: '2025-03-03', permanent: true,
      }),
    });
    const { id } = (await res.json()) as { id: number };
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await login(page);
    await page.goto(`${base}/admin/cong-khai/${id}`);
    await page.getByRole('button', { name: 'Công khai ngay…' }).click();
    expect(await page.locator('h1').textContent()).toMatch(/^Công khai “Bản nháp chờ công khai \d+”\?$/);
    expect(await overflowing(page)).toEqual([]);
    await page.getByRole('button', { name: 'Công khai', exact: true }).click();
    expect(await page.locator('[role=status]').textContent()).toMatch(/^Đã công khai\. Trang công khai sẽ hiện thay đổi sau vài giây/);
    await context.close();
  });
});

describe('/tim-kiem/ at 360 px', () => {
  it('ranks partial matches instead of dropping them, and shows the items\' own words, never the folded index', async () => {
    const context = await browser().newContext(PHONE);
    const page = await context.newPage();
    await waitFor(async () => {
      await page.goto(`${base}/tim-kiem/?q=${encodeURIComponent('chuyển đổi cải cách')}`);
      return page.locator('#trang-thai:has-text("Tìm thấy")').waitFor({ timeout: 15_000 }).then(() => true, () => false);
    }, 60_000, 1000);
    const titles = await page.locator('#ket-qua h2').allTextContents();
    // The plan with both words first; plans with only "cải cách" are listed after it, not dropped.
    expect(titles[0]).toBe('Kế hoạch tuyên truyền về cải cách hành chính và chuyển đổi số năm 2024');
    expect(titles).toContain('Kế hoạch cải cách hành chính thị trấn năm 2024');
    const results = (await page.locator('#ket-qua').textContent()) ?? '';
    expect(results).not.toMatch(/\bcai cach\b|\bchuyen doi\b/);
    expect(await page.locator('#ket-qua mark').first().textContent()).toMatch(/^(chuyển|đổi|cải|cách)/i);
    // Results with only some of the words say so.
    expect(await page.locator('#ket-qua li:has-text("có một phần từ cần tìm")').count()).toBeGreaterThan(0);
    expect(await overflowing(page)).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: the form is answered by the Worker, and the category lists are offered', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/tim-kiem/`);
    expect(await page.locator('#q-hint').textContent()).toContain('quy hoach');
    expect(await page.locator('a[href^="/cong-khai/danh-muc/"]').count()).toBeGreaterThan(3);
    await page.fill('#q', 'quy hoach');
    await page.click('#tim-kiem button[type="submit"]');
    await page.waitForURL(/\/tim-kiem\/\?q=quy\+hoach/);
    expect(await page.locator('#trang-thai').textContent()).toMatch(/^Tìm thấy \d+ nội dung/);
    expect(await page.locator('#ket-qua mark').first().textContent()).toMatch(/^(quy|hoạch)$/i);
    expect(await page.locator('script').count()).toBe(0);
    await context.close();
  });
});

import { createServer, type Server } from 'node:http';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { addDays, formatDate, todayInVietnam } from '../../schema/core/dates.ts';
import { CONSENT_TEXT } from '../../schema/consultation/opinion-form.ts';
import { DEMO_BANNER } from '../../schema/unit/unit.ts';
import { chromiumForThisFile, loginAsDemo, PHONE, waitFor } from './browser.ts';

/**
 * Issue 13's leftovers: the embeds of the new pillars (open consultations, the people's latest
 * decisions) and the print view of a decision, a supervision board and finding, and a
 * consultation — the portal's record sheet on A4, printed to PDF by Chromium and read back.
 */

const base = inject('portalUrl');
const token = inject('demoToken');
const browser = chromiumForThisFile();
const ILLUSTRATION = 'Ví dụ minh họa: lấy ý kiến về dự thảo kế hoạch phát triển kinh tế - xã hội năm tới';
const DEMO_DECISION = 'Họp dân bàn, thống nhất mức đóng góp và chính sách miễn giảm cho hộ nghèo, gia đình chính sách';
const SHEET = 'CỔNG CÔNG KHAI THÔNG TIN – ỦY BAN NHÂN DÂN THỊ TRẤN BÌNH DƯƠNG';
const suffix = Math.random().toString(36).slice(2, 8);

const squash = (s: string) => s.replace(/\s+/g, '');

async function post(path: string, body: unknown): Promise<{ id: number; slug: string }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: number; slug: string };
}

/** Waits until the published site serves `path` containing `text`. */
const published = (path: string, text: string) =>
  waitFor(async () => {
    const res = await fetch(`${base}${path}`);
    return res.ok && (await res.text()).includes(text);
  }, 150_000, 1_000);

/** The page as printed on A4: its PDF's text (whitespace removed, pdf.js splits runs) and page count. */
async function printed(page: Page): Promise<{ text: string; pages: number }> {
  await page.emulateMedia({ media: 'print' });
  const doc = await getDocumentProxy(new Uint8Array(await page.pdf({ format: 'A4', preferCSSPageSize: true })));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  return { text: squash(text), pages: totalPages };
}

/** The record sheet every printed record starts with, and the QR code back to the page. */
async function expectRecordSheet(page: Page, text: string, kind: string) {
  for (const expected of [DEMO_BANNER, SHEET, `Bản in trang ${kind}, nội dung cập nhật ngày ${formatDate(todayInVietnam())}`, 'Bản in không thay thế văn bản gốc có chữ ký, đóng dấu']) {
    expect(text, expected).toContain(squash(expected));
  }
  // The portal's own sheet, not an imitation of a signed document; no navigation, no footer.
  expect(text).not.toContain(squash('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
  expect(text).not.toContain(squash('Bỏ qua, đến nội dung chính'));
  expect(text).not.toContain(squash('Nguồn tin Atom'));
  const shot = PNG.sync.read(await page.locator('.qr-block svg').screenshot());
  expect(jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data).toBe(page.url());
}

let context: BrowserContext;
beforeAll(async () => {
  context = await browser().newContext({ viewport: { width: 800, height: 1100 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
});
afterAll(async () => {
  await context?.close();
});

describe('embeds of the people\'s pillars', () => {
  it('/nhung/lay-y-kien/ lists the open consultation with its closing date and a "Góp ý" link to its form, under the demo banner, a few KB, same origin only', async () => {
    const phone = await browser().newContext(PHONE);
    const page = await phone.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${base}/nhung/lay-y-kien/`);
    expect(await page.title()).toBe('Đang lấy ý kiến Nhân dân – Ủy ban nhân dân thị trấn Bình Dương');
    expect(await page.locator('h1').textContent()).toBe('Đang lấy ý kiến Nhân dân');
    expect(await page.locator('.demo-banner').textContent()).toBe(DEMO_BANNER);
    const item = page.locator('li', { hasText: ILLUSTRATION });
    expect(await item.textContent()).toMatch(/góp ý đến hết \d\d\/\d\d\/20\d\d/);
    const href = await item.getByRole('link', { name: `Góp ý: ${ILLUSTRATION}` }).getAttribute('href');
    expect(href).toMatch(/^\/lay-y-kien\/[a-z0-9-]+\/#gui-y-kien$/);
    // The link leads to the form on the portal.
    expect(await (await fetch(`${base}${href}`)).text()).toContain('<h2 id="gui-y-kien">Gửi ý kiến</h2>');
    // The report's consultation (no dates) is not open: not listed.
    expect(await page.locator('main').textContent()).not.toContain('Nhân dân tham gia ý kiến về các dự án');
    expect(requests.every((u) => u.startsWith(base))).toBe(true);
    expect((await (await fetch(`${base}/nhung/lay-y-kien/`)).text()).length).toBeLessThan(6000);
    await phone.close();
  });

  it('/nhung/quyet-dinh-moi/ lists the latest decisions with their result, "—" where the report gives none', async () => {
    const title = `Họp dân bàn làm đường bê tông tổ 7 (${suffix})`;
    await post('/decisions', {
      title, matter: 'cong_trinh_dong_gop', scope: 'thon', places: ['Tổ 7'], form: 'hoi_nghi', heldFrom: '2025-03-09', heldTo: null,
      voterUnit: 'ho', eligible: 100, participating: 80, votesFor: 60, votesAgainst: 15, votesBlank: 5, passed: true,
      summary: 'Các hộ thống nhất mức đóng góp.', recognisedOn: null, publish: true,
    });
    await published('/nhung/quyet-dinh-moi/', title);
    const phone = await browser().newContext(PHONE);
    const page = await phone.newPage();
    await page.goto(`${base}/nhung/quyet-dinh-moi/`);
    expect(await page.title()).toBe('Nhân dân mới bàn và quyết định – Ủy ban nhân dân thị trấn Bình Dương');
    expect(await page.locator('.demo-banner').textContent()).toBe(DEMO_BANNER);
    expect(await page.locator('li', { hasText: title }).textContent()).toContain('09/03/2025 · Được thông qua (60% tổng số hộ, cử tri tán thành)');
    expect(await page.locator('li', { hasText: DEMO_DECISION }).textContent()).toContain('Ngày: — · Kết quả: —');
    await phone.close();
  });

  it('a withdrawn decision and finding leave /nhung/quyet-dinh-moi/ and /nhung/giam-sat/, as withdrawn disclosures leave /nhung/cong-khai-moi/; their pages stay, marked "Đã thu hồi"', async () => {
    const decision = await post('/decisions', {
      title: `Họp dân bàn làm mương khu phố 5 (${suffix})`, matter: 'cong_trinh_dong_gop', heldFrom: '2025-04-06', passed: true,
      summary: 'Các hộ thống nhất làm mương.', publish: true,
    });
    const board = await post('/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân khu phố 5 (${suffix})`, publish: true });
    const finding = await post('/supervision/activities', {
      boardId: board.id, kind: 'phat_hien', title: `Giám sát thu quỹ khu phố 5 (${suffix})`, heldOn: '2025-04-20', body: 'Kiểm tra sổ thu.', publish: true,
    });
    await published('/nhung/quyet-dinh-moi/', `/${decision.slug}/`);
    await published('/nhung/giam-sat/', `/${finding.slug}/`);
    for (const [path, id] of [['/decisions', decision.id], ['/supervision/activities', finding.id]] as const) {
      const res = await fetch(`${base}/api/v1${path}/${id}/withdraw`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, reason: 'Nhập nhầm khu phố' }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    await published(`/nhan-dan-quyet-dinh/${decision.slug}/`, 'Lý do: Nhập nhầm khu phố');
    await published(`/giam-sat/hoat-dong/${finding.slug}/`, 'Lý do: Nhập nhầm khu phố');
    expect(await (await fetch(`${base}/nhung/quyet-dinh-moi/`)).text()).not.toContain(`/${decision.slug}/`);
    expect(await (await fetch(`${base}/nhung/giam-sat/`)).text()).not.toContain(`/${finding.slug}/`);
    // The full lists keep them, marked; the home page counts live and withdrawn decisions apart.
    const page = await context.newPage();
    await page.goto(`${base}/nhan-dan-quyet-dinh/`);
    expect(await page.locator('li.item', { hasText: `Họp dân bàn làm mương khu phố 5 (${suffix})` }).locator('.badge.withdrawn').textContent()).toBe('Đã thu hồi');
    await page.goto(`${base}/giam-sat/`);
    expect(await page.locator('li.item', { hasText: `Giám sát thu quỹ khu phố 5 (${suffix})` }).locator('.badge.withdrawn').textContent()).toBe('Đã thu hồi');
    await page.goto(`${base}/`);
    expect(await page.locator('main li', { hasText: 'nội dung đang công khai' }).textContent()).toMatch(/\(\d+ nội dung đang công khai, [1-9]\d* đã thu hồi\)/);
    await page.close();
  });

  it('framed by a website the portal does not allow, the loader says so and links to the full page', async () => {
    const host: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="vi"><body><h1>Trang xã</h1><script src="${base}/nhung.js" data-nhung="quyet-dinh-moi" async></script></body></html>`);
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${(host.address() as { port: number }).port}/`);
      const note = page.locator('p', { hasText: 'Không hiển thị được "Nhân dân mới bàn và quyết định"' });
      await note.waitFor({ timeout: 20_000 });
      expect(await note.getByRole('link').getAttribute('href')).toBe(`${base}/nhan-dan-quyet-dinh/`);
      await page.close();
    } finally {
      await new Promise((r) => host.close(r));
    }
  });
});

describe('print views of the people\'s pillars', () => {
  it('a decision prints on A4 as the portal\'s record sheet with its data, "—" for unknown counts, and a QR code to its page', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/nhan-dan-quyet-dinh/`);
    await page.getByRole('link', { name: DEMO_DECISION }).click();
    expect(await page.locator('.posting-sheet').isVisible()).toBe(false);
    const { text, pages } = await printed(page);
    expect(pages).toBeLessThanOrEqual(2);
    await expectRecordSheet(page, text, 'Nhân dân bàn và quyết định');
    for (const expected of [DEMO_DECISION, 'Hình thứcHội nghị (cuộc họp) cộng đồng dân cư', 'Được tham gia—', 'Tán thành—', 'Báo cáo 78/BC-UBND']) {
      expect(text, expected).toContain(squash(expected));
    }
    await page.close();
  });

  it('a board prints with its members, and a finding with its recommendation and the commune\'s response', async () => {
    const board = await post('/supervision/boards', {
      kind: 'giam_sat_dau_tu', name: `Tổ giám sát đầu tư khu phố 4 (${suffix})`, parentId: null, termFrom: '2024-07-01', termTo: '2026-06-30',
      foundedBy: '15/QĐ-UBND', foundedOn: '2024-06-20', publish: true,
      members: [{ name: 'Lê Văn Cường', role: 'Tổ trưởng', village: 'Khu phố 4' }, { name: 'Phạm Thị Dung', role: 'Thành viên', village: '' }],
    });
    const finding = await post('/supervision/activities', {
      boardId: board.id, kind: 'phat_hien', title: `Giám sát thi công mương thoát nước khu phố 4 (${suffix})`, heldOn: '2025-05-12',
      body: 'Tổ giám sát kiểm tra mương tại ba vị trí.', recommendation: 'Đề nghị nạo vét đoạn cuối mương trước mùa mưa.',
      response: 'Ủy ban nhân dân đã giao đơn vị thi công nạo vét xong trước ngày 30/5.', respondedOn: '2025-05-20', publish: true,
    });
    await published(`/giam-sat/hoat-dong/${finding.slug}/`, 'Đề nghị nạo vét');
    await published(`/giam-sat/${board.slug}/`, 'Phạm Thị Dung');
    // The supervision embed lists the finding with the day the commune answered.
    const embed = await (await fetch(`${base}/nhung/giam-sat/`)).text();
    expect(embed).toContain(`Giám sát thi công mương thoát nước khu phố 4 (${suffix})`);
    expect(embed).toMatch(/Ủy ban nhân dân đã trả lời ngày <time datetime="2025-05-20">20\/05\/2025<\/time>/);

    const page = await context.newPage();
    await page.goto(`${base}/giam-sat/${board.slug}/`);
    let { text } = await printed(page);
    await expectRecordSheet(page, text, 'kiểm tra, giám sát: Ban giám sát đầu tư của cộng đồng');
    for (const expected of ['Lê Văn Cường', 'Tổ trưởng', 'Khu phố 4', 'Phạm Thị Dung', 'Thành viên', '15/QĐ-UBND', '01/07/2024 đến 30/06/2026']) {
      expect(text, expected).toContain(squash(expected));
    }
    await page.goto(`${base}/giam-sat/hoat-dong/${finding.slug}/`);
    ({ text } = await printed(page));
    await expectRecordSheet(page, text, 'kiểm tra, giám sát: Kết quả giám sát, kiến nghị');
    for (const expected of ['Kiến nghị', 'Đề nghị nạo vét đoạn cuối mương trước mùa mưa.', 'Trả lời của Ủy ban nhân dân', 'Ủy ban nhân dân đã giao đơn vị thi công nạo vét', 'Ngày trả lời: 20/05/2025']) {
      expect(text, expected).toContain(squash(expected));
    }
    await page.close();
  });

  it('an open consultation prints without the opinion form; a closed one prints with its published result', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/lay-y-kien/`);
    await page.getByRole('link', { name: ILLUSTRATION }).click();
    expect(await page.locator('form.opinion').isVisible()).toBe(true);
    let { text } = await printed(page);
    await expectRecordSheet(page, text, 'lấy ý kiến Nhân dân');
    expect(text).toContain(squash(ILLUSTRATION));
    expect(text).not.toContain(squash('Gửi ý kiến'));
    expect(text).not.toContain(squash(CONSENT_TEXT.slice(0, 60)));
    expect(await page.locator('form.opinion').isVisible()).toBe(false);

    const today = todayInVietnam();
    const title = `Lấy ý kiến dự thảo quy hoạch chợ (${suffix})`;
    const { id, slug } = await post('/consultations', {
      title, subject: 'socio_economic_plan', summary: 'Dự thảo quy hoạch chợ thị trấn.', opensOn: addDays(today, -30), closesOn: addDays(today, -2),
      channels: ['meeting', 'portal'], publish: true,
    });
    await page.emulateMedia({ media: 'screen' });
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/lay-y-kien/${id}`);
    await page.getByLabel('Nội dung nhóm ý kiến').first().fill('Mở rộng bãi đỗ xe');
    await page.getByLabel('Tiếp thu').first().check();
    await page.getByLabel('Nội dung tiếp thu hoặc giải trình').first().fill('Bổ sung bãi đỗ xe phía đông chợ.');
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    // The result is stored as a draft; publishing it asks first.
    expect(await page.locator('h1').textContent()).toContain('Công bố kết quả tiếp thu, giải trình của');
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai');
    await published(`/lay-y-kien/${slug}/`, 'Mở rộng bãi đỗ xe');
    await page.goto(`${base}/lay-y-kien/${slug}/`);
    ({ text } = await printed(page));
    await expectRecordSheet(page, text, 'lấy ý kiến Nhân dân');
    for (const expected of [title, 'Kết quả tiếp thu, giải trình', 'Mở rộng bãi đỗ xe', 'Tiếp thu', 'Bổ sung bãi đỗ xe phía đông chợ.']) {
      expect(text, expected).toContain(squash(expected));
    }
    await page.close();
  });
});

import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_BANNER } from '../../schema/unit/unit.ts';
import { chromiumForThisFile, loginAsDemo } from './browser.ts';

/**
 * Issue 12: the admin prints the two records signed around a posting — Biên bản niêm yết công
 * khai and Biên bản kết thúc niêm yết — in the layout of Decree 30/2020 on A4. Chromium prints
 * each to PDF; the text is read back from the PDF and the layout is measured in print media.
 */

const base = inject('portalUrl');
const browser = chromiumForThisFile();
const ILLUSTRATION = '[Minh họa] Công khai danh mục dự án, công trình đầu tư trên địa bàn';

const squash = (s: string) => s.replace(/\s+/g, '');

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(doc, { mergePages: true });
  // pdf.js breaks lines where the PDF's text runs end, sometimes inside a word ("Bình D|ương"):
  // the text is compared without whitespace.
  return { pages: totalPages, text: squash(text) };
}

describe('posting records printed from the admin', () => {
  it.each([
    ['Biên bản niêm yết công khai', 'BIÊN BẢN NIÊM YẾT CÔNG KHAI', 'Cùng tiến hành niêm yết công khai'],
    ['Biên bản kết thúc niêm yết', 'BIÊN BẢN KẾT THÚC NIÊM YẾT CÔNG KHAI', 'Cùng xác nhận kết thúc niêm yết công khai'],
  ])('%s prints on A4 with the Decree 30/2020 header on one line, the posting places and period, three signature blocks and a QR code to the page', async (link, title, sentence) => {
    const context = await browser().newContext({ viewport: { width: 900, height: 1200 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.getByRole('link', { name: ILLUSTRATION }).click();
    await page.getByRole('link', { name: link }).click();
    await page.emulateMedia({ media: 'print' });

    // Layout, measured as printed: the national motto fits one line; the issuing body's second line is bold.
    const motto = page.locator('.motto');
    const lineHeight = await motto.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await motto.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
    const bodyLines = page.locator('.header .body-name');
    expect(await bodyLines.allInnerTexts()).toEqual(['ỦY BAN NHÂN DÂN', 'THỊ TRẤN BÌNH DƯƠNG']);
    expect(await bodyLines.nth(1).locator('b').evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    const roles = await page.locator('.signatures .role').allInnerTexts();
    expect(roles.map((r) => r.toLocaleUpperCase('vi'))).toEqual(['ĐẠI DIỆN MẶT TRẬN', 'TRƯỞNG THÔN/TỔ TRƯỞNG', 'ĐẠI DIỆN ỦY BAN NHÂN DÂN']);
    // The motto and the body sit side by side, above the title.
    const [left, right, heading] = await Promise.all([page.locator('.header > div').first().boundingBox(), page.locator('.header > div').nth(1).boundingBox(), page.locator('h1').boundingBox()]);
    expect(Math.abs(left!.y - right!.y)).toBeLessThan(2);
    expect(right!.x).toBeGreaterThan(left!.x + left!.width - 1);
    expect(heading!.y).toBeGreaterThan(right!.y + right!.height);

    const shot = PNG.sync.read(await page.locator('.qr svg').screenshot());
    const code = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
    expect(code?.data).toMatch(/\/cong-khai\/[a-z0-9-]+\/$/);

    const { pages, text } = await pdfText(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
    expect(pages).toBe(1);
    for (const expected of [
      DEMO_BANNER,
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: ……/BB-UBND',
      title,
      ILLUSTRATION,
      sentence,
      'Niêm yết tại trụ sở Ủy ban nhân dân',
      'Ký, ghi rõ họ tên',
      'trưởng thôn/tổ trưởng tổ dân phố',
      'đại diện Ban công tác Mặt trận',
    ]) {
      expect(text, expected).toContain(squash(expected));
    }
    expect(text).toMatch(/BìnhDương,ngày\d\dtháng\d\d?năm20\d\d/);
    expect(text).toMatch(/từngày\d\d\/\d\d\/20\d\dđếnhếtngày\d\d\/\d\d\/20\d\d\(30ngày\)/);
    await context.close();
  });
});

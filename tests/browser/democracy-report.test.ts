import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { describe, expect, inject, it } from 'vitest';
import { chromiumForThisFile, loginAsDemo, PHONE, waitFor } from './browser.ts';

const base = inject('portalUrl');
const token = inject('demoToken');
const browser = chromiumForThisFile();

type Json = Record<string, any>;
const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
const H1_2024 = 'kind=half&year=2024&number=1';

// Held to the real document: report 78/BC-UBND, first half of 2024 (seed-report-facts.md).
describe('the draft report for the first half of 2024, on the demo data', () => {
  it('states the report\'s own figures, each with its source', async () => {
    const f = (await (await get(`/api/v1/reports/figures?${H1_2024}`)).json()) as Json;
    const value = (list: Json[], key: string) => list.find((x) => x.key === key)?.value;
    expect(f.procedures.figures.map((x: Json) => x.value)).toEqual([966, 966, 964, 0, 2]);
    expect(f.procedures.onTimeRate).toBeCloseTo(964 / 966, 10);
    expect(f.procedures.rows.map((r: Json) => [r.field, r.receivedTotal, r.resolvedEarly, r.resolvedLate])).toEqual([
      ['Bảo trợ xã hội', 72, 72, 0],
      ['Các cơ sở giáo dục khác', 2, 2, 0],
      ['Chứng thực', 602, 600, 2],
      ['Hộ tịch', 288, 288, 0],
      ['Thi đua - khen thưởng', 2, 2, 0],
    ]);
    expect(value(f.petitions.figures, 'petitions.received')).toBe(11);
    expect(value(f.petitions.figures, 'petitions.mediated')).toBe(9);
    expect(value(f.petitions.figures, 'petitions.forwarded')).toBe(2);
    expect(f.reception.rules.join(' ')).toMatch(/Chủ tịch.*thứ năm hằng tuần/i);
    expect(f.plans.map((p: Json) => `${p.documentNumber} ${p.issuedOn}`)).toEqual(
      expect.arrayContaining(['28/KH-UBND 2024-03-13', '04/KH-UBND 2024-01-08', '44/KH-UBND 2024-04-08', '49/KH-UBND 2024-05-09']),
    );
    const every = [f.disclosures.total, ...f.decisions.figures, ...f.consultations.figures, ...f.supervision.figures, ...f.procedures.figures, ...f.reception.figures, ...f.petitions.figures, ...f.agency.figures];
    // 25: the reception part states citizens received too (chưa có số liệu until recorded).
    expect(every).toHaveLength(25);
    for (const x of every) expect((await fetch(`${base}${x.source.path}`)).status, x.source.path).toBe(200);
  });

  it('gives a Word file that an independent reader (mammoth) reads back with the headings and figures, in Decree 30 layout', async () => {
    const res = await get(`/api/v1/reports/docx?${H1_2024}`);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    for (const phrase of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'THỊ TRẤN BÌNH DƯƠNG',
      'Tình hình thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024',
      'I. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện',
      'II. Kết quả thực hiện',
      'III. Đánh giá chung',
      'IV. Nhiệm vụ, giải pháp thời gian tới',
      'Tiếp nhận 966 hồ sơ; đã giải quyết 966 hồ sơ, trong đó trước hạn 964, đúng hạn 0, quá hạn 2; tỷ lệ giải quyết trước và đúng hạn 99,79%',
      'Đơn thư tiếp nhận: 11',
      'Kế hoạch số 28/KH-UBND ngày 13/03/2024',
      'Kế hoạch số 49/KH-UBND ngày 09/05/2024',
      'TM. ỦY BAN NHÂN DÂN',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    expect(html).toMatch(/<td><p>Chứng thực<\/p><\/td><td><p>602<\/p><\/td>/);
    const files = unzipSync(new Uint8Array(bytes));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/); // A4
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/); // 20/15/20/30 mm
    expect(strFromU8(files['word/styles.xml']!)).toMatch(/w:ascii="Times New Roman"[\s\S]*<w:sz w:val="28"\/>/); // 14 pt
  });
});

describe('an official drafts, downloads and publishes the report', () => {
  it('on a 360 px phone: makes the draft, writes a part, downloads the Word file, publishes; citizens see it under /bao-cao/', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false, acceptDownloads: true });
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/bao-cao/`);
    await page.getByLabel('Kỳ báo cáo').selectOption('half');
    await page.getByLabel('Năm').fill('2024');
    await page.getByLabel('Kỳ số').fill('1');
    await page.getByLabel('Số liệu đến ngày').fill('20/06/2024');
    await page.getByRole('button', { name: 'Lập báo cáo' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã lập bản nháp');
    expect(await page.locator('main').textContent()).toMatch(/Hồ sơ tiếp nhận\s*966/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    const leadership = 'Đảng ủy, Ủy ban nhân dân thị trấn ban hành Kế hoạch số 28/KH-UBND ngày 13/3/2024.';
    await page.getByLabel('I. Công tác lãnh đạo, chỉ đạo, triển khai thực hiện').fill(leadership);
    await page.getByLabel('Số, ký hiệu').fill('99/BC-UBND');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã lưu bản nháp');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Tải bản Word/ }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-dan-chu-co-so-2024-h1.docx');
    const { value: text } = await mammoth.extractRawText({ path: (await download.path())! });
    expect(text).toContain(leadership);
    expect(text).toContain('Số: 99/BC-UBND');

    // Publishing needs the confirmation box: without it nothing is published.
    await page.getByRole('button', { name: 'Công khai báo cáo' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('đánh dấu ô xác nhận');
    await page.getByLabel(/Tôi đã kiểm tra số liệu/).check();
    await page.getByRole('button', { name: 'Công khai báo cáo' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Đã công khai báo cáo');

    const citizen = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const list = await citizen.newPage();
    const title = /Báo cáo tình hình thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024/;
    await waitFor(async () => {
      const res = await list.goto(`${base}/bao-cao/`);
      return res?.status() === 200 && (await list.getByRole('link', { name: title }).count()) > 0;
    }, 90_000);
    await list.getByRole('link', { name: title }).click();
    const main = (await list.locator('main').textContent())!;
    expect(main).toContain('99/BC-UBND');
    expect(main).toContain(leadership);
    expect(main).toContain('Số liệu của báo cáo');
    expect(await list.locator('table.stats').textContent()).toMatch(/Hồ sơ tiếp nhận\s*966/);
    expect(main).toContain('99,79%');
    // The tables are open data too.
    const rows = (await (await fetch(`${base}/du-lieu/bao-cao-so-lieu.json`)).json()) as Json[];
    expect(rows.find((r) => r.documentNumber === '99/BC-UBND' && r.key === 'procedures.receivedTotal')?.value).toBe(966);
    await context.close();
    await citizen.close();
  });
});

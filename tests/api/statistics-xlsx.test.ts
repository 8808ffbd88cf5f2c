import { env } from 'cloudflare:test';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { adminCookie, call, makeOfficial, ORIGIN, uniqueYear } from '../helpers.ts';

/**
 * The procedure table uploaded as an Excel workbook (issue 22, item 5). Each workbook is built
 * here as Excel writes one: a zip of XML parts, text in the shared-strings table, merged title
 * and header cells, a formula total row with its cached value.
 */

type Cell = string | number | null | { formula: string; value: number };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (i: number) => String.fromCharCode(65 + i);

/** An .xlsx workbook of one sheet per entry, `merges` as Excel lists them ("A1:M1"). */
function xlsx(sheets: { name: string; rows: Cell[][]; merges?: string[] }[]): Uint8Array {
  const strings: string[] = [];
  const stringAt = (s: string) => (strings.includes(s) ? strings.indexOf(s) : strings.push(s) - 1);
  const sheetXml = sheets.map(({ rows, merges = [] }) => {
    const data = rows
      .map((cells, r) => {
        const xml = cells
          .map((cell, c) => {
            const ref = `${column(c)}${r + 1}`;
            if (cell === null || cell === '') return '';
            if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
            if (typeof cell === 'object') return `<c r="${ref}"><f>${cell.formula}</f><v>${cell.value}</v></c>`;
            return `<c r="${ref}" t="s"><v>${stringAt(cell)}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${xml}</row>`;
      })
      .join('');
    const merged = merges.length ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${data}</sheetData>${merged}</worksheet>`;
  });
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
  };
  sheetXml.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(xml)));
  // Written after the sheets have put their text in it, as Excel keeps it.
  files['xl/sharedStrings.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
  );
  return zipSync(files);
}

/**
 * Biểu 06 as a commune keeps it: the committee and the motto, the form's name and period, a
 * header of three merged rows, a row numbering the columns, the fields, a formula total, and
 * the signature block below.
 */
function bieu06(fields: Cell[][], total: number[] | null = null): Cell[][] {
  const blank = (n: number): Cell[] => Array.from({ length: n }, () => null);
  return [
    ['ỦY BAN NHÂN DÂN', null, null, null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
    ['THỊ TRẤN BÌNH DƯƠNG', null, null, null, null, null, 'Độc lập - Tự do - Hạnh phúc'],
    [],
    ['Biểu số 06'],
    ['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI ỦY BAN NHÂN DÂN CẤP XÃ'],
    ['Kỳ báo cáo: Quý I năm 2015 (từ ngày 01/01/2015 đến ngày 31/03/2015)'],
    ['Đơn vị tính: Số hồ sơ thủ tục hành chính'],
    ['STT', 'Lĩnh vực giải quyết', 'Số hồ sơ nhận giải quyết', null, null, null, 'Kết quả giải quyết', ...blank(6)],
    [null, null, 'Tổng số', 'Trong kỳ', null, 'Từ kỳ trước', 'Số hồ sơ đã giải quyết', null, null, null, 'Số hồ sơ đang giải quyết', null, null],
    [null, null, null, 'Trực tuyến', 'Trực tiếp, bưu chính', null, 'Tổng số', 'Trả trước hạn', 'Trả đúng hạn', 'Trả quá hạn', 'Tổng số', 'Chưa đến hạn', 'Quá hạn'],
    Array.from({ length: 13 }, (_, i) => `(${i + 1})`),
    ...fields,
    ...(total ? [[null, 'Tổng số', ...total.map((value, i) => ({ formula: `SUM(${column(i + 2)}12:${column(i + 2)}${11 + fields.length})`, value }))]] : []),
    [],
    [null, 'NGƯỜI LẬP BIỂU', null, null, null, null, null, null, 'Bình Dương, ngày 05 tháng 4 năm 2015'],
    [null, '(Ký, ghi rõ họ tên)', null, null, null, null, null, null, 'CHỦ TỊCH'],
  ];
}
const MERGES = ['A1:F1', 'G1:M1', 'A4:M4', 'A5:M5', 'A6:M6', 'A8:A10', 'B8:B10', 'C8:F8', 'G8:M8', 'C9:C10', 'D9:E9', 'F9:F10', 'G9:J9', 'K9:M9'];
// Quý I/2015: figures as a commune reports them; each row adds up (120 = 15 + 100 + 5 = 118 + 2).
const HO_TICH: Cell[] = [1, 'Hộ tịch', 120, 15, 100, 5, 118, 100, 15, 3, 2, 2, 0];
const CHUNG_THUC: Cell[] = [2, 'Chứng thực', 602, 0, 602, 0, 602, 602, 0, 0, 0, 0, 0];

async function upload(cookie: string, period: Record<string, string>, file: Uint8Array, name = 'Bieu 06.xlsx') {
  const form = new FormData();
  for (const [k, v] of Object.entries(period)) form.set(k, v);
  form.set('file', new File([new Uint8Array(file)], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  return call('/admin/thong-ke/thu-tuc/csv', { method: 'POST', headers: { cookie, origin: ORIGIN }, body: form, redirect: 'manual' });
}

const storedRows = async (kind: string, year: number, number: number) =>
  (
    await env.DB.prepare(
      `SELECT r.field, r.received_total, r.received_online, r.received_direct, r.carried_over, r.resolved_total, r.resolved_early, r.resolved_on_time,
              r.resolved_late, r.pending_total, r.pending_within, r.pending_overdue
         FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id
        WHERE p.period_kind = ? AND p.period_year = ? AND p.period_number = ? ORDER BY r.position`,
    )
      .bind(kind, year, number)
      .all()
  ).results;
const reportCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM procedure_reports').first<{ n: number }>())!.n;

describe('POST /admin/thong-ke/thu-tuc/csv with an Excel workbook', () => {
  it('stores Biểu 06 as the commune keeps it: title rows, a three-row merged header, column numbers, a formula total and the signature block', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const file = xlsx([{ name: 'Biểu 06', rows: bieu06([HO_TICH, CHUNG_THUC], [722, 15, 702, 5, 720, 702, 15, 3, 2, 2, 0]), merges: MERGES }]);
    const res = await upload(cookie, { kind: 'quarter', year: '2015', number: '1' }, file);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/thong-ke/?da-luu');
    expect(await storedRows('quarter', 2015, 1)).toEqual([
      { field: 'Hộ tịch', received_total: 120, received_online: 15, received_direct: 100, carried_over: 5, resolved_total: 118, resolved_early: 100, resolved_on_time: 15, resolved_late: 3, pending_total: 2, pending_within: 2, pending_overdue: 0 },
      { field: 'Chứng thực', received_total: 602, received_online: 0, received_direct: 602, carried_over: 0, resolved_total: 602, resolved_early: 602, resolved_on_time: 0, resolved_late: 0, pending_total: 0, pending_within: 0, pending_overdue: 0 },
    ]);
    const audit = await env.DB.prepare("SELECT action FROM audit_log WHERE entity = 'procedure_report' AND entity_id = 'quarter-2015-1'").all();
    expect(audit.results).toEqual([{ action: 'create' }]);
  });

  it('finds the Biểu 06 sheet among the workbook\'s other forms', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const file = xlsx([
      { name: 'Biểu 01', rows: [['Biểu số 01'], ['Nội dung', 'Số lượng'], ['Văn bản đến', 12]] },
      { name: 'Bieu 06', rows: bieu06([HO_TICH]) },
    ]);
    expect((await upload(cookie, { kind: 'quarter', year: '2015', number: '2' }, file)).status).toBe(303);
    expect(await storedRows('quarter', 2015, 2)).toMatchObject([{ field: 'Hộ tịch', received_total: 120, pending_total: 2 }]);
  });

  it('refuses a sheet whose row does not add up, naming its Excel row, and stores nothing', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const before = await reportCount();
    // Row 12 of the sheet: 120 received, but 15 online + 100 direct + 4 carried over = 119.
    const file = xlsx([{ name: 'Biểu 06', rows: bieu06([[1, 'Hộ tịch', 120, 15, 100, 4, 118, 100, 15, 3, 2, 2, 0]]), merges: MERGES }]);
    const res = await upload(cookie, { kind: 'quarter', year: '2015', number: '3' }, file);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('Tổng số tiếp nhận là 120, nhưng tiếp nhận trực tuyến 15 + tiếp nhận trực tiếp, bưu chính 100 + từ kỳ trước chuyển sang 4 = 119');
    expect(await reportCount()).toBe(before);
  });

  it.each([
    ['a damaged workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]), 'Không đọc được tệp Excel này'],
    ['an Excel 97–2003 (.xls) file', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'Đây là tệp Excel đời cũ (.xls)'],
    ['a workbook with no "Lĩnh vực" column', xlsx([{ name: 'Trang 1', rows: [['Biểu số 06'], ['Nội dung', 'Số'], ['Hộ tịch', 12]] }]), 'Không thấy dòng tên cột'],
  ])('refuses %s with a Vietnamese sentence saying what to do, and stores nothing', async (_, file, message) => {
    const cookie = await adminCookie(await makeOfficial());
    const before = await reportCount();
    const res = await upload(cookie, { kind: 'quarter', year: '2015', number: '4' }, file);
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain(message);
    expect(page).not.toMatch(/InvalidInputError|gửi kèm|"version":|\bundefined\b/);
    expect(await reportCount()).toBe(before);
  });
});

describe('POST /api/v1/statistics/procedures/csv with an Excel workbook', () => {
  it('imports the workbook itself, sent as application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', async () => {
    const official = await makeOfficial();
    const file = xlsx([{ name: 'Biểu 06', rows: bieu06([HO_TICH, CHUNG_THUC]), merges: MERGES }]);
    const res = await call('/api/v1/statistics/procedures/csv?kind=month&year=2015&number=1', {
      method: 'POST',
      headers: { authorization: `Bearer ${official.token}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: new Uint8Array(file),
    });
    expect(res.status).toBe(200);
    expect(await storedRows('month', 2015, 1)).toMatchObject([{ field: 'Hộ tịch', carried_over: 5 }, { field: 'Chứng thực', received_total: 602 }]);
  });
});

describe('the upload page', () => {
  it('lets a phone pick an .xlsx and comes with the period of the table it was opened from', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const page = await (await call('/admin/thong-ke/thu-tuc/nhap-tep?ky=2015-q1', { headers: { cookie } })).text();
    expect(page).toMatch(/<input type="file" id="file" name="file" accept="[^"]*\.xlsx[^"]*application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
    expect(page).toMatch(/<option value="quarter" selected="">Quý<\/option>/);
    expect(page).toContain('name="year" value="2015"');
    expect(page).toContain('name="number" value="1"');
    // The table page links to it with its own period.
    const table = await (await call('/admin/thong-ke/thu-tuc?ky=2015-q1', { headers: { cookie } })).text();
    expect(table).toContain('href="/admin/thong-ke/thu-tuc/nhap-tep?ky=2015-q1"');
  });
});

describe('a period not over yet', () => {
  it('is saved only after a warning naming its last day, and "Sửa lại" brings the table back unsaved', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const year = uniqueYear();
    const before = await reportCount();
    const file = xlsx([{ name: 'Biểu 06', rows: bieu06([HO_TICH]), merges: MERGES }]);
    const warned = await upload(cookie, { kind: 'quarter', year: String(year), number: '2' }, file);
    expect(warned.status).toBe(200);
    const page = await warned.text();
    expect(page).toContain(`Quý II/${year} chưa kết thúc`);
    expect(page).toContain(`<time datetime="${year}-06-30">30/06/${year}</time>`);
    expect(await reportCount()).toBe(before);

    // The warning's buttons send the file's rows as the table form's cells.
    const hidden = [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')] as [string, string]);
    expect(hidden).toEqual(expect.arrayContaining([['r0_field', 'Hộ tịch'], ['r0_receivedTotal', '120']]));
    const post = (extra: [string, string]) =>
      call('/admin/thong-ke/thu-tuc', { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([...hidden, extra]), redirect: 'manual' });
    const back = await post(['sua-lai', '1']);
    expect(back.status).toBe(200);
    expect(await back.text()).toMatch(/id="r0_field" name="r0_field" value="Hộ tịch"/);
    expect(await reportCount()).toBe(before);

    expect((await post(['ky-chua-het', '1'])).status).toBe(303);
    expect(await storedRows('quarter', year, 2)).toMatchObject([{ field: 'Hộ tịch', received_total: 120 }]);
  });

  it('warns on the petition form too, and saves nothing until confirmed', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const year = uniqueYear();
    const counts = { kind: 'half', year: String(year), number: '2', received: '3', resolved: '3', forwarded: '0' };
    const post = (body: Record<string, string>) =>
      call('/admin/thong-ke/don-thu', { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body), redirect: 'manual' });
    const stored = () => env.DB.prepare("SELECT received FROM petition_stats WHERE period_kind = 'half' AND period_year = ? AND period_number = 2").bind(year).first();
    const warned = await post(counts);
    expect(await warned.text()).toContain(`6 tháng cuối năm ${year} chưa kết thúc`);
    expect(await stored()).toBeNull();
    expect((await post({ ...counts, 'ky-chua-het': '1' })).status).toBe(303);
    expect(await stored()).toEqual({ received: 3 });
  });
});

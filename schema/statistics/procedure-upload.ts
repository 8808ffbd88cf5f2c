import { unzipSync } from 'fflate';
import readXlsxFile, { InvalidInputError, type Sheet } from 'read-excel-file/universal';
import { formatSize } from '../disclosure/attachment.ts';
import { formatDate } from '../core/dates.ts';
import {
  findsProcedureHeader,
  headerKey,
  parseProcedureCsv,
  parseProcedureSheet,
  readCsvUpload,
  type CsvResult,
  type SheetRow,
} from './procedure-csv.ts';

/**
 * The file an official uploads for a period's procedure table: the Excel workbook as the commune
 * keeps it (.xlsx, title rows and merged headers of Biểu 06 included) or a CSV saved from it.
 * Which one is told by the bytes, never by the name: an .xlsx is a zip ("PK\3\4").
 *
 * The workbook is read with read-excel-file (its "universal" entry: fflate to unzip, saxen to
 * parse XML, no Node API — it runs in workerd as it is), chosen over SheetJS (the npm package
 * is frozen at 0.18.5 with known advisories; newer builds live off npm) and ExcelJS (Node
 * streams, archiver, tmp: not for a Worker). It adds about 18 KB gzipped to the Worker.
 */

/** The media type of an Excel workbook. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Biểu 06 workbook is 10–30 KB; a logo in it adds some. Far below fflate's 320 KB per entry, above which it would inflate in a Web Worker that workerd lacks. */
const MAX_XLSX_BYTES = 1024 * 1024;
/** What the workbook's XML may unpack to: a zip bomb is refused before anything is inflated. */
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

type UploadResult = CsvResult | { ok: false; tooLarge: true; errors: string[] };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The compound file of Excel 97–2003 (.xls), which is also how Excel wraps a password-protected .xlsx. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const UNREADABLE =
  'Không đọc được tệp Excel này (tệp hỏng hoặc không phải .xlsx). Hãy mở tệp bằng Excel, chọn Lưu thành… "Sổ làm việc Excel (.xlsx)" rồi gửi lại, hoặc lưu dạng "CSV UTF-8".';

/**
 * Reads an uploaded procedure table, Excel or CSV, into checked rows; every refusal is a
 * sentence an official can act on.
 *
 * @example await readProcedureUpload(new Uint8Array(await file.arrayBuffer())) // { ok: true, rows: [...] }
 */
export async function readProcedureUpload(bytes: Uint8Array): Promise<UploadResult> {
  if (startsWith(bytes, OLE)) {
    return { ok: false, errors: ['Đây là tệp Excel đời cũ (.xls) hoặc tệp có đặt mật khẩu, chưa đọc được. Trong Excel, bỏ mật khẩu nếu có, chọn Lưu thành… "Sổ làm việc Excel (.xlsx)" rồi gửi lại.'] };
  }
  if (!startsWith(bytes, ZIP)) {
    const upload = readCsvUpload(bytes);
    if (!upload.ok) return upload.tooLarge ? { ok: false, tooLarge: true, errors: [upload.message] } : { ok: false, errors: [upload.message] };
    return parseProcedureCsv(upload.text);
  }
  if (bytes.byteLength > MAX_XLSX_BYTES) {
    return { ok: false, tooLarge: true, errors: [`Tệp Excel lớn quá ${formatSize(MAX_XLSX_BYTES)}: một bảng số liệu thường chỉ vài chục KB. Hãy xóa hình ảnh và các trang tính khác rồi gửi lại.`] };
  }
  let sheets: Sheet[];
  try {
    if (unpackedSize(bytes) > MAX_UNPACKED_BYTES) return { ok: false, errors: [UNREADABLE] };
    sheets = await readXlsxFile(bytes.slice().buffer);
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof Error) return { ok: false, errors: [UNREADABLE] };
    throw error;
  }
  const rowsOf = sheets.map((s) => ({ name: s.sheet, rows: sheetRows(s) }));
  // A workbook may hold several forms (Biểu 01 … Biểu 06): the sheet named 06 first, then the others in order.
  const ordered = [...rowsOf.filter((s) => / 06\b/.test(` ${headerKey(s.name)}`)), ...rowsOf.filter((s) => !/ 06\b/.test(` ${headerKey(s.name)}`))];
  const found = ordered.find((s) => findsProcedureHeader(s.rows));
  if (!found) {
    const names = rowsOf.map((s) => `"${s.name}"`).join(', ');
    const result = parseProcedureSheet(ordered[0]?.rows ?? [], 'Tệp Excel');
    return result.ok ? result : { ok: false, errors: result.errors.map((e) => (rowsOf.length > 1 ? `${e} (Đã tìm trong các trang tính ${names}.)` : e)) };
  }
  const result = parseProcedureSheet(found.rows, `Trang tính "${found.name}"`);
  if (result.ok || rowsOf.length === 1) return result;
  return { ok: false, errors: result.errors.map((e) => `Trang tính "${found.name}": ${e}`) };
}

/** The sum of the sizes the workbook's XML parts say they unpack to, read from the zip directory without inflating anything. */
function unpackedSize(bytes: Uint8Array): number {
  let total = 0;
  unzipSync(bytes, {
    filter: (file) => {
      if (file.name.endsWith('.xml') || file.name.endsWith('.rels')) total += file.originalSize;
      return false;
    },
  });
  return total;
}

/**
 * A sheet's cells as the text an official sees, each row with its Excel row number. A number is
 * written without thousands separators (a decimal keeps its comma, so "12,5" is refused as not a
 * whole number rather than read as 125); a date reads dd/mm/yyyy.
 */
function sheetRows(sheet: Sheet): SheetRow[] {
  return sheet.data.map((cells, i) => ({
    line: i + 1,
    cells: cells.map((cell): string => {
      if (cell === null || cell === undefined) return '';
      if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell).replace('.', ',');
      if (cell instanceof Date) return formatDate(cell.toISOString().slice(0, 10));
      return String(cell).normalize('NFC');
    }),
  }));
}

import Papa from 'papaparse';
import { formatSize } from './attachment.ts';
import { csvFile, unescapeCell, type CsvCell } from './csv.ts';
import { formatDate, todayInVietnam } from './dates.ts';
import { MAYBE_UNKNOWN, PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS, ProcedureRowSchema, totalRow, type ProcedureColumn, type ProcedureRow } from './procedure-stats.ts';
import { foldVietnamese } from './text.ts';

/**
 * CSV in and out for procedure results. Officials export from Excel, which writes a BOM, CRLF
 * and, with Vietnamese regional settings, ";" between cells; headers come in Vietnamese with or
 * without diacritics. The CSV the site offers for download reads back in unchanged.
 */

/** "Tiếp nhận trực tiếp, bưu chính" → "tiep nhan truc tiep buu chinh". */
export function headerKey(header: string): string {
  return foldVietnamese(header.normalize('NFC')).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

const ALIASES: Record<string, ProcedureColumn | 'field' | 'skip'> = {
  stt: 'skip',
  // The version columns of the portal's own download (VERSION_COLUMNS): a downloaded table imports as it is.
  'phien ban': 'skip',
  'ngay cap nhat': 'skip',
  'ly do cap nhat': 'skip',
  'linh vuc': 'field',
  field: 'field',
  'tong so': 'receivedTotal',
  'tong so tiep nhan': 'receivedTotal',
  'tong tiep nhan': 'receivedTotal',
  'truc tuyen': 'receivedOnline',
  'tiep nhan truc tuyen': 'receivedOnline',
  'truc tiep': 'receivedDirect',
  'tiep nhan truc tiep': 'receivedDirect',
  'truc tiep buu chinh': 'receivedDirect',
  'ton ky truoc': 'carriedOver',
  'tu ky truoc': 'carriedOver',
  'da giai quyet': 'resolvedTotal',
  'tong da giai quyet': 'resolvedTotal',
  'som han': 'resolvedEarly',
  'truoc han': 'resolvedEarly',
  'dung han': 'resolvedOnTime',
  'tre han': 'resolvedLate',
  'qua han': 'resolvedLate',
  'dang giai quyet': 'pendingTotal',
  'trong han': 'pendingWithin',
  'dang giai quyet qua han': 'pendingOverdue',
};
for (const k of PROCEDURE_COLUMN_KEYS) {
  ALIASES[headerKey(PROCEDURE_COLUMNS[k])] = k;
  ALIASES[k.toLowerCase()] = k;
}

export type CsvResult = { ok: true; rows: ProcedureRow[] } | { ok: false; errors: string[] };

const isTotalLabel = (field: string) => ['tong so', 'tong cong', 'cong', 'tong'].includes(headerKey(field));

/** How far down a header row is looked for, below title rows ("BIỂU 06 …", "Kỳ báo cáo: …"). */
const HEADER_SEARCH_ROWS = 10;

/**
 * Parses an uploaded CSV into rows; every problem is reported with its line and column. Title
 * rows above the header (Excel sheets often carry the form's name and period) and blank
 * columns are skipped; the header is the first row that names "Lĩnh vực".
 */
export function parseProcedureCsv(text: string): CsvResult {
  const clean = text.replace(/^\uFEFF/, '').normalize('NFC');
  const parsed = Papa.parse<string[]>(clean, { delimiter: '', skipEmptyLines: 'greedy' });
  if (!parsed.data.length) return { ok: false, errors: ['Tệp CSV trống.'] };
  const known = (row: string[]) => row.map((h) => ALIASES[headerKey(h)]).filter((c) => c !== undefined && c !== 'skip');
  const headerAt = parsed.data.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => known(row).includes('field'));
  if (headerAt < 0) {
    return {
      ok: false,
      errors: [
        `Không thấy dòng tên cột trong ${HEADER_SEARCH_ROWS} dòng đầu: dòng tên cột phải có cột "Lĩnh vực" và các cột số (${PROCEDURE_COLUMNS.receivedTotal}, …). Hãy xóa các dòng tiêu đề phía trên bảng hoặc tải tệp mẫu.`,
      ],
    };
  }
  const header = parsed.data[headerAt]!;
  const lines = parsed.data.slice(headerAt + 1);
  // A column with no name and nothing in it is a blank column Excel kept: skipped.
  const blank = (i: number) => header[i]!.trim() === '' && lines.every((cells) => (cells[i] ?? '').trim() === '');
  const columns = header.map((h, i) => (blank(i) ? 'skip' : ALIASES[headerKey(h)]));
  const unknown = header.filter((_, i) => columns[i] === undefined).map((h) => (h.trim() ? `"${h}"` : '(cột không có tên)'));
  const errors: string[] = unknown.length
    ? [`Không hiểu cột ${unknown.join(', ')}. Các cột dùng được: Lĩnh vực, ${PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k]).join(', ')}.`]
    : [];
  if (errors.length) return { ok: false, errors };
  const lineOffset = headerAt + 2;

  const rows: ProcedureRow[] = [];
  let typedTotal: Record<string, unknown> | null = null;
  lines.forEach((cells, i) => {
    const raw: Record<string, unknown> = {};
    columns.forEach((col, c) => {
      if (col === 'skip' || col === undefined) return;
      const cell = unescapeCell((cells[c] ?? '').trim());
      // Excel in Vietnamese writes thousands with "." (1.234); an empty cell is zero, except in a
      // column a report may not give (the online/in-person split), where it stays unknown.
      raw[col] = col === 'field' ? cell : cell === '' ? ((MAYBE_UNKNOWN as readonly string[]).includes(col) ? null : 0) : cell.replace(/[.\s]/g, '');
    });
    if (typeof raw.field === 'string' && isTotalLabel(raw.field)) {
      typedTotal = raw;
      return;
    }
    const row = ProcedureRowSchema.safeParse(raw);
    if (row.success) rows.push(row.data);
    else errors.push(...row.error.issues.map((issue) => `Dòng ${i + lineOffset}: ${issue.message}`));
  });
  if (errors.length) return { ok: false, errors };
  if (typedTotal) {
    // A total row typed in the file must agree with the rows above it.
    const computed = totalRow(rows);
    for (const k of PROCEDURE_COLUMN_KEYS) {
      const t = typedTotal as Record<string, unknown>;
      if (computed[k] !== null && t[k] !== undefined && t[k] !== null && String(t[k]).trim() !== '' && Number(t[k]) !== computed[k]) {
        errors.push(`Dòng "Tổng số": ${PROCEDURE_COLUMNS[k]} ghi ${t[k]}, nhưng cộng các dòng được ${computed[k]}.`);
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

/** CSV for download: UTF-8 with BOM (so Excel shows Vietnamese), CRLF, a computed total row. */
export function procedureCsv(rows: ProcedureRow[], stamp?: VersionStamp): string {
  const header = ['STT', 'Lĩnh vực', ...PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k]), ...(stamp ? VERSION_COLUMNS : [])];
  const body: CsvCell[][] = rows.map((r, i) => [i + 1, r.field, ...PROCEDURE_COLUMN_KEYS.map((k) => r[k])]);
  const total = totalRow(rows);
  body.push(['', total.field, ...PROCEDURE_COLUMN_KEYS.map((k) => total[k])]);
  return csvFile([header, ...(stamp ? body.map((cells) => [...cells, ...versionCells(stamp)]) : body)]);
}

/** Which version of a period's figures a download holds, on every row (schema/statistics-history.ts). */
export interface VersionStamp {
  version: number;
  updatedAt: string;
  changeReason: string | null;
}
export const VERSION_COLUMNS = ['Phiên bản', 'Ngày cập nhật', 'Lý do cập nhật'];
/** The version, the day it was saved (dd/mm/yyyy, Vietnam time) and why; empty for a first version. */
export const versionCells = (s: VersionStamp): CsvCell[] => [s.version, formatDate(todayInVietnam(new Date(s.updatedAt))), s.changeReason];

/** An empty table to fill in Excel: the header, and the fields of the latest period with blank figures. */
export function procedureCsvTemplate(fields: string[]): string {
  const header = ['STT', 'Lĩnh vực', ...PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k])];
  return csvFile([header, ...fields.map((field, i): CsvCell[] => [i + 1, field, ...PROCEDURE_COLUMN_KEYS.map(() => '')])]);
}

/** A CSV table is a few kilobytes; this is far above any real one. */
const MAX_CSV_BYTES = 256 * 1024;

export type CsvUpload = { ok: true; text: string } | { ok: false; tooLarge: boolean; message: string };

/**
 * Checks an uploaded file by its bytes before it is read as CSV: size, no NUL byte (a spreadsheet
 * — .xlsx is a zip — or any binary has them), valid UTF-8. Shared by the admin form and the API.
 */
export function readCsvUpload(bytes: Uint8Array): CsvUpload {
  if (bytes.byteLength > MAX_CSV_BYTES) return { ok: false, tooLarge: true, message: `Tệp lớn quá ${formatSize(MAX_CSV_BYTES)}: một bảng số liệu CSV thường chỉ vài KB.` };
  if (bytes.includes(0)) return { ok: false, tooLarge: false, message: 'Tệp này không phải CSV dạng chữ. Trong Excel, chọn Lưu thành… "CSV UTF-8".' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, tooLarge: false, message: 'Tệp không ở mã UTF-8. Trong Excel, chọn Lưu thành… "CSV UTF-8 (phân cách bằng dấu phẩy)".' };
  }
}

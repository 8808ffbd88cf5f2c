import Papa from 'papaparse';
import { formatSize } from '../disclosure/attachment.ts';
import { csvFile, unescapeCell, type CsvCell } from '../core/csv.ts';
import { formatDate, todayInVietnam } from '../core/dates.ts';
import {
  MAYBE_UNKNOWN,
  PROCEDURE_COLUMN_KEYS,
  PROCEDURE_COLUMNS,
  ProcedureRowSchema,
  totalRow,
  type ProcedureColumn,
  type ProcedureRow,
} from './procedure-stats.ts';
import { foldVietnamese } from '../core/text.ts';

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
  // The demo mark of a download made while the unit shows illustrative data (DEMO_COLUMN).
  'du lieu minh hoa': 'skip',
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

/** How far down a header row is looked for, below title rows ("BIỂU 06 …", "Kỳ báo cáo: …", the committee's name). */
const HEADER_SEARCH_ROWS = 15;
/** Biểu 06 as communes keep it heads its columns with up to three merged rows ("Kết quả giải quyết" › "Số hồ sơ đã giải quyết" › "Trả quá hạn"). */
const MAX_HEADER_ROWS = 4;

/** One row of a sheet: its cells as text, and its line (CSV) or row number (Excel) for messages. */
export interface SheetRow {
  line: number;
  cells: string[];
}

const isFieldHeader = (cell: string) => ALIASES[headerKey(cell)] === 'field' || headerKey(cell).startsWith('linh vuc');
const hasWords = (cell: string) => /\p{L}/u.test(cell);
/** A row under the header numbering the columns: "(1)", "(2)", "(4)=(5)+(6)", or 1, 2, 3. */
const isColumnNumbers = (cells: string[]) => cells.some((c) => c.trim() !== '') && cells.every((c) => /^[\s\d()=+\-.,]*$/.test(c));

/**
 * A column by what its header rows say, top to bottom: the whole as one name first ("Đang giải
 * quyết quá hạn"), else the lowest name under its group ("Quá hạn" under "Số hồ sơ đang giải
 * quyết"), as the three groups of Biểu 06 (received, resolved, pending) name them.
 */
function columnOf(parts: string[]): ProcedureColumn | 'field' | 'skip' | undefined {
  const named = parts.filter((p) => p.trim() !== '');
  if (!named.length) return undefined;
  const whole = ALIASES[headerKey(named.join(' '))];
  if (whole) return whole;
  const leaf = ALIASES[headerKey(named.at(-1)!)];
  if (leaf === 'field' || leaf === 'skip' || named.some(isFieldHeader)) return leaf ?? 'field';
  const key = ` ${headerKey(named.join(' '))} `;
  const has = (words: string) => key.includes(` ${words} `);
  if (has('dang giai quyet')) return has('qua han') ? 'pendingOverdue' : has('trong han') || has('chua den han') ? 'pendingWithin' : has('tong so') || named.length === 1 ? 'pendingTotal' : undefined;
  if (has('da giai quyet')) {
    if (has('truoc han') || has('som han')) return 'resolvedEarly';
    if (has('dung han')) return 'resolvedOnTime';
    if (has('qua han') || has('tre han')) return 'resolvedLate';
    return has('tong so') || named.length === 1 ? 'resolvedTotal' : undefined;
  }
  if (has('truc tuyen')) return 'receivedOnline';
  if (has('truc tiep')) return 'receivedDirect';
  if (has('ky truoc')) return 'carriedOver';
  if (has('tong so') && (has('tiep nhan') || has('nhan giai quyet') || has('nhan'))) return 'receivedTotal';
  return leaf;
}

/**
 * Names every column from the header rows `band` (one row, or a merged group row above its
 * sub-headers). A merged cell holds its text in its first column only: a group name is carried
 * right over the empty cells that have a name below them.
 */
function namedColumns(band: string[][], width: number): (ProcedureColumn | 'field' | 'skip' | undefined)[] {
  const filled = band.map((row) => Array.from({ length: width }, (_, i) => (row[i] ?? '').trim()));
  filled.forEach((row, r) => {
    for (let i = 1; i < width; i++) {
      const below = filled.slice(r + 1).some((lower) => lower[i] !== '');
      if (row[i] === '' && below && row[i - 1] !== '' && r < filled.length - 1) row[i] = row[i - 1]!;
    }
  });
  return Array.from({ length: width }, (_, i) => columnOf(filled.map((row) => row[i]!)));
}

/** Every column named, none twice. */
const complete = (columns: ReturnType<typeof namedColumns>, blank: (i: number) => boolean) => {
  const used = columns.filter((c, i) => c !== undefined && c !== 'skip' && !blank(i)) as string[];
  return columns.every((c, i) => c !== undefined || blank(i)) && new Set(used).size === used.length;
};

const withText = (sheet: SheetRow[]) => sheet.filter((row) => row.cells.some((c) => c.trim() !== ''));
const headerRowOf = (rows: SheetRow[]) => rows.slice(0, HEADER_SEARCH_ROWS).findIndex((row) => row.cells.some(isFieldHeader));
/** Whether a sheet holds a procedure table: a "Lĩnh vực" header below at most a few title rows. */
export const findsProcedureHeader = (sheet: SheetRow[]) => headerRowOf(withText(sheet)) >= 0;

/**
 * Parses an uploaded CSV into rows; every problem is reported with its line and column. Title
 * rows above the header (Excel sheets often carry the form's name and period) and blank
 * columns are skipped; the header is the first row that names "Lĩnh vực".
 */
export function parseProcedureCsv(text: string): CsvResult {
  const clean = text.replace(/^\uFEFF/, '').normalize('NFC');
  const parsed = Papa.parse<string[]>(clean, { delimiter: '' });
  return parseProcedureSheet(parsed.data.map((cells, i) => ({ line: i + 1, cells: cells.map(unescapeCell) })), 'Tệp CSV');
}

/**
 * The procedure table in a sheet's rows, CSV or Excel alike: title rows above the header, a
 * header of one row or of merged group rows (Biểu 06), a row numbering the columns, blank
 * columns and a typed total row are all understood. `what` names the file in messages.
 */
export function parseProcedureSheet(sheet: SheetRow[], what: string): CsvResult {
  const rowsOfText = withText(sheet);
  if (!rowsOfText.length) return { ok: false, errors: [`${what} trống.`] };
  const headerAt = headerRowOf(rowsOfText);
  if (headerAt < 0) {
    return {
      ok: false,
      errors: [
        `Không thấy dòng tên cột trong ${HEADER_SEARCH_ROWS} dòng đầu: dòng tên cột phải có cột "Lĩnh vực" và các cột số (${PROCEDURE_COLUMNS.receivedTotal}, …). Hãy xóa các dòng tiêu đề phía trên bảng hoặc tải tệp mẫu.`,
      ],
    };
  }
  const header = rowsOfText[headerAt]!.cells;
  const width = Math.max(...rowsOfText.map((r) => r.cells.length));
  const fieldAt = header.findIndex(isFieldHeader);
  // Header rows below the first: no field name in their "Lĩnh vực" cell, but words in others.
  let bandEnd = headerAt + 1;
  while (bandEnd < rowsOfText.length && bandEnd - headerAt < MAX_HEADER_ROWS) {
    const cells = rowsOfText[bandEnd]!.cells;
    if ((cells[fieldAt] ?? '').trim() !== '' || !cells.some(hasWords)) break;
    bandEnd++;
  }
  let lines = rowsOfText.slice(headerAt + 1);
  // A column with no name and nothing in it is a blank column Excel kept: skipped.
  const blank = (i: number) => (header[i] ?? '').trim() === '' && lines.every((row) => (row.cells[i] ?? '').trim() === '');
  let columns = namedColumns([header], width);
  if (!complete(columns, blank) && bandEnd > headerAt + 1) {
    // One row does not name every column: the header is a band of merged rows.
    columns = namedColumns(rowsOfText.slice(headerAt, bandEnd).map((r) => r.cells), width);
    lines = rowsOfText.slice(bandEnd);
  }
  if (lines.length && isColumnNumbers(lines[0]!.cells)) lines = lines.slice(1);
  columns = columns.map((c, i) => (c === undefined && blank(i) ? 'skip' : c));
  const unknown = header.map((h, i) => ({ h, i })).filter(({ i }) => columns[i] === undefined).map(({ h }) => (h.trim() ? `"${h.trim()}"` : '(cột không có tên)'));
  const errors: string[] = unknown.length
    ? [`Không hiểu cột ${unknown.join(', ')}. Các cột dùng được: Lĩnh vực, ${PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k]).join(', ')}.`]
    : [];
  const used = columns.filter((c) => c !== undefined && c !== 'skip');
  const twice = [...new Set(used.filter((c, i) => used.indexOf(c) !== i))];
  if (twice.length) errors.push(`Có hai cột cùng là ${twice.map((c) => `"${c === 'field' ? 'Lĩnh vực' : PROCEDURE_COLUMNS[c as ProcedureColumn]}"`).join(', ')}: hãy để mỗi cột một tên.`);
  if (errors.length) return { ok: false, errors };

  // Rows with no figure at all are headings ("I. Lĩnh vực tư pháp") or the signature block; rows
  // below the last figure are the footer ("Người lập biểu", "…, ngày 05 tháng 4 năm 2025").
  const figureColumns = columns.flatMap((col, i) => (col !== undefined && col !== 'skip' && col !== 'field' ? [i] : []));
  const figures = (cells: string[]) => figureColumns.map((i) => (cells[i] ?? '').trim());
  const lastWithFigure = lines.findLastIndex((row) => figures(row.cells).some((f) => /^[\d.\s]+$/.test(f)));
  if (lastWithFigure >= 0) lines = lines.slice(0, lastWithFigure + 1);
  lines = lines.filter((row) => figures(row.cells).some((f) => f !== ''));

  const rows: ProcedureRow[] = [];
  let typedTotal: Record<string, unknown> | null = null;
  for (const { line, cells } of lines) {
    const raw: Record<string, unknown> = {};
    columns.forEach((col, c) => {
      if (col === 'skip' || col === undefined) return;
      const cell = (cells[c] ?? '').trim();
      // Excel in Vietnamese writes thousands with "." (1.234); an empty cell is zero, except in a
      // column a report may not give (the online/in-person split), where it stays unknown.
      raw[col] = col === 'field' ? cell : cell === '' ? ((MAYBE_UNKNOWN as readonly string[]).includes(col) ? null : 0) : cell.replace(/[.\s]/g, '');
    });
    if (typeof raw.field === 'string' && isTotalLabel(raw.field)) {
      typedTotal = raw;
      continue;
    }
    const row = ProcedureRowSchema.safeParse(raw);
    if (row.success) rows.push(row.data);
    else errors.push(...row.error.issues.map((issue) => `Dòng ${line}: ${issue.message}`));
  }
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

/**
 * CSV for download: UTF-8 with BOM (so Excel shows Vietnamese), CRLF, a computed total row.
 * With `demo`, every row carries the demo mark in a last column (demoCells), which the upload
 * skips, so a downloaded demo table still imports.
 */
export function procedureCsv(rows: ProcedureRow[], stamp?: VersionStamp, demo = false): string {
  const header = ['STT', 'Lĩnh vực', ...PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k]), ...(stamp ? VERSION_COLUMNS : []), ...(demo ? [DEMO_COLUMN] : [])];
  const body: CsvCell[][] = rows.map((r, i) => [i + 1, r.field, ...PROCEDURE_COLUMN_KEYS.map((k) => r[k])]);
  const total = totalRow(rows);
  body.push(['', total.field, ...PROCEDURE_COLUMN_KEYS.map((k) => total[k])]);
  return csvFile([header, ...body.map((cells) => [...cells, ...(stamp ? versionCells(stamp) : []), ...demoCells(demo)])]);
}

/** The column every statistics CSV carries while the unit is in demo mode ("Dữ liệu minh họa" in /admin/don-vi). */
export const DEMO_COLUMN = 'Dữ liệu minh họa';
/** The cell of that column: the banner's words, so a spreadsheet row read alone still says it. */
export const demoCells = (demo: boolean): CsvCell[] => (demo ? ['Có — không phải thông tin chính thức'] : []);

/** Which version of a period's figures a download holds, on every row (schema/statistics/statistics-history.ts). */
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
  if (bytes.includes(0)) return { ok: false, tooLarge: false, message: 'Tệp này không phải bảng Excel (.xlsx) hay CSV dạng chữ. Hãy gửi nguyên tệp .xlsx, hoặc trong Excel chọn Lưu thành… "CSV UTF-8".' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, tooLarge: false, message: 'Tệp không ở mã UTF-8. Trong Excel, chọn Lưu thành… "CSV UTF-8 (phân cách bằng dấu phẩy)".' };
  }
}

import Papa from 'papaparse';

/**
 * Every CSV the portal offers for download is written here: UTF-8 with a BOM (so Excel shows
 * Vietnamese), CRLF, RFC 4180 quoting, and text cells that cannot run as formulas.
 */

/**
 * A text cell that starts with = + - @, tab or CR is a formula to Excel, LibreOffice and Google
 * Sheets: `=HYPERLINK("http://x","Bấm vào đây")` becomes a live link, `+cmd|' /C calc'!A0` runs a
 * program through DDE. OWASP ("CSV Injection") recommends prefixing such cells with a single
 * quote, which the spreadsheet shows as text and hides, and quoting every such cell. Papa's own
 * `escapeFormulae: true` pattern ends in `.*$` without the `s` flag, so a cell with a line break
 * after the formula escapes it; this pattern looks at the first character only.
 * Numbers are written as numbers (a negative count stays a number), so only strings are prefixed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCell = string | number | null | undefined;

/**
 * One CSV file from a header row and data rows; null and undefined are empty cells.
 *
 * @example csvFile([['Lĩnh vực', 'Số hồ sơ'], ['=1+1', 3]]) // "\uFEFFLĩnh vực,Số hồ sơ\r\n\"'=1+1\",3\r\n"
 */
export function csvFile(rows: CsvCell[][]): string {
  return `\uFEFF${Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_START })}\r\n`;
}

/**
 * A cell of an uploaded CSV as the official meant it: the quote csvFile puts before a formula
 * character is dropped, so a file downloaded from the portal reads back unchanged. (Excel itself
 * writes a cell typed as '=x without the quote.)
 */
export function unescapeCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

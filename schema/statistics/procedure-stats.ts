import { z } from '../core/zod.ts';
import { countField, unknownCount } from '../core/count.ts';
import { PeriodSchema, type Period } from './period.ts';
import type { ReplacedVersion } from './statistics-history.ts';
import { requiredText } from '../core/text.ts';
import type { FieldError } from '../core/validation.ts';

/**
 * Results of administrative procedures at the one-stop desk, one row per field (lĩnh vực) and
 * period, in the shape of Biểu 06/VPCP/KSTT. The parts must add up to the totals; the service
 * index of Decision 766/QĐ-TTg counts the share resolved early or on time.
 */

export const PROCEDURE_COLUMNS = {
  receivedTotal: 'Tổng số tiếp nhận',
  receivedOnline: 'Tiếp nhận trực tuyến',
  receivedDirect: 'Tiếp nhận trực tiếp, bưu chính',
  carriedOver: 'Từ kỳ trước chuyển sang',
  resolvedTotal: 'Đã giải quyết',
  resolvedEarly: 'Trước hạn',
  resolvedOnTime: 'Đúng hạn',
  resolvedLate: 'Quá hạn',
  pendingTotal: 'Đang giải quyết',
  pendingWithin: 'Trong hạn',
  pendingOverdue: 'Quá hạn (đang giải quyết)',
} as const;
export type ProcedureColumn = keyof typeof PROCEDURE_COLUMNS;
export const PROCEDURE_COLUMN_KEYS = Object.keys(PROCEDURE_COLUMNS) as ProcedureColumn[];

const count = (label: string) => countField(label, 10_000_000);

/**
 * Cells a report may not give (a unit that does not track the online / in-person split): null,
 * shown as "—", never 0. Every other cell defaults to 0 as Biểu 06 leaves blank cells empty of cases.
 */
export const MAYBE_UNKNOWN = ['receivedOnline', 'receivedDirect'] as const satisfies readonly ProcedureColumn[];
type MaybeUnknown = (typeof MAYBE_UNKNOWN)[number];
const isMaybeUnknown = (k: ProcedureColumn): k is MaybeUnknown => (MAYBE_UNKNOWN as readonly string[]).includes(k);

export const ProcedureRowSchema = z.object({
  field: requiredText('Lĩnh vực', 200),
  ...(Object.fromEntries(
    PROCEDURE_COLUMN_KEYS.map((k) => [k, isMaybeUnknown(k) ? unknownCount(PROCEDURE_COLUMNS[k], 10_000_000) : count(PROCEDURE_COLUMNS[k]).default(0)]),
  ) as { [K in ProcedureColumn]: K extends MaybeUnknown ? ReturnType<typeof unknownCount> : z.ZodDefault<ReturnType<typeof count>> }),
});
export type ProcedureRow = z.output<typeof ProcedureRowSchema>;

/** The rules a row must satisfy, each as a sum that is shown back when it fails. */
const RULES: { total: ProcedureColumn; parts: ProcedureColumn[] }[] = [
  { total: 'receivedTotal', parts: ['receivedOnline', 'receivedDirect', 'carriedOver'] },
  { total: 'resolvedTotal', parts: ['resolvedEarly', 'resolvedOnTime', 'resolvedLate'] },
  { total: 'pendingTotal', parts: ['pendingWithin', 'pendingOverdue'] },
  { total: 'receivedTotal', parts: ['resolvedTotal', 'pendingTotal'] },
];

export interface ArithmeticError {
  /** 0-based row index, or -1 for the whole table. */
  row: number;
  column: ProcedureColumn;
  message: string;
}

/** Every sum that does not hold, with the cells and the arithmetic, in Vietnamese. */
export function checkProcedureRows(rows: ProcedureRow[]): ArithmeticError[] {
  const errors: ArithmeticError[] = [];
  rows.forEach((row, i) => {
    for (const rule of RULES) {
      // Unknown cells are left out: the known parts must then not exceed the total (never an invented split).
      const known = rule.parts.filter((p) => row[p] !== null);
      const sum = known.reduce((acc, p) => acc + (row[p] ?? 0), 0);
      const total = row[rule.total] ?? 0;
      const complete = known.length === rule.parts.length;
      if (complete ? sum !== total : sum > total) {
        const shown = known.map((p) => `${PROCEDURE_COLUMNS[p].toLowerCase()} ${row[p]}`).join(' + ');
        errors.push({
          row: i,
          column: rule.total,
          message: `Dòng ${i + 1} (${row.field}): ${PROCEDURE_COLUMNS[rule.total]} là ${total}, nhưng ${shown} = ${sum}${complete ? '' : ' (chưa kể ô chưa có số liệu)'}.`,
        });
      }
    }
  });
  const fields = new Map<string, number>();
  rows.forEach((row, i) => {
    const key = row.field.toLocaleLowerCase('vi');
    if (fields.has(key)) errors.push({ row: i, column: 'receivedTotal', message: `Dòng ${i + 1}: lĩnh vực "${row.field}" đã có ở dòng ${fields.get(key)! + 1}.` });
    else fields.set(key, i);
  });
  return errors;
}

export const ProcedureReportSchema = z.object({
  period: PeriodSchema,
  rows: z.array(ProcedureRowSchema, { error: 'Thiếu bảng số liệu (rows).' }).min(1, { error: 'Bảng số liệu cần ít nhất một lĩnh vực.' }),
});
export type ProcedureReportInput = z.input<typeof ProcedureReportSchema>;
export interface ProcedureReport {
  id: number;
  period: Period;
  rows: ProcedureRow[];
  updatedAt: string;
  /** Guards saves: a save made on an older version is refused (migration 0015). */
  version: number;
  /** Why this version replaced the one before (null: the period's first table; migration 0021). */
  changeReason: string | null;
  /** The tables it replaced, newest first: they stay public. */
  history: ReplacedVersion<ProcedureRow[]>[];
}

/** The total row, computed (never typed): a column with an unknown cell has an unknown total. */
export function totalRow(rows: ProcedureRow[]): ProcedureRow {
  const total = { field: 'Tổng số' } as Record<string, unknown>;
  for (const k of PROCEDURE_COLUMN_KEYS) total[k] = rows.some((r) => r[k] === null) ? null : rows.reduce((acc, r) => acc + (r[k] ?? 0), 0);
  return total as ProcedureRow;
}

/** Files resolved early or on time: the numerator of the on-time rate. */
export const resolvedInTime = (row: Pick<ProcedureRow, 'resolvedEarly' | 'resolvedOnTime'>): number => row.resolvedEarly + row.resolvedOnTime;

/**
 * Share resolved early or on time (Decision 766/QĐ-TTg), 0–1; null when nothing was resolved.
 * The one definition: the site, the open data, the report's figures and its Word file all read
 * it. The base is the files resolved, not those received (files still pending are not late yet).
 */
export function onTimeRate(row: Pick<ProcedureRow, 'resolvedEarly' | 'resolvedOnTime' | 'resolvedTotal'>): number | null {
  return row.resolvedTotal === 0 ? null : resolvedInTime(row) / row.resolvedTotal;
}

/** "99,79%" as Vietnamese write percentages (decimal comma, no space before the sign). */
export function formatPercent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(rate * 100).toLocaleString('vi-VN', { maximumFractionDigits: 2, minimumFractionDigits: rate === 1 ? 0 : 2 })}%`;
}


export type ReportCheck = { ok: true; value: z.output<typeof ProcedureReportSchema> } | { ok: false; errors: FieldError[] };

/**
 * Schema and arithmetic together, for the API, the admin table and the CSV import. Field
 * names point at cells: "rows.2.receivedTotal" is the third row's total.
 */
export function checkProcedureReport(raw: unknown): ReportCheck {
  const parsed = ProcedureReportSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '_', message: rowMessage(i.path, i.message) })) };
  }
  const arithmetic = checkProcedureRows(parsed.data.rows);
  if (arithmetic.length) return { ok: false, errors: arithmetic.map((e) => ({ field: `rows.${e.row}.${e.column}`, message: e.message })) };
  return { ok: true, value: parsed.data };
}

function rowMessage(path: PropertyKey[], message: string): string {
  return path[0] === 'rows' && typeof path[1] === 'number' ? `Dòng ${path[1] + 1}: ${message}` : message;
}

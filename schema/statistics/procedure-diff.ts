import { PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS, type ProcedureRow } from './procedure-stats.ts';

/**
 * What replacing a period's procedure table would change, row by row (rows are matched by their
 * field name), in words an official checks before confirming: "Hộ tịch: Đúng hạn 120 → 118".
 */
export function procedureTableChanges(before: ProcedureRow[], after: ProcedureRow[]): string[] {
  const old = new Map(before.map((r) => [r.field, r]));
  const lines: string[] = [];
  for (const row of after) {
    const was = old.get(row.field);
    old.delete(row.field);
    if (!was) {
      lines.push(`Thêm dòng "${row.field}".`);
      continue;
    }
    const cells = PROCEDURE_COLUMN_KEYS.filter((k) => was[k] !== row[k]).map((k) => `${PROCEDURE_COLUMNS[k]} ${was[k]} → ${row[k]}`);
    if (cells.length) lines.push(`${row.field}: ${cells.join('; ')}.`);
  }
  for (const field of old.keys()) lines.push(`Bỏ dòng "${field}".`);
  return lines;
}

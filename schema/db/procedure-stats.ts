import type { Period } from '../period.ts';
import { PROCEDURE_COLUMN_KEYS, type ProcedureReport, type ProcedureRow } from '../procedure-stats.ts';
import { auditById, type Actor } from './audit.ts';

/** All SQL for procedure results (procedure_reports and procedure_rows). */

const COLUMN_SQL: Record<(typeof PROCEDURE_COLUMN_KEYS)[number], string> = {
  receivedTotal: 'received_total',
  receivedOnline: 'received_online',
  receivedDirect: 'received_direct',
  carriedOver: 'carried_over',
  resolvedTotal: 'resolved_total',
  resolvedEarly: 'resolved_early',
  resolvedOnTime: 'resolved_on_time',
  resolvedLate: 'resolved_late',
  pendingTotal: 'pending_total',
  pendingWithin: 'pending_within',
  pendingOverdue: 'pending_overdue',
};

type Row = Record<string, unknown>;

function toRow(r: Row): ProcedureRow {
  const row = { field: r.field as string } as ProcedureRow;
  for (const k of PROCEDURE_COLUMN_KEYS) row[k] = r[COLUMN_SQL[k]] as number;
  return row;
}

/** Every report with its rows, oldest period first: two queries, whatever the number of reports. */
export async function listProcedureReports(db: D1Database): Promise<ProcedureReport[]> {
  const [reports, rows] = await db.batch<Row>([
    db.prepare('SELECT * FROM procedure_reports ORDER BY period_year, period_kind, period_number'),
    db.prepare('SELECT * FROM procedure_rows ORDER BY report_id, position'),
  ]);
  const byReport = new Map<number, ProcedureRow[]>();
  for (const r of rows!.results) byReport.set(r.report_id as number, [...(byReport.get(r.report_id as number) ?? []), toRow(r)]);
  return reports!.results.map((r) => ({
    id: r.id as number,
    period: { kind: r.period_kind as Period['kind'], year: r.period_year as number, number: r.period_number as number },
    rows: byReport.get(r.id as number) ?? [],
    updatedAt: r.updated_at as string,
  }));
}

export async function getProcedureReport(db: D1Database, period: Period): Promise<ProcedureReport | null> {
  const key = [period.kind, period.year, period.number];
  const [reports, rows] = await db.batch<Row>([
    db.prepare('SELECT * FROM procedure_reports WHERE period_kind = ? AND period_year = ? AND period_number = ?').bind(...key),
    db
      .prepare(
        `SELECT r.* FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id
         WHERE p.period_kind = ? AND p.period_year = ? AND p.period_number = ? ORDER BY r.position`,
      )
      .bind(...key),
  ]);
  const report = reports!.results[0];
  if (!report) return null;
  return { id: report.id as number, period, rows: rows!.results.map(toRow), updatedAt: report.updated_at as string };
}

/**
 * Stores the table of a period, replacing any earlier one, with its audit row: one batch, so
 * a table that breaks a CHECK leaves the old one untouched.
 */
export async function saveProcedureReport(db: D1Database, period: Period, rows: ProcedureRow[], actor: Actor, now: string): Promise<void> {
  const before = await getProcedureReport(db, period);
  const key = [period.kind, period.year, period.number] as const;
  const reportId = '(SELECT id FROM procedure_reports WHERE period_kind = ? AND period_year = ? AND period_number = ?)';
  const columns = PROCEDURE_COLUMN_KEYS.map((k) => COLUMN_SQL[k]);
  await db.batch([
    db
      .prepare(
        `INSERT INTO procedure_reports (period_kind, period_year, period_number, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (period_kind, period_year, period_number) DO UPDATE SET updated_at = excluded.updated_at`,
      )
      .bind(...key, now, now),
    db.prepare(`DELETE FROM procedure_rows WHERE report_id = ${reportId}`).bind(...key),
    ...rows.map((row, position) =>
      db
        .prepare(`INSERT INTO procedure_rows (report_id, position, field, ${columns.join(', ')}) VALUES (${reportId}, ?, ?, ${columns.map(() => '?').join(', ')})`)
        .bind(...key, position, row.field, ...PROCEDURE_COLUMN_KEYS.map((k) => row[k])),
    ),
    auditById(db, { actor, action: before ? 'replace' : 'create', entity: 'procedure_report', before: before?.rows ?? null, after: rows, at: now }, key.join('-')),
  ]);
}

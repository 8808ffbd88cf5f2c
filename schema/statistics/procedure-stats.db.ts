import type { Period } from './period.ts';
import type { ProcedureReport, ProcedureRow } from './procedure-stats.ts';
import { auditById, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, json, nullable, PERIOD, text, type Row } from '../core/columns.db.ts';
import type { ReplacedVersion } from './statistics-history.ts';

/** All SQL for procedure results (procedure_reports and procedure_rows). */

const ROW = columnMap<ProcedureRow>({
  field: text('field'),
  receivedTotal: int('received_total'),
  receivedOnline: nullable(int('received_online')),
  receivedDirect: nullable(int('received_direct')),
  carriedOver: int('carried_over'),
  resolvedTotal: int('resolved_total'),
  resolvedEarly: int('resolved_early'),
  resolvedOnTime: int('resolved_on_time'),
  resolvedLate: int('resolved_late'),
  pendingTotal: int('pending_total'),
  pendingWithin: int('pending_within'),
  pendingOverdue: int('pending_overdue'),
});

const REPORT = columnMap<Omit<ProcedureReport, 'period' | 'rows' | 'history'>>({
  id: int('id'),
  updatedAt: text('updated_at'),
  version: int('version'),
  changeReason: nullable(text('change_reason')),
});

/** A replaced table (procedure_report_versions, migration 0021). */
const REPLACED = columnMap<ReplacedVersion<ProcedureRow[]>>({
  version: int('version'),
  savedAt: text('saved_at'),
  changeReason: nullable(text('change_reason')),
  replacedAt: text('replaced_at'),
  figures: json('rows'),
});

/** Replaced tables by report id, newest first (the query orders them). */
function historyByReport(rows: Row[]): Map<number, ReplacedVersion<ProcedureRow[]>[]> {
  const byReport = new Map<number, ReplacedVersion<ProcedureRow[]>[]>();
  for (const r of rows) byReport.set(r.report_id as number, [...(byReport.get(r.report_id as number) ?? []), REPLACED.read(r)]);
  return byReport;
}

const PERIOD_WHERE = `${PERIOD.fields.map((f) => `${PERIOD.column(f)} = ?`).join(' AND ')}`;

/** Every report with its rows, oldest period first: two queries, whatever the number of reports. */
export async function listProcedureReports(db: D1Database): Promise<ProcedureReport[]> {
  const [reports, rows, replaced] = await db.batch<Row>([
    db.prepare('SELECT * FROM procedure_reports ORDER BY period_year, period_kind, period_number'),
    db.prepare('SELECT * FROM procedure_rows ORDER BY report_id, position'),
    db.prepare('SELECT * FROM procedure_report_versions ORDER BY report_id, version DESC'),
  ]);
  const history = historyByReport(replaced!.results);
  const byReport = new Map<number, ProcedureRow[]>();
  for (const r of rows!.results) byReport.set(r.report_id as number, [...(byReport.get(r.report_id as number) ?? []), ROW.read(r)]);
  return reports!.results.map((r) => {
    const report = REPORT.read(r);
    return { ...report, period: PERIOD.read(r), rows: byReport.get(report.id) ?? [], history: history.get(report.id) ?? [] };
  });
}

export async function getProcedureReport(db: D1Database, period: Period): Promise<ProcedureReport | null> {
  const key = PERIOD.values(period);
  const [reports, rows, replaced] = await db.batch<Row>([
    db.prepare(`SELECT * FROM procedure_reports WHERE ${PERIOD_WHERE}`).bind(...key),
    db
      .prepare(
        `SELECT r.* FROM procedure_rows r JOIN procedure_reports p ON p.id = r.report_id
         WHERE ${PERIOD.fields.map((f) => `p.${PERIOD.column(f)} = ?`).join(' AND ')} ORDER BY r.position`,
      )
      .bind(...key),
    db
      .prepare(
        `SELECT v.* FROM procedure_report_versions v JOIN procedure_reports p ON p.id = v.report_id
         WHERE ${PERIOD.fields.map((f) => `p.${PERIOD.column(f)} = ?`).join(' AND ')} ORDER BY v.version DESC`,
      )
      .bind(...key),
  ]);
  const report = reports!.results[0];
  if (!report) return null;
  return { ...REPORT.read(report), period, rows: rows!.results.map(ROW.read), history: replaced!.results.map(REPLACED.read) };
}

/**
 * Stores the table of a period on `version` (null: the period has no table yet), replacing the
 * earlier one — kept in procedure_report_versions with its dates and reason — with its audit
 * row: one batch, so a table that breaks a CHECK leaves the old one untouched. `reason` is why
 * this table replaces the stored one (null for a new period). Returns false, having written
 * nothing, when the stored table is not at `version` (someone saved first).
 */
export async function saveProcedureReport(
  db: D1Database,
  period: Period,
  rows: ProcedureRow[],
  version: number | null,
  reason: string | null,
  actor: Actor,
  now: string,
): Promise<boolean> {
  const before = await getProcedureReport(db, period);
  // The copy kept below must be the table being replaced: the guarded upsert then checks it still is.
  if (before && before.version !== version) return false;
  const key = PERIOD.write(period);
  const reportId = `(SELECT id FROM procedure_reports WHERE ${PERIOD_WHERE})`;
  try {
    await db.batch([
      // A new period is inserted at version 1; a stored one moves on only from the version the official saw.
      db
        .prepare(
          `INSERT INTO procedure_reports (${key.columns}, created_at, updated_at, version) VALUES (${key.placeholders}, ?, ?, 1)
           ON CONFLICT (${key.columns}) DO UPDATE SET updated_at = excluded.updated_at, version = procedure_reports.version + 1, change_reason = ?
           WHERE procedure_reports.version = ?`,
        )
        .bind(...key.values, now, now, reason, version),
      // SQLite has no RAISE outside triggers: a JSON error aborts the batch (a transaction) when the row was stale.
      db.prepare(`SELECT CASE WHEN changes() = 1 THEN 1 ELSE json('${STALE}') END`),
      ...(before ? [keepReplaced(db, before, now)] : []),
      db.prepare(`DELETE FROM procedure_rows WHERE report_id = ${reportId}`).bind(...key.values),
      ...rows.map((row, position) => {
        const cells = ROW.write(row);
        return db
          .prepare(`INSERT INTO procedure_rows (report_id, position, ${cells.columns}) VALUES (${reportId}, ?, ${cells.placeholders})`)
          .bind(...key.values, position, ...cells.values);
      }),
      auditById(db, { actor, action: before ? 'replace' : 'create', entity: 'procedure_report', before: before?.rows ?? null, after: before ? { changeReason: reason, rows } : rows, at: now }, key.values.join('-')),
    ]);
  } catch (error) {
    if (isStale(error)) return false;
    throw error;
  }
  return true;
}

/** The replaced table, as it was public, into procedure_report_versions. */
function keepReplaced(db: D1Database, before: ProcedureReport, now: string): D1PreparedStatement {
  const kept = REPLACED.write({ version: before.version, savedAt: before.updatedAt, changeReason: before.changeReason, replacedAt: now, figures: before.rows });
  return db.prepare(`INSERT INTO procedure_report_versions (report_id, ${kept.columns}) VALUES (?, ${kept.placeholders})`).bind(before.id, ...kept.values);
}

const STALE = 'stale version';
/** The guard above failed: D1 reports SQLite's "malformed JSON" for `json('stale version')`. */
const isStale = (error: unknown) => error instanceof Error && /malformed JSON/i.test(error.message);

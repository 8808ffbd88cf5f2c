import { periodKey, previousPeriod, type Period } from '../../../schema/statistics/period.ts';
import type { ProcedureReport } from '../../../schema/statistics/procedure-stats.ts';

/** Helpers for the statistics pages: latest report, the one before it, URLs. */

const PROCEDURES_PATH = '/thong-ke/thu-tuc-hanh-chinh/';

const samePeriod = (a: Period, b: Period) => a.kind === b.kind && a.year === b.year && a.number === b.number;

/** The report of the period just before, of the same kind, if there is one. */
export function previousReport(reports: ProcedureReport[], report: ProcedureReport): ProcedureReport | undefined {
  const prev = previousPeriod(report.period);
  return reports.find((r) => samePeriod(r.period, prev));
}

export const reportPath = (r: ProcedureReport) => `${PROCEDURES_PATH}${periodKey(r.period)}/`;
export const reportFile = (r: ProcedureReport, ext: 'csv' | 'json') => `${PROCEDURES_PATH}${periodKey(r.period)}.${ext}`;

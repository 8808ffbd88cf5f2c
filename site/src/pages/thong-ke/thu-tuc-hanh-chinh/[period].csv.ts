import type { APIRoute, GetStaticPaths } from 'astro';
import { periodKey } from '../../../../../schema/period.ts';
import { procedureCsv } from '../../../../../schema/procedure-csv.ts';
import type { ProcedureReport } from '../../../../../schema/procedure-stats.ts';
import { portalData } from '../../../lib/portal-data.ts';

export const getStaticPaths = (async () => {
  const { procedureReports } = await portalData();
  return procedureReports.map((report) => ({ params: { period: periodKey(report.period) }, props: { report } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ report: ProcedureReport }> = async ({ props }) => {
  const { unit } = await portalData();
  return new Response(procedureCsv(props.report.rows, props.report, unit.demoData), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

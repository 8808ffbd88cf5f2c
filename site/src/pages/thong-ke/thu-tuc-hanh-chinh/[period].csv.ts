import type { APIRoute, GetStaticPaths } from 'astro';
import { periodKey } from '../../../../../schema/statistics/period.ts';
import { procedureCsv } from '../../../../../schema/statistics/procedure-csv.ts';
import { portalData } from '../../../lib/portal-data.ts';
import { notFound, propsFor } from '../../../lib/static-props.ts';

export const getStaticPaths = (async () => {
  const { procedureReports } = await portalData();
  return procedureReports.map((report) => ({ params: { period: periodKey(report.period) }, props: { report } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const props = found;
  const { unit } = await portalData();
  return new Response(procedureCsv(props.report.rows, props.report, unit.demoData), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

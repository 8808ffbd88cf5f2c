import type { APIRoute, GetStaticPaths } from 'astro';
import { periodKey, periodLabel, periodRange } from '../../../../../schema/statistics/period.ts';
import { onTimeRate, totalRow } from '../../../../../schema/statistics/procedure-stats.ts';
import { demoMeta } from '../../../lib/demo-mark.ts';
import { portalData } from '../../../lib/portal-data.ts';
import { notFound, propsFor } from '../../../lib/static-props.ts';

export const getStaticPaths = (async () => {
  const { procedureReports } = await portalData();
  return procedureReports.map((report) => ({ params: { period: periodKey(report.period) }, props: { report } }));
}) satisfies GetStaticPaths;

/** The same rows as the table, in the field names of schema/statistics/procedure-stats.ts, with the version they are. */
export const GET: APIRoute = async ({ params }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const { report } = found;
  const total = totalRow(report.rows);
  const { unit } = await portalData();
  const body = {
    ...demoMeta(unit.demoData),
    period: { ...report.period, label: periodLabel(report.period), ...periodRange(report.period) },
    rows: report.rows,
    total,
    onTimeRate: onTimeRate(total),
    // Which version this is and why it replaced the one before; the replaced tables, newest first.
    version: report.version,
    updatedAt: report.updatedAt,
    changeReason: report.changeReason,
    history: report.history,
  };
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

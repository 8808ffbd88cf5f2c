import type { APIRoute } from 'astro';
import { periodLabel, periodRange } from '../../../../schema/statistics/period.ts';
import { demoMeta } from '../../lib/demo-mark.ts';
import { portalData } from '../../lib/portal-data.ts';

export const GET: APIRoute = async () => {
  const { petitions, unit } = await portalData();
  const items = [...petitions].reverse().map(({ id: _id, ...p }) => ({ ...p, period: { ...p.period, label: periodLabel(p.period), ...periodRange(p.period) } }));
  return new Response(JSON.stringify({ ...demoMeta(unit.demoData), items }, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

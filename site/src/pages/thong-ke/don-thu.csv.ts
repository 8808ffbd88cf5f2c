import type { APIRoute } from 'astro';
import { csvFile } from '../../../../schema/core/csv.ts';
import { periodLabel } from '../../../../schema/statistics/period.ts';
import { DEMO_COLUMN, demoCells, VERSION_COLUMNS, versionCells } from '../../../../schema/statistics/procedure-csv.ts';
import { PETITION_COLUMNS, type PetitionColumn } from '../../../../schema/statistics/petition-stats.ts';
import { portalData } from '../../lib/portal-data.ts';

/** UTF-8 with BOM and CRLF, so that Excel shows the Vietnamese headers correctly. */
export const GET: APIRoute = async () => {
  const { petitions, unit } = await portalData();
  const keys = Object.keys(PETITION_COLUMNS) as PetitionColumn[];
  const rows = [
    ['Kỳ', ...keys.map((k) => PETITION_COLUMNS[k]), 'Số buổi tiếp', 'Lượt công dân', ...VERSION_COLUMNS, ...(unit.demoData ? [DEMO_COLUMN] : [])],
    ...[...petitions].reverse().map((p) => [periodLabel(p.period), ...keys.map((k) => p[k]), p.sessionsHeld, p.citizensReceived, ...versionCells(p), ...demoCells(unit.demoData)]),
  ];
  return new Response(csvFile(rows), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

import type { APIRoute } from 'astro';
import { csvFile } from '../../../../../schema/csv.ts';
import { PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS } from '../../../../../schema/procedure-stats.ts';
import { procedureDataRows, procedureSums } from '../../../../../schema/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/** Biểu 06 of every commune and period, one row each; a figure not reported is an empty cell, never 0. */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  const rows = procedureDataRows(procedureSums(communes, today));
  const demo = new Set(communes.filter((c) => c.data?.demoData).map((c) => c.commune.slug));
  const header = ['Kỳ', 'Tên kỳ', 'Mã xã trên cổng', 'Mã đơn vị hành chính', 'Tên xã', 'Xã minh họa', 'Dữ liệu minh họa', 'Đã báo cáo', ...PROCEDURE_COLUMN_KEYS.map((k) => PROCEDURE_COLUMNS[k])];
  const body = rows.map((r) => [
    r.period,
    r.periodLabel,
    r.commune,
    r.communeCode,
    r.communeName,
    r.illustration ? 'Có' : '',
    demo.has(r.commune) ? 'Có' : '',
    r.reported ? 'Có' : 'Chưa',
    ...PROCEDURE_COLUMN_KEYS.map((k) => r[k]),
  ]);
  return new Response(csvFile([header, ...body]), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

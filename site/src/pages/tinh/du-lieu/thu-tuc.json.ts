import type { APIRoute } from 'astro';
import { PROCEDURE_COLUMNS } from '../../../../../schema/statistics/procedure-stats.ts';
import { procedureDataRows, procedureSums } from '../../../../../schema/province/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/** Biểu 06 of every commune and period, one record each; a figure not reported is null, never 0. */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  const rows = procedureDataRows(procedureSums(communes, today));
  const body = {
    title: 'Kết quả giải quyết thủ tục hành chính (Biểu 06) của các xã, theo kỳ',
    generatedOn: today,
    note: 'Mỗi xã, mỗi kỳ một bản ghi. null: chưa có số liệu (xã chưa báo cáo kỳ đó, hoặc ô không có trong báo cáo), không phải 0.',
    columns: PROCEDURE_COLUMNS,
    rows,
  };
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

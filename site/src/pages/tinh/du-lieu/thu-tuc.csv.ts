import type { APIRoute } from 'astro';
import { procedureDataCsv, procedureSums } from '../../../../../schema/province/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/** Biểu 06 of every commune and period, one row each; a figure not reported is an empty cell, never 0. */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  return new Response(procedureDataCsv(procedureSums(communes, today)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

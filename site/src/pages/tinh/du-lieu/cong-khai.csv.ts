import type { APIRoute } from 'astro';
import { disclosureDataCsv, disclosureDataRows } from '../../../../../schema/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/** Every commune's public disclosures, one row each, linked to the commune's page; a value not entered is an empty cell. */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  return new Response(disclosureDataCsv(disclosureDataRows(communes, today)), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

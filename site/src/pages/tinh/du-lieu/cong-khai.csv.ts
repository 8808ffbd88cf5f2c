import type { APIRoute } from 'astro';
import { disclosureDataCsv, disclosureDataRows } from '../../../../../schema/province/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/**
 * Every commune's public disclosures, one row each, linked to the commune's page; a value not
 * entered is an empty cell. A commune whose data is not known has a row of its own saying so in
 * the last column (schema/province/province-view.ts disclosureDataCsv), as the JSON's `communesNotRead`.
 */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  return new Response(disclosureDataCsv(disclosureDataRows(communes, today), communes.filter((c) => !c.data), today), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

import type { APIRoute } from 'astro';
import { DISCLOSURE_DATA_COLUMNS, disclosureDataRows } from '../../../../../schema/province/province-view.ts';
import { provinceData } from '../../../lib/province-data.ts';

/** Every commune's public disclosures, one record each, linked to the commune's page; a value not entered is null. */
export const GET: APIRoute = async () => {
  const { communes, today } = await provinceData();
  const body = {
    title: 'Nội dung công khai của các xã',
    generatedOn: today,
    note: 'Mỗi nội dung đã công khai hoặc đã thu hồi của mỗi xã một bản ghi, mới nhất trước trong từng xã. null: xã không nhập thông tin đó (ví dụ văn bản không có số, công khai thường xuyên thì không có ngày kết thúc niêm yết).',
    columns: DISCLOSURE_DATA_COLUMNS,
    // A commune whose database could not be read has no record here: named so, not taken for "no disclosure".
    communesNotRead: communes.filter((c) => !c.data).map((c) => c.commune.slug),
    rows: disclosureDataRows(communes, today),
  };
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

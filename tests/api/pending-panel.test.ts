import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { adminCookie, api, call, makeOfficial, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * The pending-change panel on /admin/cong-khai/{id} (four eyes): the second approver must see
 * every field the change moves, or they approve what they cannot see (issue 20.2).
 */

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

/** The rows of the panel's changes table: [field, published, proposed]. */
function changeRows(html: string): string[][] {
  const table = html.slice(html.indexOf('<th scope="col">Trường</th>'));
  const body = table.slice(0, table.indexOf('</table>'));
  return [...body.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1));
}

describe('GET /admin/cong-khai/{id} with a change waiting for a second approver', () => {
  it("shows a plan's new status date (planStatusOn) as dd/mm/yyyy beside the published one", async () => {
    const author = await makeOfficial();
    const second = await makeOfficial();
    await setFourEyes(false);
    const plan = sampleDisclosure({ documentNumber: '28/KH-UBND', planStatus: 'in_progress', planStatusOn: '2025-03-20', periodLabel: 'Năm 2025' });
    const item = (await (await api(author, 'POST', '/api/v1/disclosures', { ...plan, publish: true })).json()) as Json;
    expect(item.planStatusOn).toBe('2025-03-20');
    await setFourEyes(true);
    try {
      const res = await api(author, 'PUT', `/api/v1/disclosures/${item.id}`, { ...plan, planStatusOn: '2025-06-02', version: item.version, changeNote: 'Cập nhật ngày theo báo cáo tiến độ' });
      expect(res.status).toBe(202);
      const html = await (await call(`/admin/cong-khai/${item.id}`, { headers: { cookie: await adminCookie(second) } })).text();
      expect(changeRows(html)).toEqual([['Ngày cập nhật tình trạng', '20/03/2025', '02/06/2025']]);
    } finally {
      await setFourEyes(false);
    }
  });
});

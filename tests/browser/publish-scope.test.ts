import { describe, expect, inject, it } from 'vitest';
import { portalForThisFile, waitFor } from './browser.ts';

/**
 * A publish job re-renders the pages that show a changed document, not only its own
 * (schema/publishing/publish.ts pagesShowing): the demo report 78/BC-UBND cites the plan 28/KH-UBND, so
 * renaming the plan re-renders the report's page, whose "Văn bản liên quan" names it. Only the
 * scope can do that: a disclosure's job renders no other detail page (schema/publishing/publish-jobs.ts).
 */

// A portal of its own: the edit renames a demo document that other files search for by title.
const portal = portalForThisFile();
const token = inject('demoToken');
const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

type Item = Record<string, unknown> & { id: number; slug: string; title: string; version: number; documentNumber: string; updatedAt: string };

async function findByNumber(number: string): Promise<Item> {
  for (let page = 1; page < 20; page++) {
    const res = await fetch(`${portal.url}/api/v1/disclosures?page=${page}`, { headers: auth });
    const { items } = (await res.json()) as { items: Item[] };
    const found = items.find((d) => d.documentNumber === number);
    if (found) return found;
    if (items.length === 0) break;
  }
  throw new Error(`no disclosure ${number} in the demo data`);
}

const pageText = async (slug: string) => (await fetch(`${portal.url}/cong-khai/${slug}/`)).text();

describe('PUT /api/v1/disclosures/:id, then its publish job', () => {
  it('re-renders the detail page of a document that cites the edited one, with its new title', async () => {
    const cited = await findByNumber('28/KH-UBND');
    const citing = await findByNumber('78/BC-UBND');
    expect(citing.cites).toContain('28/KH-UBND');
    expect(await pageText(citing.slug)).toContain(cited.title);

    const newTitle = `Kế hoạch cải cách hành chính thị trấn năm 2024 (sửa lần ${Date.now()})`;
    const submitted = Date.now();
    const res = await fetch(`${portal.url}/api/v1/disclosures/${cited.id}`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ ...cited, title: newTitle, changeNote: 'Sửa tên kế hoạch.' }),
    });
    expect(res.status).toBe(200);

    await waitFor(async () => (await pageText(citing.slug)).includes(newTitle), 90_000, 500);
    console.log(`publish latency (API edit → citing page re-rendered): ${((Date.now() - submitted) / 1000).toFixed(1)} s`);
    expect(await pageText(cited.slug)).toContain(newTitle);
  });
});

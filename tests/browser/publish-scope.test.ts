import { describe, expect, inject, it } from 'vitest';
import { portalForThisFile, waitFor } from './browser.ts';

/**
 * An incremental publish re-renders the pages that show a changed document, not only its own
 * (schema/publish.ts pagesShowing). The demo report 78/BC-UBND cites the plan 28/KH-UBND; both
 * were seeded before the first build began, so the publisher's "changed since the previous build" rule cannot
 * be what re-renders the citing page: only the scope can.
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

describe('PUT /api/v1/disclosures/:id, then the incremental publish', () => {
  it('re-renders the detail page of a document that cites the edited one, with its new title', async () => {
    const cited = await findByNumber('28/KH-UBND');
    const citing = await findByNumber('78/BC-UBND');
    expect(citing.cites).toContain('28/KH-UBND');
    expect(await pageText(citing.slug)).toContain(cited.title);

    // The publisher also re-renders what changed within 60 s before the previous build began
    // (scripts/publisher/build.ts, `since`): the marker's build, which the edit's build follows,
    // starts once both documents are older than that, so only the scope can re-render the citing page.
    const older = Math.max(Date.parse(cited.updatedAt), Date.parse(citing.updatedAt)) + 61_000 - Date.now();
    if (older > 0) await new Promise((r) => setTimeout(r, older));
    // Wait until earlier publishes have gone live, so the edit below is published on its own,
    // with its own scope.
    const marker = `Mốc chờ xuất bản ${Date.now()}`;
    const created = await fetch(`${portal.url}/api/v1/disclosures`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: marker, summary: 'Chờ các lần xuất bản trước.', category: 'thu-tuc-hanh-chinh', issuedOn: '2025-03-03', issuer: 'Ủy ban nhân dân thị trấn Bình Dương', channels: ['portal'], postingStart: '2025-03-03', permanent: true, publish: true }),
    });
    expect(created.status).toBe(201);
    const { slug: markerSlug } = (await created.json()) as Item;
    await waitFor(async () => (await fetch(`${portal.url}/cong-khai/${markerSlug}/`)).status === 200, 90_000, 500);

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

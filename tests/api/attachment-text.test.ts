import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { rebuildSearchIndex, refreshSearchEntries, searchPortal } from '../../schema/publishing/search.db.ts';
import { disclosurePath } from '../../schema/publishing/paths.ts';
import { makePdf } from '../browser/pdf.ts';
import { api, call, makeOfficial, sampleDisclosure, type Official } from '../helpers.ts';

/**
 * The words inside a PDF attachment (migration 0032): read in the Worker when the file is
 * attached through the API, on real D1 and R2, and searched with the item they belong to
 * (schema/publishing/search.db.ts) while the file is attached. Each test keys its item with a word of its own.
 */

type Json = Record<string, any>;

/** A word no other record has: letters only, so the index and the PDF both keep it as one word. */
const newWord = () => `tep${crypto.randomUUID().replace(/[^a-f]/g, '').slice(0, 10)}`;

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

async function publishedItem(official: Official): Promise<Json> {
  const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true, summary: 'Kèm biên bản nghiệm thu.' }));
  expect(res.status).toBe(201);
  return (await res.json()) as Json;
}

function attach(official: Official, id: number, bytes: Uint8Array<ArrayBuffer>, name = 'bien-ban.pdf'): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes], name));
  form.set('changeNote', 'Bổ sung biên bản nghiệm thu');
  return call(`/api/v1/disclosures/${id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
}

const storedText = async (attachmentId: number) =>
  (await env.DB.prepare('SELECT text_content FROM attachments WHERE id = ?').bind(attachmentId).first<{ text_content: string | null }>())!.text_content;

/**
 * A text PDF of several pages, each a list of lines of ASCII text (Helvetica). makePdf puts its
 * text on one line, and pdf.js leaves out what runs off the page, so a long text needs lines.
 */
function pagesPdf(pages: string[][]): Uint8Array<ArrayBuffer> {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const kids: string[] = [];
  for (const lines of pages) {
    const content = `BT /F1 10 Tf 12 TL 36 760 Td ${lines.map((l) => `(${l.replace(/[()\\]/g, '')}) Tj T*`).join(' ')} ET`;
    objects.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${objects.length} 0 R >>`);
    kids.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${kids.length} >>`;
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(new TextEncoder().encode(pdf));
}

/** The paths of the results for `query`. */
const found = async (query: string) => (await searchPortal(env.DB, query, { limit: 100 })).results.map((r) => r.path);

describe('POST /api/v1/disclosures/:id/attachments', () => {
  // The first PDF of the isolate loads pdf.js (a 2 MB module): seconds in workerd beside other test files.
  it('stores the words of a text PDF, and search finds the item by a word only its PDF holds', { timeout: 30_000 }, async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    const word = newWord();
    await rebuildSearchIndex(env.DB);
    expect(await found(word)).toEqual([]);

    const res = await attach(official, item.id, makePdf(`Bien ban  ${word}   hang muc mat duong`));
    expect(res.status).toBe(201);
    const file = (await res.json()) as Json;
    // White space collapsed; the text is not part of the API's answer (nor of any listing).
    expect(await storedText(file.id)).toBe(`Bien ban ${word} hang muc mat duong`);
    expect(file).not.toHaveProperty('textContent');

    await rebuildSearchIndex(env.DB);
    const page = await searchPortal(env.DB, word);
    expect(page.results.map((r) => r.path)).toEqual([disclosurePath(item as { slug: string })]);
    // The excerpt is cut from the PDF's words, around the match.
    const [result] = page.results;
    expect(result!.excerpt.text).toContain(`Bien ban ${word} hang muc mat duong`);
    expect(result!.excerpt.marks.map(({ start, end }) => result!.excerpt.text.slice(start, end))).toEqual([word]);
  });

  it("no longer finds a withdrawn file's words after a refresh", async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    const kept = newWord();
    const withdrawn = newWord();
    const first = (await (await attach(official, item.id, makePdf(`Phu luc ${kept}`), 'phu-luc.pdf')).json()) as Json;
    const second = (await (await attach(official, item.id, makePdf(`Du thao ${withdrawn}`), 'du-thao.pdf')).json()) as Json;
    expect([first.id, second.id].every(Number.isInteger)).toBe(true);
    expect(await refreshSearchEntries(env.DB, 'disclosure', [item.id])).toBe(1);
    const path = disclosurePath(item as { slug: string });
    expect(await found(kept)).toEqual([path]);
    expect(await found(withdrawn)).toEqual([path]);

    const current = (await (await api(official, 'GET', `/api/v1/disclosures/${item.id}`)).json()) as Json;
    const res = await api(official, 'POST', `/api/v1/disclosures/${item.id}/attachments/${second.id}/withdraw`, { reason: 'Tải nhầm bản dự thảo' });
    expect(res.status).toBe(200);
    expect(((await (await api(official, 'GET', `/api/v1/disclosures/${item.id}`)).json()) as Json).version).toBe(current.version + 1);
    expect(await refreshSearchEntries(env.DB, 'disclosure', [item.id])).toBe(1);
    expect(await found(withdrawn)).toEqual([]);
    // The other file is still attached, and its words still find the item.
    expect(await found(kept)).toEqual([path]);
  });

  it('does not index a file that waits for a second approver (four eyes)', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    await setFourEyes(true);
    try {
      const word = newWord();
      const res = await attach(official, item.id, makePdf(`Cho duyet ${word}`));
      expect(res.status).toBe(202);
      // Its words are read now, when the file comes in; they are indexed once it is approved.
      const pending = await env.DB.prepare("SELECT state, text_content FROM attachments WHERE disclosure_id = ?").bind(item.id).all<{ state: string; text_content: string }>();
      expect(pending.results).toEqual([{ state: 'pending', text_content: `Cho duyet ${word}` }]);
      await rebuildSearchIndex(env.DB);
      expect(await found(word)).toEqual([]);
    } finally {
      await setFourEyes(false);
    }
  });

  it('attaches a "PDF" that passes the type check but cannot be read, with no text', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    const garbage = new TextEncoder().encode(`%PDF-1.7\n${crypto.randomUUID()} not a PDF at all\n%%EOF\n`);
    const res = await attach(official, item.id, garbage, 'hong.pdf');
    expect(res.status).toBe(201);
    const file = (await res.json()) as Json;
    expect(await storedText(file.id)).toBeNull();
    // Stored and served like any other file.
    const served = await call(file.url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(garbage);
    expect(await rebuildSearchIndex(env.DB)).toBeGreaterThan(0);
  });

  it('stores NULL, not an empty string, for a PDF without text (as a scan is)', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    const res = await attach(official, item.id, makePdf(''), 'ban-scan.pdf');
    expect(res.status).toBe(201);
    expect(await storedText(((await res.json()) as Json).id)).toBeNull();
  });

  it('keeps the first 20,000 characters of a long PDF, over its pages, and no more', async () => {
    await setFourEyes(false);
    const official = await makeOfficial();
    const item = await publishedItem(official);
    const early = newWord();
    const late = newWord();
    // 8 pages of 50 lines of 63 characters: 25,200 characters, the cap reached on page 7.
    const line = (p: number, l: number) => `Trang ${p} dong ${String(l).padStart(2, '0')} noi dung bien ban nghiem thu cong trinh`.padEnd(63, '.');
    const pages = Array.from({ length: 8 }, (_, p) => Array.from({ length: 50 }, (_, l) => line(p + 1, l + 1)));
    pages[0]![0] = `${early} ${pages[0]![0]!}`.slice(0, 63);
    pages[7]![49] = late;
    const res = await attach(official, item.id, pagesPdf(pages), 'dai.pdf');
    expect(res.status).toBe(201);
    const text = await storedText(((await res.json()) as Json).id);
    expect(text).toHaveLength(20_000);
    expect(text!.startsWith(`${early} Trang 1 dong 01`)).toBe(true);
    expect(text).toContain('Trang 2 dong 01 noi dung');
    expect(text).not.toContain('Trang 8');
    await refreshSearchEntries(env.DB, 'disclosure', [item.id]);
    expect(await found(early)).toEqual([disclosurePath(item as { slug: string })]);
    expect(await found(late)).toEqual([]);
  });
});

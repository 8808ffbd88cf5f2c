import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listAllAttachments } from '../../schema/disclosure/attachments.db.ts';
import { api, call, makeOfficial, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

/** Issue 22.12: withdrawing a disclosure pulls its files in the same act, through the Worker on real D1 and R2. */

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

describe('POST /api/v1/disclosures/:id/withdraw', () => {
  it('with four eyes on, the withdrawing approver pulls every file at once: /tep/… answers 410, not cached, and each is listed for the page as withdrawn with the reason', async () => {
    const first = await makeOfficial();
    const second = await makeOfficial();
    await setFourEyes(false);
    const item = (await (await api(first, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);
    const files: Json[] = [];
    for (const name of ['Quyết định.pdf', 'Phụ lục.pdf']) {
      const form = new FormData();
      form.set('file', new File([bytes.slice(), new TextEncoder().encode(name)], name));
      form.set('changeNote', `Đính kèm ${name}`);
      const res = await call(`/api/v1/disclosures/${item.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${first.token}` }, body: form });
      expect(res.status).toBe(201);
      files.push((await res.json()) as Json);
    }
    const served = await call(files[0]!.url);
    expect(served.status).toBe(200);
    // Kept by caches, but asked again each time: the answer after a withdrawal is seen at once.
    expect(served.headers.get('cache-control')).toBe('public, no-cache');
    await served.arrayBuffer();
    const revalidated = await call(files[0]!.url, { headers: { 'if-none-match': served.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);

    await setFourEyes(true);
    const current = (await (await api(second, 'GET', `/api/v1/disclosures/${item.id}`)).json()) as Json;
    const res = await api(second, 'POST', `/api/v1/disclosures/${item.id}/withdraw`, { version: current.version, reason: 'Văn bản đã bị thay thế bởi 15/QĐ-UBND' });
    expect(res.status).toBe(200);

    for (const f of files) {
      const gone = await call(f.url);
      expect(gone.status).toBe(410);
      expect(gone.headers.get('cache-control')).toBe('no-store');
      const html = await gone.text();
      expect(html).toContain('Tệp đã rút');
      expect(html).toContain('Văn bản đã bị thay thế bởi 15/QĐ-UBND');
      // A cached copy asking again learns it too.
      expect((await call(f.url, { headers: { 'if-none-match': `"${f.sha256}"` } })).status).toBe(410);
    }
    // No revision waits for a second approver; the files' state, reason and audit rows are stored with the withdrawal.
    const open = await env.DB.prepare("SELECT count(*) AS n FROM pending_revisions WHERE entity = 'disclosure' AND disclosure_id = ? AND decision IS NULL").bind(item.id).first<{ n: number }>();
    expect(open!.n).toBe(0);
    const listed = (await listAllAttachments(env.DB, ['attached', 'withdrawn'])).get(item.id) ?? [];
    expect(listed.map((f) => [f.state, f.withdrawalReason])).toEqual([
      ['withdrawn', 'Văn bản đã bị thay thế bởi 15/QĐ-UBND'],
      ['withdrawn', 'Văn bản đã bị thay thế bởi 15/QĐ-UBND'],
    ]);
    const audit = await env.DB.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'attachment' AND action = 'withdraw' AND entity_id IN (?, ?)`)
      .bind(String(files[0]!.id), String(files[1]!.id))
      .first<{ n: number }>();
    expect(audit!.n).toBe(2);
    // Nothing published is destroyed: the bytes stay in R2.
    expect(await env.FILES.head(listed[0]!.objectKey)).not.toBeNull();
    await setFourEyes(false);
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { adminCookie, call, makeOfficial, ORIGIN } from '../helpers.ts';

/**
 * Issue 22.2: the PDF chosen on "Thêm nội dung" survives a refusal of the form. It is kept in R2
 * (the real local bucket), private to the official, shown as "Đã giữ tệp: …", and attached by the
 * next successful save; it can be replaced or removed.
 */

const pdfBytes = () => new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);

function form(fields: Record<string, string>, file?: File): FormData {
  const f = new FormData();
  const base: Record<string, string> = {
    category: 'quy-hoach',
    issuedOn: '02/05/2025',
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
    summary: 'Thông báo quy hoạch khu dân cư.',
    channels: 'office_board',
    postingStart: '02/05/2025',
    postingEnd: '05/06/2025',
    action: 'draft',
  };
  for (const [k, v] of Object.entries({ ...base, ...fields })) f.append(k, v);
  if (file) f.append('file', file);
  return f;
}

const post = (cookie: string, body: FormData) => call('/admin/cong-khai/moi', { method: 'POST', headers: { cookie, origin: ORIGIN }, body, redirect: 'manual' });
const keptIdOf = (html: string) => Number(/name="keptFile" value="(\d+)"/.exec(html)?.[1]);
const pendingRow = (id: number) => env.DB.prepare('SELECT * FROM pending_uploads WHERE id = ?').bind(id).first<{ object_key: string; account_id: number }>();
const attachmentsOf = (title: string) =>
  env.DB.prepare('SELECT a.file_name, a.sha256 FROM attachments a JOIN disclosures d ON d.id = a.disclosure_id WHERE d.title = ?').bind(title).all<{ file_name: string; sha256: string }>();

describe('POST /admin/cong-khai/moi refused with a file chosen', () => {
  it('keeps the file, says "Đã giữ tệp", and attaches it when the corrected form is saved', async () => {
    const official = await makeOfficial();
    const cookie = await adminCookie(official);
    const bytes = pdfBytes();
    const refused = await post(cookie, form({ title: '' }, new File([bytes], 'Thông báo quy hoạch.pdf')));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Đã giữ tệp: <strong>Thông báo quy hoạch.pdf</strong>');
    expect(html).toContain('Chọn tệp khác để thay');
    expect(html).toContain('Bỏ tệp đã giữ');
    const keptId = keptIdOf(html);
    const row = (await pendingRow(keptId))!;
    expect(row.account_id).toBe(official.accountId);
    const object = await env.FILES.get(row.object_key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);

    const title = `Thông báo có tệp giữ lại ${crypto.randomUUID().slice(0, 8)}`;
    const saved = await post(cookie, form({ title, keptFile: String(keptId) }));
    expect(saved.status).toBe(303);
    const { results } = await attachmentsOf(title);
    expect(results).toEqual([{ file_name: 'Thông báo quy hoạch.pdf', sha256: await sha256Hex(bytes) }]);
    // Attached: the kept copy is gone from the table and the bucket.
    expect(await pendingRow(keptId)).toBeNull();
    expect(await env.FILES.head(row.object_key)).toBeNull();
  });

  it('a new file chosen replaces the kept one; the tick removes it', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const first = keptIdOf(await (await post(cookie, form({ title: '' }, new File([pdfBytes()], 'cu.pdf')))).text());
    const firstKey = (await pendingRow(first))!.object_key;
    const replacement = pdfBytes();
    const title = `Thông báo thay tệp ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post(cookie, form({ title, keptFile: String(first) }, new File([replacement], 'moi.pdf')))).status).toBe(303);
    expect((await attachmentsOf(title)).results).toEqual([{ file_name: 'moi.pdf', sha256: await sha256Hex(replacement) }]);
    expect(await env.FILES.head(firstKey)).toBeNull();

    const second = keptIdOf(await (await post(cookie, form({ title: '' }, new File([pdfBytes()], 'bo.pdf')))).text());
    const none = `Thông báo bỏ tệp ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post(cookie, form({ title: none, keptFile: String(second), removeKeptFile: 'on' }))).status).toBe(303);
    expect((await attachmentsOf(none)).results).toEqual([]);
    expect(await pendingRow(second)).toBeNull();
  });

  it("another official cannot attach someone's kept file, and an expired one is not used", async () => {
    const ownerCookie = await adminCookie(await makeOfficial());
    const kept = keptIdOf(await (await post(ownerCookie, form({ title: '' }, new File([pdfBytes()], 'rieng.pdf')))).text());
    const other = await adminCookie(await makeOfficial());
    const title = `Thông báo của người khác ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post(other, form({ title, keptFile: String(kept) }))).status).toBe(303);
    expect((await attachmentsOf(title)).results).toEqual([]);
    expect(await pendingRow(kept)).not.toBeNull();

    await env.DB.prepare('UPDATE pending_uploads SET expires_at = ? WHERE id = ?').bind(new Date(Date.now() - 1000).toISOString(), kept).run();
    const late = `Thông báo tệp hết hạn ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post(ownerCookie, form({ title: late, keptFile: String(kept) }))).status).toBe(303);
    expect((await attachmentsOf(late)).results).toEqual([]);
  });

  it('keeps the file of a form sent after the session ended, and shows it on the restored form', async () => {
    const official = await makeOfficial();
    const cookie = await adminCookie(official);
    const token = decodeURIComponent(cookie.split('=')[1]!);
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').bind(new Date(Date.now() - 60_000).toISOString(), await sha256Hex(token)).run();
    const bytes = pdfBytes();
    const title = `Thông báo gửi khi hết phiên ${crypto.randomUUID().slice(0, 8)}`;
    expect((await post(cookie, form({ title }, new File([bytes], 'het-phien.pdf')))).headers.get('location')).toContain('het-phien');
    const again = await call('/admin/dang-nhap?tiep=%2Fadmin%2Fcong-khai%2Fmoi', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ email: official.email, password: official.password }),
      redirect: 'manual',
    });
    const fresh = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await (await call(again.headers.get('location')!, { headers: { cookie: fresh } })).text();
    expect(html).toContain(`value="${title}"`);
    expect(html).toContain('Đã giữ tệp: <strong>het-phien.pdf</strong>');
    expect(html).not.toContain('Tệp đã chọn không được giữ lại');
    expect((await post(fresh, form({ title, keptFile: String(keptIdOf(html)) }))).status).toBe(303);
    expect((await attachmentsOf(title)).results).toEqual([{ file_name: 'het-phien.pdf', sha256: await sha256Hex(bytes) }]);
  });

  it('keeps no file that is itself refused (HTML named .pdf)', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const res = await post(cookie, form({ title: '' }, new File(['<html><script>alert(1)</script>'], 'gia.pdf')));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain('Đã giữ tệp');
    expect(html).not.toContain('name="keptFile"');
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { getConsultation } from '../../schema/consultation/consultations.db.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { adminCookie, call, makeOfficial, ORIGIN } from '../helpers.ts';

/** Issue 22.4: a consultation's draft document chosen when it is created; added later to a published one, with a public reason. */

const today = todayInVietnam();
const pdf = (name: string) => new File([new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`)], name);
const post = (path: string, cookie: string, body: FormData) => call(path, { method: 'POST', headers: { cookie, origin: ORIGIN }, body, redirect: 'manual' });

function newForm(title: string, file: File): FormData {
  const f = new FormData();
  for (const [k, v] of [['title', title], ['subject', 'socio_economic_plan'], ['summary', 'Dự thảo kế hoạch năm sau.'], ['channels', 'portal'], ['action', 'draft']]) f.append(k!, v!);
  f.append('file', file);
  return f;
}

async function publishedConsultation() {
  const ctx = { db: env.DB, actor: scriptActor('Thử nghiệm'), now: new Date().toISOString() };
  const { value } = await createConsultation(ctx, {
    title: `Lấy ý kiến đã công khai (${crypto.randomUUID().slice(0, 8)})`,
    subject: 'socio_economic_plan',
    summary: 'Dự thảo kế hoạch năm sau.',
    opensOn: addDays(today, -1),
    closesOn: addDays(today, 20),
    channels: ['meeting', 'portal'],
    publish: true,
  });
  return value;
}

const byTitle = (title: string) => env.DB.prepare('SELECT id FROM consultations WHERE title = ?').bind(title).first<{ id: number }>();

async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

describe('POST /admin/lay-y-kien/moi with a draft document', () => {
  it('stores the consultation with its draft document, served to officials while it is a draft', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const page = await (await call('/admin/lay-y-kien/moi', { headers: { cookie } })).text();
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toMatch(/<input type="file" id="file" name="file"/);
    const title = `Lấy ý kiến kèm dự thảo ${crypto.randomUUID().slice(0, 8)}`;
    const file = pdf('Dự thảo quy chế.pdf');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const res = await post('/admin/lay-y-kien/moi', cookie, newForm(title, file));
    expect(res.status).toBe(303);
    const { id } = (await byTitle(title))!;
    const stored = (await getConsultation(env.DB, id))!;
    const sha = await sha256Hex(bytes);
    expect(stored.draftDocument).toMatchObject({ fileName: 'Dự thảo quy chế.pdf', contentType: 'application/pdf', sha256: sha, objectKey: `tep/y-kien/${id}/${sha}` });
    expect(stored.changeNotes).toEqual([]);
    const path = `/tep/y-kien/${id}/${encodeURIComponent('Dự thảo quy chế.pdf')}`;
    expect((await call(path)).status).toBe(404);
    const served = await call(path, { headers: { cookie } });
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it('refuses a file that is not what its name says and stores no consultation', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const title = `Lấy ý kiến tệp giả ${crypto.randomUUID().slice(0, 8)}`;
    const res = await post('/admin/lay-y-kien/moi', cookie, newForm(title, new File(['<html><script>alert(1)</script>'], 'du-thao.pdf')));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('không phải PDF');
    expect(await byTitle(title)).toBeNull();
  });
});

describe('POST /admin/lay-y-kien/:id/tep on a published consultation', () => {
  const upload = (id: number, version: number, file: File, changeNote?: string) => {
    const f = new FormData();
    f.set('version', String(version));
    f.set('file', file);
    if (changeNote !== undefined) f.set('changeNote', changeNote);
    return f;
  };

  it('asks for a public reason and changes nothing without one', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const c = await publishedConsultation();
    const page = await (await call(`/admin/lay-y-kien/${c.id}`, { headers: { cookie } })).text();
    expect(page).toContain('Lý do thêm hoặc thay tệp (công khai)');
    const res = await post(`/admin/lay-y-kien/${c.id}/tep`, cookie, upload(c.id, c.version, pdf('du-thao.pdf'), ''));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('hãy ghi lý do thêm hoặc thay tệp dự thảo');
    const after = (await getConsultation(env.DB, c.id))!;
    expect([after.draftDocument, after.version, after.changeNotes]).toEqual([null, c.version, []]);
  });

  it('with a reason, serves the file and lists the change with its reason in the public history', async () => {
    const cookie = await adminCookie(await makeOfficial());
    const c = await publishedConsultation();
    const res = await post(`/admin/lay-y-kien/${c.id}/tep`, cookie, upload(c.id, c.version, pdf('du-thao-lan-2.pdf'), 'Bổ sung dự thảo đã sửa theo góp ý.'));
    expect(res.status).toBe(303);
    const after = (await getConsultation(env.DB, c.id))!;
    expect(after.draftDocument?.fileName).toBe('du-thao-lan-2.pdf');
    expect(after.changeNotes.map((n) => n.note)).toEqual(['Thêm tệp dự thảo "du-thao-lan-2.pdf": Bổ sung dự thảo đã sửa theo góp ý.']);
    expect((await call(`/tep/y-kien/${c.id}/du-thao-lan-2.pdf`)).status).toBe(200);
    // A second file replaces the first, and says so.
    await post(`/admin/lay-y-kien/${c.id}/tep`, cookie, upload(c.id, after.version, pdf('du-thao-lan-3.pdf'), 'Sửa lỗi chính tả ở Điều 3.'));
    expect((await getConsultation(env.DB, c.id))!.changeNotes.map((n) => n.note)[1]).toBe('Thay tệp dự thảo "du-thao-lan-3.pdf": Sửa lỗi chính tả ở Điều 3.');
  });

  it('with four eyes on, waits for a second approver, who publishes it with the reason in the history', async () => {
    const [author, second] = [await makeOfficial(), await makeOfficial()];
    const c = await publishedConsultation();
    await setFourEyes(true);
    try {
      const res = await post(`/admin/lay-y-kien/${c.id}/tep`, await adminCookie(author), upload(c.id, c.version, pdf('du-thao.pdf'), 'Đăng dự thảo của Ban soạn thảo.'));
      expect(res.headers.get('location')).toBe(`/admin/lay-y-kien/${c.id}?cho-duyet`);
      expect((await getConsultation(env.DB, c.id))!.draftDocument).toBeNull();
      const open = await env.DB.prepare("SELECT id, change_note FROM pending_revisions WHERE entity = 'consultation' AND record_id = ? AND decision IS NULL")
        .bind(c.id)
        .first<{ id: number; change_note: string }>();
      expect(open!.change_note).toBe('Thêm tệp dự thảo "du-thao.pdf": Đăng dự thảo của Ban soạn thảo.');
      const approve = await call(`/admin/lay-y-kien/${c.id}/thay-doi/${open!.id}/duyet`, {
        method: 'POST',
        headers: { cookie: await adminCookie(second), origin: ORIGIN },
        body: new URLSearchParams(),
        redirect: 'manual',
      });
      expect(approve.status).toBe(303);
      const after = (await getConsultation(env.DB, c.id))!;
      expect(after.draftDocument?.fileName).toBe('du-thao.pdf');
      expect(after.changeNotes.map((n) => n.note)).toEqual(['Thêm tệp dự thảo "du-thao.pdf": Đăng dự thảo của Ban soạn thảo.']);
    } finally {
      await setFourEyes(false);
    }
  });
});

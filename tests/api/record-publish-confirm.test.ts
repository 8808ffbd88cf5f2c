import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, call, makeOfficial, ORIGIN, sessionOf } from '../helpers.ts';

/**
 * "Lưu và công khai" on the forms of decisions by the people, supervision boards and activities,
 * and consultations asks before publishing, as the disclosure form does (issue 15, item 6): the
 * record is stored as a draft, a server-rendered page names it, and only its "Công khai" button
 * publishes. A draft's own "Công khai" button goes through the same page.
 */

type Kind = { name: string; table: string; entity: string; base: string; fields: () => Promise<[string, string][]>; label: (fields: [string, string][]) => string };

/** The unit's two-person rule; the unit row may not exist yet in this file's database. */
async function setFourEyes(on: boolean) {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', ?) ON CONFLICT (id) DO UPDATE SET four_eyes = excluded.four_eyes",
  )
    .bind(on ? 1 : 0)
    .run();
}

const unique = () => crypto.randomUUID().slice(0, 8);
const field = (fields: [string, string][], name: string) => fields.find(([k]) => k === name)![1];

let boardId: number | undefined;
/** A board for the activities to belong to, made once through the API. */
async function aBoard(): Promise<number> {
  if (boardId === undefined) {
    const res = await api(await makeOfficial(), 'POST', '/api/v1/supervision/boards', { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân ${unique()}` });
    boardId = ((await res.json()) as { id: number }).id;
  }
  return boardId;
}

const KINDS: Kind[] = [
  {
    name: 'decision',
    table: 'decisions',
    entity: 'decision',
    base: '/admin/nhan-dan/quyet-dinh',
    fields: async () => [['title', `Bàn hương ước khu phố ${unique()}`], ['matter', 'huong_uoc'], ['summary', 'Rà soát hương ước.']],
    label: (f) => field(f, 'title'),
  },
  {
    name: 'supervision board',
    table: 'supervision_boards',
    entity: 'supervision_board',
    base: '/admin/nhan-dan/ban',
    fields: async () => [['kind', 'thanh_tra_nhan_dan'], ['name', `Ban thanh tra nhân dân ${unique()}`]],
    label: (f) => field(f, 'name'),
  },
  {
    name: 'supervision activity',
    table: 'supervision_activities',
    entity: 'supervision_activity',
    base: '/admin/nhan-dan/hoat-dong',
    fields: async () => [['boardId', String(await aBoard())], ['kind', 'ke_hoach'], ['title', `Kế hoạch giám sát ${unique()}`], ['body', 'Giám sát việc thu chi quỹ.']],
    label: (f) => field(f, 'title'),
  },
  {
    name: 'consultation',
    table: 'consultations',
    entity: 'consultation',
    base: '/admin/lay-y-kien',
    fields: async () => [['title', `Lấy ý kiến bồi thường ${unique()}`], ['subject', 'compensation'], ['summary', 'Phương án bồi thường.'], ['opensOn', '2025-06-01'], ['closesOn', '2025-06-30'], ['channels', 'portal']],
    label: (f) => field(f, 'title'),
  },
];

async function login(): Promise<string> {
  const official = await makeOfficial();
  const res = await call('/admin/dang-nhap', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    body: new URLSearchParams({ email: official.email, password: official.password }),
    redirect: 'manual',
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

const postForm = (path: string, cookie: string, fields: [string, string][]) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN }, body: new URLSearchParams(fields), redirect: 'manual' });
const stored = (k: Kind, label: string) =>
  env.DB.prepare(`SELECT id, status FROM ${k.table} WHERE ${k.table === 'supervision_boards' ? 'name' : 'title'} = ?`).bind(label).first<{ id: number; status: string }>();
const audit = async (k: Kind, id: number) =>
  (await env.DB.prepare('SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(k.entity, String(id)).all<{ action: string }>()).results.map((r) => r.action);
/** "Công khai “…”?" as the page renders the record's name. */
const named = (label: string) => `Công khai “${label}”?`;

describe.each(KINDS)('"Lưu và công khai" on the new $name form', (k) => {
  it('stores a draft (audit create), answers the confirmation naming it, and publishes on "Công khai" (audit publish)', async () => {
    await setFourEyes(false);
    const cookie = await login();
    const fields = await k.fields();
    const label = k.label(fields);
    const res = await postForm(`${k.base}/moi`, cookie, [...fields, ['action', 'publish']]);
    expect(res.status).toBe(303);
    const row = (await stored(k, label))!;
    expect(row.status).toBe('draft');
    expect(await audit(k, row.id)).toEqual(['create']);
    expect(res.headers.get('location')).toBe(`${k.base}/${row.id}/cong-khai?moi`);

    const ask = await call(res.headers.get('location')!, { headers: { cookie } });
    expect(ask.status).toBe(200);
    const html = await ask.text();
    expect(html).toContain(named(label));
    expect(html).toContain('Đã lưu thành bản nháp; chưa công khai.');
    expect(html).toContain(`<form method="post" action="${k.base}/${row.id}/cong-khai">`);
    expect(html).toContain('<input type="hidden" name="xac-nhan" value="1"/>');
    expect(html).toContain(`<a href="${k.base}/${row.id}">Quay lại, không làm gì</a>`);

    const done = await postForm(`${k.base}/${row.id}/cong-khai`, cookie, [['version', '1'], ['xac-nhan', '1']]);
    expect(done.status).toBe(303);
    expect((await stored(k, label))!.status).toBe('published');
    expect(await audit(k, row.id)).toEqual(['create', 'publish']);
    const after = await (await call(done.headers.get('location')!, { headers: { cookie } })).text();
    expect(after).toContain('Đã công khai. Trang công khai sẽ hiện thay đổi sau vài giây');
  });

  it('sends a draft\'s "Công khai" button to the same confirmation, publishing nothing', async () => {
    await setFourEyes(false);
    const cookie = await login();
    const fields = await k.fields();
    const label = k.label(fields);
    await postForm(`${k.base}/moi`, cookie, [...fields, ['action', 'draft']]);
    const row = (await stored(k, label))!;
    const res = await postForm(`${k.base}/${row.id}/cong-khai`, cookie, [['version', '1']]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(named(label));
    expect(html).not.toContain('Đã lưu thành bản nháp');
    expect((await stored(k, label))!.status).toBe('draft');
    expect(await audit(k, row.id)).toEqual(['create']);
  });

  it('refuses an editor on the form with the roles message, the form filled in, nothing stored', async () => {
    const { cookie } = await sessionOf('editor');
    const fields = await k.fields();
    const label = k.label(fields);
    const res = await postForm(`${k.base}/moi`, cookie, [...fields, ['action', 'publish']]);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('Tài khoản biên tập không được');
    expect(html).toContain(`value="${label}"`);
    expect(await stored(k, label)).toBeNull();
  });
});

describe('"Công bố kết quả" on a consultation result not yet published', () => {
  it('with four eyes on, refuses on the form, before any confirmation, the approver who typed the result, and stores nothing', async () => {
    await setFourEyes(false);
    const cookie = await login();
    const title = `Lấy ý kiến đã kết thúc ${unique()}`;
    await postForm('/admin/lay-y-kien/moi', cookie, [['title', title], ['subject', 'compensation'], ['summary', 'Phương án bồi thường.'], ['opensOn', '2025-06-01'], ['closesOn', '2025-06-30'], ['channels', 'portal'], ['action', 'draft']]);
    const { id } = (await env.DB.prepare('SELECT id FROM consultations WHERE title = ?').bind(title).first<{ id: number }>())!;
    await postForm(`/admin/lay-y-kien/${id}/cong-khai`, cookie, [['version', '1'], ['xac-nhan', '1']]);
    await setFourEyes(true);
    try {
      const res = await postForm(`/admin/lay-y-kien/${id}/ket-qua`, cookie, [
        ['version', '2'], ['theme1', 'Mức bồi thường'], ['outcome1', 'explained'], ['response1', 'Theo bảng giá đất của tỉnh.'], ['action', 'publish'],
      ]);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('người soạn hoặc sửa sau cùng không tự công khai được');
      expect(html).toContain('value="Mức bồi thường"');
      const row = (await env.DB.prepare('SELECT summary_status, themes, version FROM consultations WHERE id = ?').bind(id).first())!;
      expect(row).toEqual({ summary_status: 'none', themes: '[]', version: 2 });
    } finally {
      await setFourEyes(false);
    }
  });
});

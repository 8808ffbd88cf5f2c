import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../../functions/index.ts';
import { sha256Hex } from '../../schema/core/crypto.ts';
import {
  BACKUP_TABLES,
  backupFiles,
  exportBackup,
  isDerivedTable,
  restoreBackup,
  TRANSIENT_TABLES,
  type BackupFileStore,
} from '../../schema/core/backup.db.ts';
import { searchPortal } from '../../schema/publishing/search.db.ts';
import { api, call, countRows, makeOfficial, ORIGIN, sampleDisclosure, makeEditor } from '../helpers.ts';

type Json = Record<string, any>;

async function withFourEyes<T>(fn: () => Promise<T>): Promise<T> {
  await env.DB.prepare(
    "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', 1) ON CONFLICT (id) DO UPDATE SET four_eyes = 1",
  ).run();
  try {
    return await fn();
  } finally {
    await env.DB.prepare('UPDATE unit SET four_eyes = 0 WHERE id = 1').run();
  }
}

describe('review: editors and approvers', () => {
  it('an editor saves drafts but cannot publish; an approver can', async () => {
    const editor = await makeEditor();
    expect((await api(editor, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).status).toBe(403);
    const draft = (await (await api(editor, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    expect(draft.status).toBe('draft');
    expect((await api(editor, 'POST', `/api/v1/disclosures/${draft.id}/publish`, { version: 1 })).status).toBe(403);
    const approver = await makeOfficial();
    expect((await api(approver, 'POST', `/api/v1/disclosures/${draft.id}/publish`, { version: 1 })).status).toBe(200);
  });

  it('with four eyes, whoever last wrote an item cannot publish it', async () => {
    await withFourEyes(async () => {
      const author = await makeOfficial();
      const other = await makeOfficial();
      const res = await api(author, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }));
      expect(res.status).toBe(403);
      expect(((await res.json()) as Json).error.message).toContain('hai người');
      const draft = (await (await api(author, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
      expect((await api(author, 'POST', `/api/v1/disclosures/${draft.id}/publish`, { version: 1 })).status).toBe(403);
      expect((await api(other, 'POST', `/api/v1/disclosures/${draft.id}/publish`, { version: 1 })).status).toBe(200);
    });
  });
});

describe('review: what only an approver may do to a published item', () => {
  async function publishedItem() {
    const approver = await makeOfficial();
    const item = (await (await api(approver, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    return { approver, item };
  }

  it('refuses an editor\'s edit of a published item with 403 and stores nothing', async () => {
    const { item } = await publishedItem();
    const editor = await makeEditor();
    const before = await countRows('audit_log');
    const res = await api(editor, 'PUT', `/api/v1/disclosures/${item.id}`, {
      ...sampleDisclosure({ title: 'Sửa bởi biên tập viên' }),
      version: item.version,
      changeNote: 'Sửa lỗi chính tả',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as Json).error.message).toMatch(/người duyệt/);
    const stored = (await env.DB.prepare('SELECT title, version FROM disclosures WHERE id = ?').bind(item.id).first<Json>())!;
    expect(stored).toEqual({ title: item.title, version: item.version });
    expect(await countRows('audit_log')).toBe(before);
  });

  it('refuses an editor\'s withdrawal with 403 and leaves the item published', async () => {
    const { item } = await publishedItem();
    const editor = await makeEditor();
    const res = await api(editor, 'POST', `/api/v1/disclosures/${item.id}/withdraw`, { version: item.version, reason: 'Văn bản đã được thay thế' });
    expect(res.status).toBe(403);
    const stored = (await env.DB.prepare('SELECT status, version FROM disclosures WHERE id = ?').bind(item.id).first<Json>())!;
    expect(stored).toEqual({ status: 'published', version: item.version });
  });
});

describe('login throttling', () => {
  it('refuses even the right password after five failures for the account, with a Vietnamese message', async () => {
    const official = await makeOfficial();
    const attempt = (password: string) =>
      call('/admin/dang-nhap', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        body: new URLSearchParams({ email: official.email, password }),
        redirect: 'manual',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('sai-mat-khau')).status).toBe(401);
    const blocked = await attempt(official.password);
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Đăng nhập sai quá nhiều lần');
  });
});

describe('Idempotency-Key', () => {
  it('a retried create returns the first answer and stores one item', async () => {
    const official = await makeOfficial();
    const body = sampleDisclosure();
    const key = crypto.randomUUID();
    const first = await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key });
    const again = await api(official, 'POST', '/api/v1/disclosures', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as Json).id).toBe(((await first.json()) as Json).id);
    const rows = await env.DB.prepare('SELECT count(*) AS n FROM disclosures WHERE title = ?').bind(body.title).first<{ n: number }>();
    expect(rows!.n).toBe(1);
    const reused = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure(), { 'idempotency-key': key });
    expect(reused.status).toBe(422);
  });
});

describe('attachments', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

  it('stores a PDF in R2 with its SHA-256 and serves it with safe headers', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as Json;
    const form = new FormData();
    form.set('file', new File([pdf], '../../Dự toán 2025.pdf', { type: 'application/pdf' }));
    form.set('changeNote', 'Đính kèm dự toán');
    const res = await call(`/api/v1/disclosures/${created.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
    expect(res.status).toBe(201);
    const attachment = (await res.json()) as Json;
    expect(attachment.fileName).toBe('Dự toán 2025.pdf');
    expect(attachment.sha256).toBe(await crypto.subtle.digest('SHA-256', pdf).then((d) => [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')));
    const served = await call(attachment.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toContain("filename*=UTF-8''D%E1%BB%B1%20to%C3%A1n%202025.pdf");
    // Not kept unasked: a withdrawn file must stop being served at once (issues 15.1, 22.12).
    expect(served.headers.get('cache-control')).toBe('public, no-cache');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(pdf);
  });

  it('takes a 2 MB PDF and refuses one over 10 MB with a Vietnamese message', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const upload = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(pdf);
      bytes.fill(0x20, pdf.length);
      const form = new FormData();
      form.set('file', new File([bytes], 'lon.pdf'));
      return call(`/api/v1/disclosures/${created.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
    };
    expect((await upload(2 * 1024 * 1024)).status).toBe(201);
    const tooBig = await upload(11 * 1024 * 1024);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as Json).error.message).toContain('10 MB');
  });

  it.each([
    ['an HTML page named .pdf', new TextEncoder().encode('<!doctype html><script>alert(1)</script>'), 'trang.pdf'],
    ['an SVG image', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'anh.svg'],
  ])('refuses %s, by its content', async (_what, bytes, name) => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure())).json()) as Json;
    const before = await env.DB.prepare('SELECT count(*) AS n FROM attachments').first<{ n: number }>();
    const form = new FormData();
    form.set('file', new File([bytes], name));
    const res = await call(`/api/v1/disclosures/${created.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields[0].message).toContain('không phải PDF');
    expect((await env.DB.prepare('SELECT count(*) AS n FROM attachments').first<{ n: number }>())!.n).toBe(before!.n);
  });
});

describe('hostile input', () => {
  it('stores markup and SQL literally, and the admin shows it escaped', async () => {
    const official = await makeOfficial();
    const title = `<script>alert('x')</script>'; DROP TABLE disclosures; -- ${crypto.randomUUID().slice(0, 6)}`;
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ title }))).json()) as Json;
    expect(created.title).toBe(title);
    expect(await countRows('disclosures')).toBeGreaterThan(0);
    const login = await call('/admin/dang-nhap', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ email: official.email, password: official.password }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await call(`/admin/cong-khai/${created.id}`, { headers: { cookie } })).text();
    expect(page).not.toContain("<script>alert('x')</script>");
    expect(page).toContain('&lt;script&gt;');
  });

  it.each([
    ['an absurd date', { issuedOn: '9999-12-31' }, 'issuedOn'],
    ['a date that does not exist', { postingStart: '2025-02-30' }, 'postingStart'],
  ])('refuses %s', async (_what, change, field) => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure(change));
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields.map((f: Json) => f.field)).toContain(field);
  });

  it('answers an oversized body with 413 in Vietnamese and stores nothing', async () => {
    const official = await makeOfficial();
    const before = await countRows('disclosures');
    const res = await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ body: 'x'.repeat(1_200_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).error.message).toContain('lớn quá');
    expect(await countRows('disclosures')).toBe(before);
  });

  it('sends strict security headers on every Worker answer', async () => {
    const res = await call('/api/v1/openapi.json');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('backup and restore', () => {
  const restoreTarget = async () => {
    const { RESTORE_DB, RESTORE_FILES, TEST_MIGRATIONS } = env as unknown as { RESTORE_DB: D1Database; RESTORE_FILES: R2Bucket; TEST_MIGRATIONS: D1Migration[] };
    await applyD1Migrations(RESTORE_DB, TEST_MIGRATIONS);
    return { db: RESTORE_DB, files: RESTORE_FILES };
  };
  /** The backup's files, kept in memory as `npm run backup` keeps them in a folder. */
  const memoryStore = () => {
    const files = new Map<string, Uint8Array<ArrayBuffer>>();
    const store: BackupFileStore = { put: async (sha256, bytes) => void files.set(sha256, bytes), get: async (sha256) => files.get(sha256) ?? null };
    return { files, store };
  };
  /** A published item with two attachments, uploaded through the API. */
  const itemWithTwoFiles = async () => {
    const official = await makeOfficial();
    const item = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true, title: 'Sao lưu: Đường liên xã, thôn Đông' }))).json()) as Json;
    const upload = async (bytes: Uint8Array<ArrayBuffer>, name: string) => {
      const form = new FormData();
      form.set('file', new File([bytes], name));
      form.set('changeNote', 'Đính kèm hồ sơ');
      const res = await call(`/api/v1/disclosures/${item.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${official.token}` }, body: form });
      expect(res.status).toBe(201);
      return (await res.json()) as Json;
    };
    const pdf = new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);
    // A 200 kB PNG: bytes beyond the signature are random, so no two runs share a SHA-256.
    const png = new Uint8Array(200_000);
    crypto.getRandomValues(png.subarray(8, 65_544));
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return [await upload(pdf, 'Dự toán 2025.pdf'), await upload(png, 'Bản đồ thôn Đông.png')];
  };
  const isEmpty = async (target: { db: D1Database; files: R2Bucket }) =>
    (await target.db.prepare('SELECT (SELECT count(*) FROM disclosures) + (SELECT count(*) FROM attachments) + (SELECT count(*) FROM accounts) AS n').first<{ n: number }>())!.n === 0 &&
    (await target.files.list()).objects.length === 0;

  it('refuses a backup whose file does not match its SHA-256, or lacks one, and writes nothing', async () => {
    const attachments = await itemWithTwoFiles();
    const { files, store } = memoryStore();
    const backup = await exportBackup(env.DB, env.FILES, store);
    const target = await restoreTarget();
    const damaged = files.get(attachments[1]!.sha256)!;
    damaged[100] = damaged[100]! ^ 0xff;
    await expect(restoreBackup(target.db, target.files, backup, store)).rejects.toThrow(new RegExp(`file ${attachments[1]!.sha256} in the backup is damaged`));
    expect(await isEmpty(target)).toBe(true);
    files.delete(attachments[1]!.sha256);
    await expect(restoreBackup(target.db, target.files, backup, store)).rejects.toThrow(new RegExp(`the backup has no file ${attachments[1]!.sha256}`));
    expect(await isEmpty(target)).toBe(true);
  });

  it('exports every table and every attachment, and restores them into an empty database and bucket, each file checked by its SHA-256', async () => {
    const attachments = await itemWithTwoFiles();
    const { files, store } = memoryStore();
    const backup = await exportBackup(env.DB, env.FILES, store, '2026-01-01T00:00:00.000Z');
    expect(files.size).toBe(backupFiles(backup).length);
    const target = await restoreTarget();
    const restored = await restoreBackup(target.db, target.files, backup, store);
    expect(restored.files).toBe(files.size);
    expect(await exportBackup(target.db, target.files, memoryStore().store, '2026-01-01T00:00:00.000Z')).toEqual(backup);
    // Every object of the source bucket that an attachment row names is back, byte for byte.
    const rows = backup.tables.attachments as { object_key: string; sha256: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      const object = await target.files.get(row.object_key);
      expect(object, row.object_key).not.toBeNull();
      expect(await sha256Hex(new Uint8Array(await object!.arrayBuffer()))).toBe(row.sha256);
    }
    // The citizens' /tep/ links of the restored portal answer with the uploaded bytes.
    for (const attachment of attachments) {
      const served = await app.request(attachment.url, {}, { ...env, DB: target.db, FILES: target.files });
      expect(served.status, attachment.url).toBe(200);
      expect(await sha256Hex(new Uint8Array(await served.arrayBuffer()))).toBe(attachment.sha256);
    }
    // The search index is derived: the restore rebuilds it, and the restored item is found.
    const found = await searchPortal(target.db, 'duong lien xa thon dong', { limit: 100 });
    expect(found.results.map((r) => r.title)).toContain('Sao lưu: Đường liên xã, thôn Đông');
    await expect(restoreBackup(target.db, target.files, backup, store)).rejects.toThrow(/not empty/);
  });

  it('backs up every table of the schema except the short-lived ones', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
    ).all<{ name: string }>();
    const tables = results.map((r) => r.name).filter((name) => !(TRANSIENT_TABLES as readonly string[]).includes(name) && !isDerivedTable(name));
    expect([...BACKUP_TABLES].sort()).toEqual(tables.sort());
  });
});

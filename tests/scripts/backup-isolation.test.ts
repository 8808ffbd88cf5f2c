import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProvince, type Province } from '../../schema/province/communes.ts';
import { prefixedBucket } from '../../schema/province/commune-registry.ts';
import { hashPassword } from '../../schema/core/crypto.ts';
import { insertAccount } from '../../schema/accounts/accounts.db.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { createDisclosureWithFile } from '../../schema/disclosure/attachments.use-cases.ts';
import { createProvinceAdmin } from '../../schema/accounts/accounts.use-cases.ts';
import { exportBackup } from '../../schema/core/backup.db.ts';
import { migrateLocalCommunes, withLocalEnv } from '../../scripts/local-db.ts';
import { PROVINCE_DB_BINDING, registryPath } from '../../scripts/province.ts';

/**
 * Issue 24, item 2: a backup of one commune holds none of another's rows or files. Two communes
 * of a local state folder each get an official, a published item and a PDF whose bytes carry a
 * word of their own; `npm run backup` (scripts/backup.ts) is run as npm runs it, per commune and
 * for the province, and every exported file is searched for the other commune's word.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const parent = await mkdtemp(join(tmpdir(), 'cong-khai-backup-'));
const state = join(parent, 'state');
afterAll(() => rm(parent, { recursive: true, force: true }));

function script(name: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, PORTAL_STATE_DIR: '' } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

const province: Province = parseProvince({
  name: null,
  hosts: ['tinh.localhost'],
  communes: [
    { slug: 'xa-a', code: null, name: 'Xã A', kind: 'xa', binding: 'DB_XA_A', hosts: ['xa-a.localhost'], illustration: true },
    { slug: 'xa-b', code: null, name: 'Xã B', kind: 'xa', binding: 'DB_XA_B', hosts: ['xa-b.localhost'], illustration: true },
  ],
});
const MARK = { 'xa-a': `riengxaa${crypto.randomUUID().slice(0, 8)}`, 'xa-b': `riengxab${crypto.randomUUID().slice(0, 8)}` } as const;
/** A word only the province's own database holds: its administrator's name. */
const MARK_TINH = `riengtinh${crypto.randomUUID().slice(0, 8)}`;
type Slug = keyof typeof MARK;
const other = (slug: Slug): Slug => (slug === 'xa-a' ? 'xa-b' : 'xa-a');

beforeAll(async () => {
  await mkdir(state, { recursive: true });
  await writeFile(registryPath(state), JSON.stringify(province));
  const outcomes = await migrateLocalCommunes(state, province);
  expect([...outcomes.values()].every((o) => o.ok)).toBe(true);
  await withLocalEnv(
    state,
    async (env) => {
      for (const commune of province.communes) {
        const mark = MARK[commune.slug as Slug];
        const db = env[commune.binding]!;
        const now = new Date().toISOString();
        await insertAccount(db, { email: `${mark}@example.vn`, displayName: `Cán bộ ${mark}`, role: 'approver', passwordHash: await hashPassword(`mat-khau-${mark}`) }, now);
        // The files as the Worker stores them: under the commune's prefix of the shared bucket.
        const ctx = { db, files: prefixedBucket(env.FILES, `${commune.slug}/`), actor: scriptActor('thử'), now };
        const pdf = new File([new TextEncoder().encode(`%PDF-1.4\n% ${mark}\n%%EOF\n`)], `${mark}.pdf`, { type: 'application/pdf' });
        await createDisclosureWithFile(
          ctx,
          {
            title: `Kế hoạch ${mark}`,
            category: 'ngan-sach',
            documentNumber: '12/KH-UBND',
            issuedOn: '2025-03-14',
            issuer: `Ủy ban nhân dân ${commune.name}`,
            summary: `Nội dung riêng ${mark}.`,
            body: '',
            channels: ['office_board', 'portal'],
            postingStart: '2025-03-14',
            postingEnd: '2025-04-30',
          },
          pdf,
        );
      }
      await createProvinceAdmin({ db: env[PROVINCE_DB_BINDING]!, actor: scriptActor('thử'), now: new Date().toISOString() }, { email: `${MARK_TINH}@tinh.example`, displayName: `Quản trị ${MARK_TINH}`, password: `mat-khau-${MARK_TINH}` });
    },
    province,
  );
}, 120_000);

/** Every file of a backup folder (the tables' JSON and the attachments' bytes), as text. */
async function folderText(dir: string, only?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir)) {
    if (name === 'files') continue;
    if (!only || name === `${only}.json`) out.set(name, await readFile(join(dir, name), 'utf8'));
  }
  for (const name of await readdir(join(dir, 'files'))) out.set(`files/${name}`, await readFile(join(dir, 'files', name), 'latin1'));
  return out;
}

describe('npm run backup -- --commune <slug>', () => {
  it.each(['xa-a', 'xa-b'] as const)('exports %s with its own rows and files and nothing of the other commune', async (slug) => {
    const out = join(parent, `sao-luu-${slug}`);
    const result = await script('backup.ts', ['export', '--out', out, '--state', state, '--commune', slug]);
    expect(result.out).toMatch(new RegExp(`^${slug}: \\d+ rows of \\d+ tables and 1 files`, 'm'));
    expect(result.code).toBe(0);
    const files = await folderText(out);
    expect([...files.keys()].filter((k) => !k.startsWith('files/'))).toEqual([`${slug}.json`]);
    const all = [...files.values()].join('\n');
    // Its own account, item and file bytes are there (the search below can see a leak)…
    expect(all.split(MARK[slug]).length).toBeGreaterThan(3);
    expect([...files.entries()].some(([k, v]) => k.startsWith('files/') && v.includes(MARK[slug]))).toBe(true);
    // …and nothing of the other commune, in the tables or the files.
    expect(all).not.toContain(MARK[other(slug)]);
    // Nor the province's administrators: a commune's backup carries nothing of PROVINCE_DB.
    expect(all).not.toContain(MARK_TINH);
  });
});

describe('npm run backup (the province)', () => {
  it('writes one file per commune, each with only its own rows, and the files of both', async () => {
    const out = join(parent, 'sao-luu-tinh');
    const result = await script('backup.ts', ['export', '--out', out, '--state', state]);
    expect(result.code).toBe(0);
    for (const slug of ['xa-a', 'xa-b'] as const) {
      const text = (await folderText(out, slug)).get(`${slug}.json`)!;
      expect(text).toContain(MARK[slug]);
      expect(text).not.toContain(MARK[other(slug)]);
    }
    expect((await readdir(join(out, 'files'))).length).toBe(2);
    // The province's own database beside them, and in no commune's file.
    expect(result.out).toMatch(/^province \(PROVINCE_DB\): 1 administrators, 1 audit rows$/m);
    const own = JSON.parse(await readFile(join(out, '_tinh.json'), 'utf8')) as { format: string; tables: { accounts: { email: string; role: string }[]; audit_log: { action: string }[] } };
    expect(own.format).toBe('cong-khai-tinh-backup');
    expect(own.tables.accounts).toMatchObject([{ email: `${MARK_TINH}@tinh.example`, role: 'province-admin' }]);
    expect(own.tables.audit_log).toHaveLength(1);
    for (const slug of ['xa-a', 'xa-b'] as const) expect((await folderText(out, slug)).get(`${slug}.json`)).not.toContain(MARK_TINH);
  });

  it('restores the whole province into a fresh state folder: every commune and the province\'s administrators', async () => {
    const fresh = join(parent, 'state-province');
    const result = await script('backup.ts', ['import', '--in', join(parent, 'sao-luu-tinh'), '--state', fresh]);
    expect(result.out).toMatch(/^province \(PROVINCE_DB\): restored 2 rows$/m);
    expect(result.code).toBe(0);
    const restored = await withLocalEnv(fresh, async (env) => ({
      admins: (await env[PROVINCE_DB_BINDING]!.prepare('SELECT email, role, password_hash FROM accounts').all<{ email: string; role: string; password_hash: string }>()).results,
      audit: (await env[PROVINCE_DB_BINDING]!.prepare('SELECT action, entity FROM audit_log').all()).results.length,
      communeAccounts: await Promise.all(province.communes.map(async (c) => (await env[c.binding]!.prepare('SELECT email FROM accounts').all<{ email: string }>()).results.map((r) => r.email))),
    }), province);
    expect(restored.admins).toEqual([{ email: `${MARK_TINH}@tinh.example`, role: 'province-admin', password_hash: expect.stringMatching(/^pbkdf2/) }]);
    expect(restored.audit).toBe(1);
    expect(restored.communeAccounts).toEqual([[`${MARK['xa-a']}@example.vn`], [`${MARK['xa-b']}@example.vn`]]);
    // Again into the same folder: the databases are no longer empty, and the restore is refused.
    const again = await script('backup.ts', ['import', '--in', join(parent, 'sao-luu-tinh'), '--state', fresh]);
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/not empty/);
  });

  it('restores a commune\'s files under its own prefix (the prefix the Worker reads a commune\'s files from)', async () => {
    const fresh = join(parent, 'state-restored');
    await mkdir(fresh, { recursive: true });
    await writeFile(registryPath(fresh), JSON.stringify(province));
    const result = await script('backup.ts', ['import', '--in', join(parent, 'sao-luu-tinh'), '--state', fresh, '--commune', 'xa-b']);
    expect(result.out).toMatch(/^xa-b: restored \d+ rows and 1 files/m);
    expect(result.code).toBe(0);
    const keys = await withLocalEnv(fresh, async (env) => (await env.FILES.list()).objects.map((o) => o.key), province);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^xa-b\/tep\/\d+\/[0-9a-f]{64}$/);
  });
});

describe('a single-commune deployment moving into a province', () => {
  it('restores its backup (tables.json, files at the bucket\'s root) with --commune into that commune, its files under <slug>/', async () => {
    // The single deployment: one commune on DB, no registry, attachments keyed `tep/…` at the
    // bucket's root — what a portal before the province stored, and what its backup holds.
    const single = join(parent, 'state-single');
    const word = `riengdonle${crypto.randomUUID().slice(0, 8)}`;
    const alone = parseProvince({ name: null, hosts: [], communes: [{ slug: 'xa', code: null, name: 'Xã Đơn lẻ', kind: 'xa', binding: 'DB', hosts: ['localhost'], illustration: true }] });
    await mkdir(single, { recursive: true });
    expect([...(await migrateLocalCommunes(single, alone, undefined, ['DB'])).values()].every((o) => o.ok)).toBe(true);
    const folder = join(parent, 'sao-luu-don-le');
    await mkdir(join(folder, 'files'), { recursive: true });
    const rootKeys = await withLocalEnv(
      single,
      async (env) => {
        const now = new Date().toISOString();
        const ctx = { db: env.DB!, files: env.FILES, actor: scriptActor('thử'), now };
        const pdf = new File([new TextEncoder().encode(`%PDF-1.4\n% ${word}\n%%EOF\n`)], `${word}.pdf`, { type: 'application/pdf' });
        await createDisclosureWithFile(ctx, { title: `Kế hoạch ${word}`, category: 'ngan-sach', documentNumber: '07/KH-UBND', issuedOn: '2025-03-14', issuer: 'Ủy ban nhân dân xã', summary: `Nội dung ${word}.`, body: '', channels: ['portal'], postingStart: '2025-03-14', postingEnd: '2025-04-30' }, pdf);
        const backup = await exportBackup(env.DB!, env.FILES, { put: (sha, bytes) => writeFile(join(folder, 'files', sha), bytes), get: async () => null });
        await writeFile(join(folder, 'tables.json'), JSON.stringify(backup));
        return (await env.FILES.list()).objects.map((o) => o.key);
      },
      alone,
    );
    expect(rootKeys).toEqual([expect.stringMatching(/^tep\/\d+\/[0-9a-f]{64}$/)]);

    // The province: xa-b is the commune it becomes (added with commune:add beforehand; empty).
    const target = join(parent, 'state-joined');
    await mkdir(target, { recursive: true });
    await writeFile(registryPath(target), JSON.stringify(province));
    const result = await script('backup.ts', ['import', '--in', folder, '--state', target, '--commune', 'xa-b']);
    expect(result.out).toMatch(/^xa-b: restored \d+ rows and 1 files/m);
    expect(result.code).toBe(0);
    const joined = await withLocalEnv(
      target,
      async (env) => ({
        keys: (await env.FILES.list()).objects.map((o) => o.key),
        // Read as the Worker reads a commune's files: through its prefix, by the row's own key.
        file: await (async () => {
          const row = await env.DB_XA_B!.prepare('SELECT object_key FROM attachments').first<{ object_key: string }>();
          const object = await prefixedBucket(env.FILES, 'xa-b/').get(row!.object_key);
          return object ? await object.text() : null;
        })(),
      }),
      province,
    );
    expect(joined.keys).toEqual([`xa-b/${rootKeys[0]}`]);
    expect(joined.file).toContain(word);
  });
});

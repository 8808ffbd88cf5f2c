import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProvince, type Province } from '../../schema/communes.ts';
import { prefixedBucket } from '../../schema/commune-registry.ts';
import { hashPassword } from '../../schema/crypto.ts';
import { insertAccount } from '../../schema/db/accounts.ts';
import { scriptActor } from '../../schema/db/audit.ts';
import { createDisclosureWithFile } from '../../schema/use-cases/attachments.ts';
import { migrateLocalCommunes, withLocalEnv } from '../../scripts/local-db.ts';
import { registryPath } from '../../scripts/province.ts';

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

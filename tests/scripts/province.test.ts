import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostMatcher, parseProvince, type Province } from '../../schema/province/communes.ts';
import { withLocalDb } from '../../scripts/local-db.ts';
import {
  addCommune,
  bindingCount,
  overWorkerLimits,
  REGISTRY_MODULE,
  registryPath,
  WORKER_LIMITS,
  writeDeployConfig,
} from '../../scripts/province.ts';
import { experimental_readRawConfig } from 'wrangler';
import { nationwideRegistry } from '../nationwide-registry.ts';

/** Issue 24, items 3 and 4: adding a commune, and migrating every commune of a province. */

const ROOT = resolve(import.meta.dirname, '../..');
const MIGRATIONS = (await readdir(join(ROOT, 'schema/migrations'))).filter((f) => f.endsWith('.sql')).length;
const PROVINCE_MIGRATIONS = (await readdir(join(ROOT, 'schema/province-migrations'))).filter((f) => f.endsWith('.sql')).length;
const demo = parseProvince(await readFile(join(ROOT, 'content/province.json'), 'utf8'));
const parent = await mkdtemp(join(tmpdir(), 'cong-khai-province-'));
afterAll(() => rm(parent, { recursive: true, force: true }));

/** Runs a script as `npm run` does, and returns its exit code and output. */
function script(name: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'scripts', name), ...args], { cwd: ROOT, env: { ...process.env, PORTAL_STATE_DIR: '' } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('addCommune (npm run commune:add)', () => {
  const ok = { code: '25252', name: 'Tân Mỹ', kind: 'xa', host: ['tan-my.localhost'] };
  it.each([
    [{ ...ok, code: '2525' }, '--code "2525" không hợp lệ: mã đơn vị hành chính cấp xã gồm đúng 5 chữ số'], // Decision 124/2004/QĐ-TTg: commune codes have 5 digits
    [{ ...ok, kind: 'thi-tran' }, 'từ 1/7/2025 không còn thị trấn'], // Resolution 202/2025/QH15: xã, phường, đặc khu only
    [{ ...ok, host: ['localhost'] }, '--host/--alias: Tên miền localhost đã thuộc thi-tran-binh-duong.'], // the seed town's host in content/province.json
    [{ ...ok, host: ['tan my.localhost'] }, '--host (0): Tên miền không hợp lệ.'], // a space is no host
    [{ ...ok, name: 'Xã Minh họa Một' }, '--name: tên xa-minh-hoa-mot đã có trong danh sách (xa-minh-hoa-mot).'], // an illustration commune of the demo
    [{ ...ok, 'formed-from': ['25240:Xã Tân Hòa:1/7/2025'] }, 'không đúng dạng "mã:tên:yyyy-mm-dd"'], // a date typed the Vietnamese way
    [{ ...ok, code: undefined, host: undefined }, 'Thiếu --host'], // nothing but a name and kind
  ])('refuses %j', (args, message) => {
    const result = addCommune(demo, args);
    expect('errors' in result && result.errors.join('\n')).toContain(message);
  });

  it('derives the name with its kind, the slug and the binding, and keeps what it was formed from', () => {
    const result = addCommune(demo, { ...ok, 'formed-from': ['25240:Xã Tân Hòa:2025-07-01', ':Xã Mỹ Lợi:2025-07-01'] });
    expect('commune' in result && result.commune).toMatchObject({
      slug: 'xa-tan-my', name: 'Xã Tân Mỹ', binding: 'DB_XA_TAN_MY', code: '25252', illustration: false,
      formedFrom: [{ code: '25240', name: 'Xã Tân Hòa', on: '2025-07-01' }, { code: null, name: 'Xã Mỹ Lợi', on: '2025-07-01' }],
    });
  });

  it('writes nothing on an error, and on success adds the commune with its D1 migrated and its unit row only', { timeout: 120_000 }, async () => {
    const state = join(parent, 'add');
    const refused = await script('commune-add.ts', ['--state-dir', state, '--code', '123', '--name', 'Tân Mỹ', '--kind', 'xa', '--host', 'tan-my.localhost']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Chưa thêm xã nào');
    expect(existsSync(state)).toBe(false);

    const added = await script('commune-add.ts', ['--state-dir', state, '--code', '25252', '--name', 'Tân Mỹ', '--kind', 'xa', '--host', 'tan-my.localhost']);
    expect(added.out).toContain(`Đã thêm Xã Tân Mỹ (mã 25252, xa-tan-my, D1 DB_XA_TAN_MY: ${MIGRATIONS} migration)`);
    expect(added.code).toBe(0);
    expect(parseProvince(await readFile(registryPath(state), 'utf8')).communes.at(-1)).toMatchObject({ slug: 'xa-tan-my', hosts: ['tan-my.localhost'] });
    // Empty and honest: its name and kind, no demo rows.
    const rows = await withLocalDb(state, async (db) => ({
      unit: await db.prepare('SELECT kind, name, place_name, demo_data, address, phone FROM unit').all(),
      disclosures: await db.prepare('SELECT count(*) AS n FROM disclosures').first('n'),
      accounts: await db.prepare('SELECT count(*) AS n FROM accounts').first('n'),
    }), 'DB_XA_TAN_MY');
    expect(rows).toEqual({ unit: expect.objectContaining({ results: [{ kind: 'xa', name: 'Tân Mỹ', place_name: 'Tân Mỹ', demo_data: 0, address: '', phone: '' }] }), disclosures: 0, accounts: 0 });
  });
});

describe('npm run db:migrate:local', () => {
  it('reports each commune on its own line, goes on after one fails, and exits 1', { timeout: 120_000 }, async () => {
    const state = join(parent, 'migrate');
    const province: Province = parseProvince({
      name: null,
      hosts: [],
      communes: [
        { slug: 'xa-hong', code: null, name: 'Xã Hỏng', kind: 'xa', binding: 'DB_XA_HONG', hosts: ['xa-hong.localhost'] },
        { slug: 'xa-lanh', code: null, name: 'Xã Lành', kind: 'xa', binding: 'DB_XA_LANH', hosts: ['xa-lanh.localhost'] },
      ],
    });
    await mkdir(state, { recursive: true });
    await writeFile(registryPath(state), JSON.stringify(province));
    // A table in the way of the first migration: xa-hong cannot be migrated.
    await withLocalDb(state, (db) => db.exec('CREATE TABLE unit (x INTEGER);'), 'DB_XA_HONG');

    const first = await script('migrate.ts', ['--local', '--state-dir', state]);
    expect(first.code).toBe(1);
    const lines = first.out.trim().split('\n');
    expect(lines[0]).toMatch(/^xa-hong \(DB_XA_HONG\)\s+FAILED: 0001_create_core\.sql: .*table unit already exists/);
    expect(lines[1]).toMatch(new RegExp(`^xa-lanh \\(DB_XA_LANH\\)\\s+applied ${MIGRATIONS}$`));
    expect(lines[2]).toMatch(/^1 of 2 commune\(s\) migrated, 1 FAILED in [\d.]+ s\.$/);
    // The province's own database (its administrators) after the communes.
    expect(lines[3]).toMatch(new RegExp(`^province \\(PROVINCE_DB\\)\\s+applied ${PROVINCE_MIGRATIONS}$`));

    const again = await script('migrate.ts', ['--local', '--state-dir', state, '--commune', 'xa-lanh']);
    expect(again.out).toMatch(/^xa-lanh \(DB_XA_LANH\)\s+up to date$/m);
    expect(again.code).toBe(0);
  });

  it('db:migrate:remote --dry-run prints one wrangler command per commune and names a commune without a database id', { timeout: 60_000 }, async () => {
    const registry = join(parent, 'province.json');
    await writeFile(registry, JSON.stringify(demo));
    await writeFile(join(parent, 'province.d1.json'), JSON.stringify({ DB_XA_MINH_HOA_MOT: '11111111-1111-4111-8111-111111111111' }));
    const plan = await script('migrate.ts', ['--remote', '--dry-run', '--registry', registry]);
    expect(plan.out).toMatch(/^ {2}xa-minh-hoa-mot \(DB_XA_MINH_HOA_MOT\)\s+wrangler d1 migrations apply DB_XA_MINH_HOA_MOT --remote -c \S+$/m);
    expect(plan.out).toMatch(/^ {2}phuong-minh-hoa-hai \(DB_PHUONG_MINH_HOA_HAI\)\s+FAILED: no D1 database id in \S+province\.d1\.json$/m);
    expect(plan.out).toMatch(/^ {2}province \(PROVINCE_DB\)\s+wrangler d1 migrations apply PROVINCE_DB --remote -c \S+$/m);
    expect(plan.code).toBe(1);
  });
});

describe('npm run admin:create -- --province', () => {
  it('creates a province administrator in PROVINCE_DB only, with the province role and an audit row', { timeout: 120_000 }, async () => {
    const state = join(parent, 'province-admin');
    const email = `qt-${crypto.randomUUID().slice(0, 8)}@tinh.example`;
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((done) => {
        execFile(process.execPath, [join(ROOT, 'scripts', 'admin-create.ts'), ...args], { cwd: ROOT, env: { ...process.env, PORTAL_STATE_DIR: '', ADMIN_PASSWORD: 'mat-khau-tinh-du-dai-2025' } }, (error, stdout, stderr) =>
          done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
        );
      });
    const refused = await run(['--province', '--commune', 'xa-minh-hoa-mot', '--email', email, '--name', 'Quản trị', '--state-dir', state]);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('--province và --commune không dùng cùng nhau');
    const created = await run(['--province', '--email', email, '--name', 'Trần Thị B', '--state-dir', state]);
    expect(created.out).toContain(`Đã tạo tài khoản quản trị viên tỉnh ${email}`);
    expect(created.code).toBe(0);
    const rows = await withLocalDb(
      state,
      async (db) => ({
        account: await db.prepare('SELECT role, password_hash FROM accounts WHERE email = ?').bind(email).first<{ role: string; password_hash: string }>(),
        audit: (await db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'account'").first<{ n: number }>())!.n,
      }),
      'PROVINCE_DB',
    );
    expect(rows.account?.role).toBe('province-admin');
    expect(rows.account?.password_hash).not.toContain('mat-khau-tinh-du-dai-2025');
    expect(rows.audit).toBe(1);
    // Not in the seed commune's database (which does not even have the province's tables migrated here).
    const inCommune = await withLocalDb(state, async (db) => {
      const table = await db.prepare("SELECT name FROM sqlite_master WHERE name = 'accounts'").first();
      return table ? db.prepare('SELECT count(*) AS n FROM accounts WHERE email = ?').bind(email).first<{ n: number }>() : { n: 0 };
    });
    expect(inCommune?.n).toBe(0);
    // The same email again is refused, naming the flag.
    const again = await run(['--province', '--email', email, '--name', 'Trần Thị B', '--state-dir', state]);
    expect(again.code).toBe(2);
    expect(again.out).toContain('--email: Thư điện tử này đã có tài khoản quản trị tỉnh.');
  });
});

describe('the registry of 3,321 communes (the country) and Cloudflare\'s limits', () => {
  // The build's config as astro writes it has wrangler.toml's bindings and `no_bundle`; that is
  // what writeDeployConfig starts from (the real one exists only after `astro build`).
  async function built(dir: string): Promise<string> {
    await mkdir(dir, { recursive: true });
    const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, 'wrangler.toml') });
    const path = join(dir, 'wrangler.json');
    await writeFile(path, JSON.stringify({ ...rawConfig, main: 'entry.mjs', no_bundle: true, vars: {} }));
    return path;
  }

  it('is accepted, and resolves any of its hosts with one look-up', () => {
    const started = performance.now();
    const province = parseProvince(nationwideRegistry());
    const match = hostMatcher(province);
    const parsedMs = performance.now() - started;
    const last = province.communes.at(-1)!;
    expect(match(`${last.hosts[1]}:8787`)).toEqual({ kind: 'commune', commune: last });
    expect(match(last.aliases[0]!)).toEqual({ kind: 'alias', commune: last, mainHost: last.hosts[0] });
    expect(match('tinh-minh-hoa.localhost')).toEqual({ kind: 'province' });
    expect(match('khong-co.localhost')).toEqual({ kind: 'unknown' });
    const hosts = province.communes.flatMap((c) => [...c.hosts, ...c.aliases]);
    const t0 = performance.now();
    for (const host of hosts) match(host);
    const perHostUs = ((performance.now() - t0) * 1000) / hosts.length;
    console.log(`3,321 communes (${(JSON.stringify(province).length / 1024).toFixed(0)} KB of JSON): parsed and indexed in ${parsedMs.toFixed(0)} ms; ${hosts.length} hosts at ${perHostUs.toFixed(2)} µs each`);
    expect(perHostUs).toBeLessThan(50);
  });

  it('gives a deploy config within the limits: the registry bundled, no var over 5 KB, fewer than ~5,000 bindings', async () => {
    const dir = join(parent, 'nationwide');
    const registryFile = join(dir, 'province.json');
    const province = nationwideRegistry();
    await mkdir(dir, { recursive: true });
    await writeFile(registryFile, JSON.stringify(province));
    const path = await writeDeployConfig(await built(join(dir, 'server')), registryFile, {}, { placeholderIds: true });
    const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
    expect(config.alias).toEqual({ [REGISTRY_MODULE]: registryFile });
    expect(config.no_bundle).toBe(false);
    expect(config.d1_databases).toHaveLength(3321 + 1);
    expect(overWorkerLimits(config)).toEqual([]);
    const vars = Object.values(config.vars ?? {}).map((v) => JSON.stringify(v).length);
    expect(Math.max(0, ...vars)).toBeLessThanOrEqual(WORKER_LIMITS.varBytes);
    console.log(`deploy config for 3,321 communes: ${bindingCount(config)} bindings (limit ~${WORKER_LIMITS.bindings}), ${vars.length} vars, largest ${Math.max(0, ...vars)} bytes (limit ${WORKER_LIMITS.varBytes})`);
    // What the registry as a var would have been: refused, at 100 communes already.
    expect(overWorkerLimits({ vars: { PROVINCE: JSON.stringify({ ...province, communes: province.communes.slice(0, 100) }) } })).toEqual([expect.stringMatching(/^biến PROVINCE: \d+ byte \(tối đa 5120\)$/)]);
  });

  // 5,000 databases plus the Worker's own bindings (queues, buckets…): their count is not this test's point.
  it('refuses a deploy config over the bindings limit, naming it', async () => {
    const dir = join(parent, 'too-many');
    const registryFile = join(dir, 'province.json');
    await mkdir(dir, { recursive: true });
    await writeFile(registryFile, JSON.stringify(nationwideRegistry(5000)));
    await expect(writeDeployConfig(await built(join(dir, 'server')), registryFile, {}, { placeholderIds: true })).rejects.toThrow(/vượt giới hạn của Cloudflare: 50\d\d binding \(tối đa khoảng 5000\)/);
  });
});

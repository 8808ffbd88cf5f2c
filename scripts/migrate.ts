import { rmSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProvince, type Commune, type Province } from '../schema/province/communes.ts';
import { DEFAULT_STATE_DIR, migrateLocalCommunes, type MigrationOutcome } from './local-db.ts';
import { d1Entries, idsPathFor, PROVINCE_DB_BINDING, readIds, readRegistry } from './province.ts';
import { ROOT, run } from './wrangler.ts';

/**
 * `npm run db:migrate:local` / `npm run db:migrate:remote`: pending migrations for every commune
 * of the registry, one line each ("applied n", "up to date", "FAILED: reason"). A commune whose
 * migration fails stops there and the others go on; the exit code is 1 when any failed. Then the
 * province's own database (PROVINCE_DB, schema/province-migrations: its administrators), on a
 * line after the communes' summary; not with --commune.
 *
 *   --local  (default) the communes of a local portal's registry (`--state-dir`, PORTAL_STATE_DIR)
 *   --remote the communes of a deployment's registry (`--registry`, default content/province.json)
 *            and their D1 ids (`<registry>.d1.json`, written by `commune:add --remote`); needs
 *            `wrangler login` or CLOUDFLARE_API_TOKEN
 *   --dry-run prints the plan (one wrangler command per commune) and changes nothing
 *   --commune <slug> one commune only
 */

const { values } = parseArgs({
  options: {
    local: { type: 'boolean' },
    remote: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'state-dir': { type: 'string' },
    registry: { type: 'string' },
    commune: { type: 'string' },
  },
});
if (values.local && values.remote) {
  console.error('Chọn một trong --local và --remote.');
  process.exit(2);
}
const remote = values.remote ?? false;
const stateDir = resolve(values['state-dir'] ?? process.env.PORTAL_STATE_DIR ?? DEFAULT_STATE_DIR);
const registryFile = resolve(values.registry ?? join(ROOT, 'content/province.json'));

const province: Province = remote ? parseProvince(await readFile(registryFile, 'utf8')) : await readRegistry(stateDir);
const communes = values.commune ? province.communes.filter((c) => c.slug === values.commune) : province.communes;
if (communes.length === 0) {
  console.error(`Không có xã nào mang mã "${values.commune}" trong danh sách (${province.communes.map((c) => c.slug).join(', ')}).`);
  process.exit(2);
}

/** A config of the D1 entries alone, with the production ids: migrations need no build. */
async function remoteConfig(): Promise<{ path: string; missing: Commune[] }> {
  const ids = await readIds(registryFile);
  const missing = province.communes.filter((c) => c.binding !== 'DB' && !ids[c.binding]);
  const known = { ...province, communes: province.communes.filter((c) => !missing.includes(c)) };
  const dir = await mkdtemp(join(tmpdir(), 'cong-khai-migrate-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'wrangler.json');
  await writeFile(path, JSON.stringify({ name: 'cong-khai-xa', compatibility_date: '2026-10-01', d1_databases: d1Entries(known, ids) }, null, 2));
  return { path, missing };
}

/** The line of wrangler's output that says why it failed. */
function wranglerFailure(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.findIndex((l) => l.includes('[ERROR]'));
  return (error === -1 ? lines.at(-1) : [lines[error], lines[error + 1]].join(' '))?.replace(/^.*\[ERROR\] /, '').slice(0, 300) ?? 'wrangler failed';
}

async function migrateRemote(binding: string, config: string): Promise<MigrationOutcome> {
  try {
    // CI=true: wrangler applies without asking to confirm.
    const output = await run('wrangler', ['d1', 'migrations', 'apply', binding, '--remote', '-c', config], { CI: 'true' });
    return { ok: true, applied: Number(/About to apply (\d+) migration/.exec(output)?.[1] ?? 0) };
  } catch (error) {
    return { ok: false, applied: 0, reason: wranglerFailure((error as Error).message) };
  }
}

const describe = (o: MigrationOutcome) => (!o.ok ? `FAILED: ${o.reason}` : o.applied === 0 ? 'up to date' : `applied ${o.applied}`);
const label = (c: Commune) => `${c.slug} (${c.binding})`;
const width = Math.max(...communes.map((c) => label(c).length));

const started = performance.now();
const remoteSetup = remote ? await remoteConfig() : undefined;
if (values['dry-run']) {
  console.log(`Plan (${remote ? `remote, registry ${registryFile}` : `local, state ${stateDir}`}), ${communes.length} commune(s):`);
  for (const c of communes) {
    if (remoteSetup?.missing.includes(c)) console.log(`  ${label(c).padEnd(width)}  FAILED: no D1 database id in ${idsPathFor(registryFile)}`);
    else console.log(`  ${label(c).padEnd(width)}  wrangler d1 migrations apply ${c.binding} ${remote ? `--remote -c ${remoteSetup!.path}` : `--local --persist-to ${stateDir}`}`);
  }
  if (!values.commune) {
    console.log(`  province (${PROVINCE_DB_BINDING})  wrangler d1 migrations apply ${PROVINCE_DB_BINDING} ${remote ? `--remote -c ${remoteSetup!.path}` : `--local --persist-to ${stateDir}`}`);
  }
  process.exit(remoteSetup?.missing.some((c) => communes.includes(c)) ? 1 : 0);
}

const outcomes = new Map<Commune, MigrationOutcome>();
const report = (c: Commune, outcome: MigrationOutcome) => {
  outcomes.set(c, outcome);
  console.log(`${label(c).padEnd(width)}  ${describe(outcome)}`);
};
let provinceOutcome: MigrationOutcome | undefined;
if (remote) {
  // One after the other: each is a wrangler process talking to the D1 API.
  for (const c of communes) {
    report(c, remoteSetup!.missing.includes(c) ? { ok: false, applied: 0, reason: `no D1 database id in ${idsPathFor(registryFile)}` } : await migrateRemote(c.binding, remoteSetup!.path));
  }
  if (!values.commune) provinceOutcome = await migrateRemote(PROVINCE_DB_BINDING, remoteSetup!.path);
} else {
  const bySlug = new Map(province.communes.map((c) => [c.binding, c]));
  // The province's own database too, unless one commune was asked for.
  const only = [...communes.map((c) => c.binding), ...(values.commune ? [] : [PROVINCE_DB_BINDING])];
  await migrateLocalCommunes(
    stateDir,
    province,
    (binding, outcome) => (binding === PROVINCE_DB_BINDING ? (provinceOutcome = outcome) : report(bySlug.get(binding)!, outcome)),
    only,
  );
}
const failed = [...outcomes.values()].filter((o) => !o.ok).length;
console.log(`${communes.length - failed} of ${communes.length} commune(s) migrated${failed ? `, ${failed} FAILED` : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
// The province's database (its administrators) after the communes' summary, on a line of its own.
if (provinceOutcome) console.log(`province (${PROVINCE_DB_BINDING})  ${describe(provinceOutcome)}`);
process.exit(failed || provinceOutcome?.ok === false ? 1 : 0);

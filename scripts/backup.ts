import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BackupError,
  backupFiles,
  exportBackup,
  exportProvinceBackup,
  RestoreError,
  restoreBackup,
  restoreProvinceBackup,
  type Backup,
  type BackupFileStore,
  type ProvinceBackup,
} from '../schema/core/backup.db.ts';
import { parseProvince, ProvinceSchema, type Commune, type Province } from '../schema/province/communes.ts';
import { prefixedBucket, slugPrefix } from '../schema/province/commune-registry.ts';
import { DEFAULT_STATE_DIR, migrateLocalDb, withLocalEnv } from './local-db.ts';
import { PROVINCE_DB_BINDING, PROVINCE_MIGRATIONS_DIR, readRegistry, REGISTRY_FILE, registryPath, writeRegistry } from './province.ts';
import { todayInVietnam } from '../schema/core/dates.ts';

/**
 * Backups of a local portal, per commune or for the whole province (issue 24):
 *
 * `npm run backup -- --out sao-luu` exports every commune of the state folder's registry:
 *   sao-luu/province.json       the registry (which communes, their hosts and D1 bindings)
 *   sao-luu/_tinh.json          the province's own database (PROVINCE_DB): its administrators
 *                               and their audit, without sessions or login throttling
 *   sao-luu/<slug>.json         each commune's tables, readable JSON
 *   sao-luu/files/<sha256>      each attachment's bytes, named by their SHA-256 (shared: the
 *                               communes' files live in one R2 bucket)
 * `--commune <slug>` exports that commune alone (`<slug>.json` and its files, no registry, nothing
 * of the province's database). `npm run restore -- --in sao-luu [--commune <slug>] [--state DIR]`
 * loads each commune's file into its own empty local database (a commune missing from the state
 * folder's registry is added from the backup's), after checking every file against its SHA-256,
 * and, without `--commune`, `_tinh.json` into the province's empty database. A single
 * commune's backup from before the province (a folder with `tables.json`) restores with
 * `--commune <slug>` into that commune of a province, its attachments under `<slug>/`: how a
 * single-commune deployment moves into a province (README, Backups). A folder rather
 * than base64 inside the JSON: files are up to 10 MB each, base64 would add a third and make
 * the tables unreadable, and `sha256sum files/*` checks a folder with no portal at hand. A
 * folder with `tables.json` (one commune's backup before the province) or `--in FILE.json` (a
 * tables-only backup, restored only if it has no attachments) still restores, into `--commune`
 * or the seed commune. For the Cloudflare databases use D1 Time Travel, per commune;
 * `wrangler d1 export` refuses a database with an FTS5 table, which it has since migration
 * 0030 (README, Backups).
 */
const { values, positionals } = parseArgs({
  options: { out: { type: 'string' }, in: { type: 'string' }, state: { type: 'string' }, commune: { type: 'string' } },
  allowPositionals: true,
});
const stateDir = resolve(values.state ?? process.env.PORTAL_STATE_DIR ?? DEFAULT_STATE_DIR);
const command = positionals[0];

/** The backup's files in `<dir>/files/<sha256>`; the core checks every name is 64 hex digits. */
function folderStore(dir: string): BackupFileStore {
  return {
    async put(sha256, bytes) {
      await writeFile(join(dir, 'files', sha256), bytes);
    },
    async get(sha256) {
      try {
        return new Uint8Array(await readFile(join(dir, 'files', sha256)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

// A refused backup or restore says why in one line, without a stack trace.
process.on('uncaughtException', (error) => {
  if (!(error instanceof BackupError || error instanceof RestoreError)) throw error;
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
});

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const exists = (path: string) => access(path).then(() => true, () => false);

/** The province's own database in a province backup folder. */
const PROVINCE_BACKUP_FILE = '_tinh.json';

/**
 * A commune's files in the shared bucket, as the Worker sees them: under `<slug>/`, since a local
 * portal always runs with its registry (bundled by scripts/province.ts's configs). The backup
 * reads and the restore writes there and nowhere else: no commune's backup can hold, or its
 * restore overwrite, another's objects.
 */
const filesOf = (env: { FILES: R2Bucket }, commune: Commune) => prefixedBucket(env.FILES, slugPrefix(commune));

function pick(province: Province, slug: string | undefined): Commune[] {
  if (slug === undefined) return province.communes;
  const commune = province.communes.find((c) => c.slug === slug);
  if (!commune) {
    console.error(`Không có xã "${slug}" trong danh sách: ${province.communes.map((c) => c.slug).join(', ')}.`);
    process.exit(2);
  }
  return [commune];
}

if (command === 'export') {
  const started = performance.now();
  const out = values.out ?? `sao-luu-${todayInVietnam()}`;
  await mkdir(join(out, 'files'), { recursive: true });
  const province = await readRegistry(stateDir);
  const communes = pick(province, values.commune);
  const store = folderStore(out);
  const backups = await withLocalEnv(stateDir, async (env) => {
    const made: [Commune, Backup][] = [];
    for (const c of communes) made.push([c, await exportBackup(env[c.binding]!, filesOf(env, c), store)]);
    const own = values.commune === undefined ? await exportProvinceBackup(env[PROVINCE_DB_BINDING]!) : null;
    return { made, own };
  }, province);
  for (const [c, backup] of backups.made) {
    await writeFile(join(out, `${c.slug}.json`), JSON.stringify(backup));
    const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
    const files = backupFiles(backup);
    console.log(`${c.slug}: ${rows} rows of ${Object.keys(backup.tables).length} tables and ${files.length} files (${megabytes(files.reduce((n, f) => n + f.sizeBytes, 0))} MB)`);
  }
  if (backups.own) {
    await writeFile(join(out, REGISTRY_FILE), `${JSON.stringify(province, null, 2)}\n`);
    await writeFile(join(out, PROVINCE_BACKUP_FILE), JSON.stringify(backups.own));
    console.log(`province (${PROVINCE_DB_BINDING}): ${backups.own.tables.accounts.length} administrators, ${backups.own.tables.audit_log.length} audit rows`);
  }
  console.log(`Exported ${backups.made.length} commune(s) to ${out}/ in ${seconds(started)} s`);
} else if (command === 'import') {
  if (!values.in) throw new Error('--in FOLDER is required');
  const started = performance.now();
  const folder = (await stat(values.in)).isDirectory();
  // Which file goes into which commune's database.
  let province = await readRegistry(stateDir);
  const plan: { commune: Commune; file: string }[] = [];
  // The province's own database comes with a whole province's restore, never with one commune's.
  const ownFile = folder && values.commune === undefined && (await exists(join(values.in, PROVINCE_BACKUP_FILE))) ? join(values.in, PROVINCE_BACKUP_FILE) : null;
  if (folder && (await exists(join(values.in, REGISTRY_FILE)))) {
    const saved = parseProvince(await readFile(join(values.in, REGISTRY_FILE), 'utf8'));
    // Communes the state folder does not know yet come with the backup's registry entries.
    const known = new Set(province.communes.map((c) => c.slug));
    const missing = saved.communes.filter((c) => !known.has(c.slug));
    if (missing.length) {
      province = ProvinceSchema.parse({ ...province, communes: [...province.communes, ...missing] });
      await writeRegistry(stateDir, province);
    }
    for (const c of pick(saved, values.commune)) plan.push({ commune: province.communes.find((p) => p.slug === c.slug)!, file: join(values.in, `${c.slug}.json`) });
  } else {
    const [commune] = values.commune ? pick(province, values.commune) : province.communes.filter((c) => c.binding === 'DB');
    if (!commune) throw new Error('--commune <slug> is required: the registry has no commune on binding DB');
    const single = folder && values.commune && (await exists(join(values.in, `${values.commune}.json`))) ? `${values.commune}.json` : 'tables.json';
    plan.push({ commune, file: folder ? join(values.in, single) : values.in });
  }
  // A tables-only JSON file has no files: a restore that needs one refuses with its name.
  const store: BackupFileStore = folder ? folderStore(values.in) : { put: async () => {}, get: async () => null };
  await withLocalEnv(stateDir, async (env) => {
    for (const { commune, file } of plan) {
      const backup = JSON.parse(await readFile(file, 'utf8')) as Backup;
      const migrated = await migrateLocalDb(env[commune.binding]!);
      if (!migrated.ok) throw new Error(`${commune.slug}: migration failed: ${migrated.reason}`);
      const restored = await restoreBackup(env[commune.binding]!, filesOf(env, commune), backup, store);
      console.log(`${commune.slug}: restored ${restored.rows} rows and ${restored.files} files (${megabytes(restored.bytes)} MB, SHA-256 checked)`);
    }
    if (ownFile) {
      const db = env[PROVINCE_DB_BINDING]!;
      const migrated = await migrateLocalDb(db, PROVINCE_MIGRATIONS_DIR);
      if (!migrated.ok) throw new Error(`province (${PROVINCE_DB_BINDING}): migration failed: ${migrated.reason}`);
      const restored = await restoreProvinceBackup(db, JSON.parse(await readFile(ownFile, 'utf8')) as ProvinceBackup);
      console.log(`province (${PROVINCE_DB_BINDING}): restored ${restored.rows} rows`);
    }
  }, province);
  console.log(`Restored ${plan.length} commune(s) into ${stateDir} (registry ${registryPath(stateDir)}) in ${seconds(started)} s`);
} else {
  console.error('usage: node scripts/backup.ts export [--out FOLDER] [--commune SLUG] | import --in FOLDER [--commune SLUG] [--state DIR]');
  process.exit(2);
}

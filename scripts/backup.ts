import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError, backupFiles, exportBackup, RestoreError, restoreBackup, type Backup, type BackupFileStore } from '../schema/db/backup.ts';
import { applyMigrations, DEFAULT_STATE_DIR, withLocalDb } from './local-db.ts';
import { todayInVietnam } from '../schema/dates.ts';

/**
 * `npm run backup -- --out sao-luu` exports the local database and its attachments into a folder:
 *   sao-luu/tables.json        every table, readable JSON
 *   sao-luu/files/<sha256>     each attachment's bytes, named by their SHA-256
 * `npm run restore -- --in sao-luu [--state DIR]` loads it into an empty local database and
 * bucket, after checking every file against its SHA-256. A folder rather than base64 inside the
 * JSON: files are up to 10 MB each, base64 would add a third and make tables.json unreadable,
 * and `sha256sum files/*` checks a folder with no portal at hand. `--in FILE.json` still reads a
 * tables-only backup made before files were included (it restores only if it has no attachments).
 * For the Cloudflare database use D1 Time Travel; `wrangler d1 export` refuses a database with an
 * FTS5 table, which it has since migration 0030 (README, Backups).
 */
const { values, positionals } = parseArgs({
  options: { out: { type: 'string' }, in: { type: 'string' }, state: { type: 'string' } },
  allowPositionals: true,
});
const stateDir = values.state ?? process.env.PORTAL_STATE_DIR ?? DEFAULT_STATE_DIR;
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

if (command === 'export') {
  const started = performance.now();
  const out = values.out ?? `sao-luu-${todayInVietnam()}`;
  await mkdir(join(out, 'files'), { recursive: true });
  const backup = await withLocalDb(stateDir, (db, files) => exportBackup(db, files, folderStore(out)));
  await writeFile(join(out, 'tables.json'), JSON.stringify(backup));
  const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
  const files = backupFiles(backup);
  const bytes = files.reduce((n, f) => n + f.sizeBytes, 0);
  console.log(`Exported ${rows} rows of ${Object.keys(backup.tables).length} tables and ${files.length} files (${megabytes(bytes)} MB) to ${out}/ in ${seconds(started)} s`);
} else if (command === 'import') {
  if (!values.in) throw new Error('--in FOLDER is required');
  const started = performance.now();
  const folder = (await stat(values.in)).isDirectory();
  const backup = JSON.parse(await readFile(folder ? join(values.in, 'tables.json') : values.in, 'utf8')) as Backup;
  await applyMigrations(stateDir);
  // A tables-only JSON file has no files: a restore that needs one refuses with its name.
  const store: BackupFileStore = folder ? folderStore(values.in) : { put: async () => {}, get: async () => null };
  const restored = await withLocalDb(stateDir, (db, files) => restoreBackup(db, files, backup, store));
  console.log(`Restored ${restored.rows} rows and ${restored.files} files (${megabytes(restored.bytes)} MB, SHA-256 checked) into ${stateDir} in ${seconds(started)} s`);
} else {
  console.error('usage: node scripts/backup.ts export [--out FOLDER] | import --in FOLDER [--state DIR]');
  process.exit(2);
}

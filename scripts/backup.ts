import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { exportBackup, restoreBackup, type Backup } from '../schema/db/backup.ts';
import { applyMigrations, DEFAULT_STATE_DIR, withLocalDb } from './local-db.ts';

/**
 * `npm run backup -- --out sao-luu.json` exports the local database;
 * `npm run restore -- --in sao-luu.json [--state DIR]` loads it into an empty local database.
 * For the Cloudflare database use D1 Time Travel or `wrangler d1 export --remote` (README).
 */
const { values, positionals } = parseArgs({
  options: { out: { type: 'string' }, in: { type: 'string' }, state: { type: 'string' } },
  allowPositionals: true,
});
const stateDir = values.state ?? process.env.PORTAL_STATE_DIR ?? DEFAULT_STATE_DIR;
const command = positionals[0];

if (command === 'export') {
  const out = values.out ?? `sao-luu-${new Date().toISOString().slice(0, 10)}.json`;
  const backup = await withLocalDb(stateDir, (db) => exportBackup(db));
  await writeFile(out, JSON.stringify(backup));
  const rows = Object.values(backup.tables).reduce((n, t) => n + t.length, 0);
  console.log(`Exported ${rows} rows of ${Object.keys(backup.tables).length} tables to ${out}`);
} else if (command === 'import') {
  if (!values.in) throw new Error('--in FILE is required');
  const backup = JSON.parse(await readFile(values.in, 'utf8')) as Backup;
  await applyMigrations(stateDir);
  const rows = await withLocalDb(stateDir, (db) => restoreBackup(db, backup));
  console.log(`Restored ${rows} rows into ${stateDir}`);
} else {
  console.error('usage: node scripts/backup.ts export [--out FILE] | import --in FILE [--state DIR]');
  process.exit(2);
}

import { createHash, createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getPlatformProxy, unstable_splitSqlQuery } from 'wrangler';
import type { Province } from '../schema/province/communes.ts';
import {
  d1Entries,
  MIGRATIONS_DIR,
  peekRegistry,
  PROVINCE_DB_BINDING,
  PROVINCE_MIGRATIONS_DIR,
  readRegistry,
  writeLocalD1Config,
} from './province.ts';
import { ROOT } from './wrangler.ts';

/**
 * The local D1 and R2 under a state folder: the same files `wrangler dev --persist-to` uses.
 * Each commune has its own D1 (its registry `binding`; `DB` is the seed commune's, the one of
 * wrangler.toml), declared by the config written from the state folder's registry
 * (scripts/province.ts).
 */

export const DEFAULT_STATE_DIR = resolve(ROOT, '.wrangler/state');

export type LocalEnv = Record<string, D1Database> & { FILES: R2Bucket; SITE: R2Bucket };

/** Every commune's local D1 and the shared buckets, in one miniflare; `province` defaults to the state folder's registry. */
async function openLocal(stateDir: string, province?: Province) {
  // getPlatformProxy wants the versioned folder that wrangler creates inside the state folder.
  return getPlatformProxy<LocalEnv>({
    configPath: await writeLocalD1Config(stateDir, province ?? (await readRegistry(stateDir))),
    persist: { path: resolve(stateDir, 'v3') },
    remoteBindings: false,
  });
}

/** What one commune's migration run did: how many it applied, and why it stopped if it failed. */
export type MigrationOutcome = { ok: true; applied: number } | { ok: false; applied: number; reason: string };

/**
 * Applies the pending migrations of schema/migrations to one local D1, as `wrangler d1
 * migrations apply --local` does — the same `d1_migrations` table, each migration with its
 * INSERT in one batch (one transaction), stopping at the first that fails — but in the
 * miniflare already open: wrangler starts a miniflare per migration, 28 migrations took about
 * 40 s per commune on a loaded 2-core machine.
 */
export async function migrateLocalDb(db: D1Database, migrationsDir = MIGRATIONS_DIR): Promise<MigrationOutcome> {
  let applied = 0;
  let name = '';
  try {
    await db.exec('CREATE TABLE IF NOT EXISTS "d1_migrations"(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);');
    const done = new Set((await db.prepare('SELECT name FROM "d1_migrations" ORDER BY id').all<{ name: string }>()).results.map((r) => r.name));
    const pending = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql') && !done.has(f)).sort();
    for (name of pending) {
      const sql = `${await readFile(join(migrationsDir, name), 'utf8')}\nINSERT INTO "d1_migrations" (name) values ('${name.replace(/'/g, "''")}');`;
      await db.batch(unstable_splitSqlQuery(sql).map((q) => db.prepare(q)));
      applied++;
    }
    return { ok: true, applied };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    return { ok: false, applied, reason: `${name ? `${name}: ` : ''}${cause.split('\n')[0]}` };
  }
}

/**
 * Migrates the given communes of a state folder (all of its registry by default), one after
 * the other, and reports each as it finishes; a failure stops that commune only. The province's
 * own database (PROVINCE_DB, schema/province-migrations) comes last, when `only` is not given or
 * names it.
 */
export async function migrateLocalCommunes(
  stateDir: string,
  province?: Province,
  onOutcome: (binding: string, outcome: MigrationOutcome) => void = () => {},
  only?: string[],
): Promise<Map<string, MigrationOutcome>> {
  const registry = province ?? (await readRegistry(stateDir));
  const proxy = await openLocal(stateDir, registry);
  const outcomes = new Map<string, MigrationOutcome>();
  try {
    for (const { binding } of registry.communes) {
      if (only && !only.includes(binding)) continue;
      const outcome = await migrateLocalDb(proxy.env[binding]!);
      outcomes.set(binding, outcome);
      onOutcome(binding, outcome);
    }
    if (!only || only.includes(PROVINCE_DB_BINDING)) {
      const outcome = await migrateLocalDb(proxy.env[PROVINCE_DB_BINDING]!, PROVINCE_MIGRATIONS_DIR);
      outcomes.set(PROVINCE_DB_BINDING, outcome);
      onOutcome(PROVINCE_DB_BINDING, outcome);
    }
  } finally {
    await proxy.dispose();
  }
  return outcomes;
}

/** Applies one commune's migrations (default the seed's `DB`); throws with the reason when one fails. */
export async function applyMigrations(stateDir: string, binding = 'DB', province?: Province): Promise<void> {
  const outcome = (await migrateLocalCommunes(stateDir, province, undefined, [binding])).get(binding);
  if (!outcome) throw new Error(`No commune on D1 binding ${binding} in ${stateDir}`);
  if (!outcome.ok) throw new Error(`D1 ${binding}: ${outcome.reason}`);
}

/** Every commune's local D1 by binding, and the shared buckets, in one miniflare. */
export async function withLocalEnv<T>(stateDir: string, fn: (env: LocalEnv) => Promise<T>, province?: Province): Promise<T> {
  const proxy = await openLocal(stateDir, province);
  try {
    return await fn(proxy.env);
  } finally {
    await proxy.dispose();
  }
}

/**
 * The local D1 of one commune (default `DB`) and, for what needs the attachments' bytes
 * (backup), the local R2 `FILES`; the stored citizen pages (`SITE`) for what counts them (bench).
 */
export async function withLocalDb<T>(stateDir: string, fn: (db: D1Database, files: R2Bucket, site: R2Bucket) => Promise<T>, binding = 'DB', province?: Province): Promise<T> {
  const proxy = await openLocal(stateDir, province);
  try {
    const db = proxy.env[binding];
    if (!db) throw new Error(`No D1 binding ${binding} in ${stateDir}`);
    return await fn(db, proxy.env.FILES, proxy.env.SITE);
  } finally {
    await proxy.dispose();
  }
}

/**
 * The SQLite file of a commune's local D1, for what must reach the file itself (tests that lock
 * it, or read it while the portal runs). Miniflare keeps a D1 database in a Durable Object named
 * by its `database_id`, and names the file after the object's id, which workerd's
 * `idFromName` derives as below (checked against the files wrangler 4.164 writes).
 */
export async function localD1File(stateDir: string, binding = 'DB'): Promise<string> {
  const entry = d1Entries(await peekRegistry(stateDir)).find((d) => d.binding === binding);
  if (!entry) throw new Error(`No D1 binding ${binding} in ${stateDir}`);
  const key = createHash('sha256').update('miniflare-D1DatabaseObject').digest();
  const name = createHmac('sha256', key).update(entry.database_id).digest().subarray(0, 16);
  const check = createHmac('sha256', key).update(name).digest().subarray(0, 16);
  return resolve(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject', `${Buffer.concat([name, check]).toString('hex')}.sqlite`);
}

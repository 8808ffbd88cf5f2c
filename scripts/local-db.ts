import { resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import type { Province } from '../schema/communes.ts';
import { readRegistry, writeLocalD1Config } from './province.ts';
import { ROOT, run } from './wrangler.ts';

/**
 * The local D1 and R2 under a state folder: the same files `wrangler dev --persist-to` uses.
 * Each commune has its own D1 (its registry `binding`); `DB`, the seed commune's, is the one of
 * wrangler.toml, and the others come from the state folder's registry (scripts/province.ts).
 */

export const DEFAULT_STATE_DIR = resolve(ROOT, '.wrangler/state');

/** The wrangler config that declares `binding` for this state folder. */
async function configFor(stateDir: string, binding: string, province?: Province): Promise<string> {
  if (binding === 'DB') return resolve(ROOT, 'wrangler.toml');
  return writeLocalD1Config(stateDir, province ?? (await readRegistry(stateDir)));
}

/** What one commune's migration run did. */
export type MigrationOutcome = { ok: true; applied: number } | { ok: false; reason: string };

/**
 * Applies the pending migrations to one commune's local D1. `province` is the registry to take
 * the binding from when it is not yet the state folder's (commune:add migrates before it writes).
 */
export async function migrateCommune(stateDir: string, binding: string, province?: Province): Promise<MigrationOutcome> {
  const config = await configFor(stateDir, binding, province);
  try {
    const output = await run('wrangler', ['d1', 'migrations', 'apply', binding, '--local', '--persist-to', stateDir, '-c', config]);
    return { ok: true, applied: Number(/About to apply (\d+) migration/.exec(output)?.[1] ?? 0) };
  } catch (error) {
    return { ok: false, reason: migrationFailure((error as Error).message) };
  }
}

/** The line of wrangler's output that says why a migration failed (its first error). */
export function migrationFailure(output: string): string {
  const lines = output.split('\n').map((l) => l.trim());
  const failed = lines.findIndex((l) => /^Migration .* failed with the following errors/.test(l) || l.includes('[ERROR]'));
  if (failed === -1) return lines.filter(Boolean).at(-1) ?? 'wrangler failed';
  const next = lines.slice(failed + 1).find((l) => l && !l.startsWith('['));
  return [lines[failed]!.replace(/^✘ \[ERROR\] /, '').replace(/^.*\[ERROR\] /, ''), next].filter(Boolean).join(' ').slice(0, 300);
}

/** Applies one commune's migrations (default the seed's `DB`); throws with the reason when one fails. */
export async function applyMigrations(stateDir: string, binding = 'DB', province?: Province): Promise<void> {
  const outcome = await migrateCommune(stateDir, binding, province);
  if (!outcome.ok) throw new Error(`D1 ${binding}: ${outcome.reason}`);
}

/**
 * The local D1 of one commune (default `DB`) and, for what needs the attachments' bytes
 * (backup), the local R2 `FILES`; the stored citizen pages (`SITE`) for what counts them (bench).
 */
export async function withLocalDb<T>(stateDir: string, fn: (db: D1Database, files: R2Bucket, site: R2Bucket) => Promise<T>, binding = 'DB'): Promise<T> {
  // getPlatformProxy wants the versioned folder that wrangler creates inside the state folder.
  const proxy = await getPlatformProxy<Record<string, D1Database> & { FILES: R2Bucket; SITE: R2Bucket }>({
    configPath: await configFor(stateDir, binding),
    persist: { path: resolve(stateDir, 'v3') },
    remoteBindings: false,
  });
  try {
    const db = proxy.env[binding] as D1Database | undefined;
    if (!db) throw new Error(`No D1 binding ${binding} in ${stateDir}`);
    return await fn(db, proxy.env.FILES, proxy.env.SITE);
  } finally {
    await proxy.dispose();
  }
}

import { resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { ROOT, run } from './wrangler.ts';

/** The local D1 and R2 under a state folder: the same files `wrangler dev --persist-to` uses. */

export const DEFAULT_STATE_DIR = resolve(ROOT, '.wrangler/state');

export async function applyMigrations(stateDir: string): Promise<void> {
  await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir, '-c', 'wrangler.toml']);
}

/**
 * The local D1 and, for what needs the attachments' bytes (backup), the local R2 `FILES`; the
 * stored citizen pages (`SITE`) for what counts them (bench).
 */
export async function withLocalDb<T>(stateDir: string, fn: (db: D1Database, files: R2Bucket, site: R2Bucket) => Promise<T>): Promise<T> {
  // getPlatformProxy wants the versioned folder that wrangler creates inside the state folder.
  const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket; SITE: R2Bucket }>({
    configPath: resolve(ROOT, 'wrangler.toml'),
    persist: { path: resolve(stateDir, 'v3') },
    remoteBindings: false,
  });
  try {
    return await fn(proxy.env.DB, proxy.env.FILES, proxy.env.SITE);
  } finally {
    await proxy.dispose();
  }
}

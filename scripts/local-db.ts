import { resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { ROOT, run } from './wrangler.ts';

/** The local D1 and R2 under a state folder: the same files `wrangler dev --persist-to` uses. */

export const DEFAULT_STATE_DIR = resolve(ROOT, '.wrangler/state');

export async function applyMigrations(stateDir: string): Promise<void> {
  await run('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir, '-c', 'wrangler.toml']);
}

/** The local D1 and, for what needs the attachments' bytes (backup), the local R2 `FILES`. */
export async function withLocalDb<T>(stateDir: string, fn: (db: D1Database, files: R2Bucket) => Promise<T>): Promise<T> {
  // getPlatformProxy wants the versioned folder that wrangler creates inside the state folder.
  const proxy = await getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
    configPath: resolve(ROOT, 'wrangler.toml'),
    persist: { path: resolve(stateDir, 'v3') },
    remoteBindings: false,
  });
  try {
    return await fn(proxy.env.DB, proxy.env.FILES);
  } finally {
    await proxy.dispose();
  }
}

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './wrangler.ts';

/**
 * `npm run deploy:check`: `wrangler deploy --dry-run` on the real Worker and configuration,
 * without an account. The site itself is built from D1 at deploy time, so a one-file stand-in
 * takes the place of the assets here.
 */
const dir = await mkdtemp(join(tmpdir(), 'deploy-check-'));
try {
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'index.html'), '<!doctype html><html lang="vi"><title>kiểm tra</title></html>');
  const output = await run('wrangler', ['deploy', '--dry-run', '-c', 'wrangler.toml', '--outdir', join(dir, 'out'), '--assets', join(dir, 'assets')]);
  const upload = /Total Upload: .*/.exec(output)?.[0] ?? '';
  console.log(`wrangler deploy --dry-run passed. ${upload}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

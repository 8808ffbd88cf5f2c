import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { getOnHost, startLocalPortal, type Portal } from '../../scripts/local-portal.ts';
import { demoCredentials } from '../../scripts/seed.ts';

/**
 * Issue 24, item 3: `npm run commune:add` against a running `npm start` — the new commune is
 * served within a minute, without a restart (wrangler dev reloads the config the command
 * rewrites). A portal of its own: the command changes the province every file would share.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const dir = await mkdtemp(join(tmpdir(), 'cong-khai-commune-add-'));
let portal: Portal | undefined;
afterAll(async () => {
  await portal?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The page `path` of the portal as a browser asking for `host` gets it (*.localhost is loopback). */
const page = (host: string, path = '/') => getOnHost(Number(new URL(portal!.url).port), host, path);

it('a commune added while the portal runs is served on its host within a minute, empty, beside the others', { timeout: 400_000 }, async () => {
  const stateDir = join(dir, 'state');
  portal = await startLocalPortal({ port: 0, stateDir, credentials: demoCredentials({}), log: () => {}, everyCommune: true });
  const started = Date.now();
  const added = await new Promise<{ code: number; out: string }>((done) =>
    execFile(process.execPath, [join(ROOT, 'scripts/commune-add.ts'), '--code', '25252', '--name', 'Tân Mỹ', '--kind', 'xa', '--host', 'tan-my.localhost'], { cwd: ROOT, env: { ...process.env, PORTAL_STATE_DIR: stateDir } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
  expect(added.out).toContain('Cổng đang chạy phục vụ xã mới tại http://tan-my.localhost:');
  expect(added.code, added.out).toBe(0);
  // A figure, not a bound (it depends on the machine's load).
  console.log(`commune:add against a running portal: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const home = await page('tan-my.localhost');
  expect(home.status).toBe(200);
  expect(home.body).toContain('Tân Mỹ');
  expect(home.body).not.toContain('78/BC-UBND');
  // The seed town and an illustration commune are still served as they were.
  expect((await page('localhost')).body).toContain('Bình Dương');
  expect((await page('xa-minh-hoa-mot.localhost')).body).toContain('Minh họa Một');
  // The province's list follows: its pages are published after the new commune's first job.
  const deadline = Date.now() + 60_000;
  let list = await page('tinh.localhost');
  while (!list.body.includes('Tân Mỹ') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    list = await page('tinh.localhost');
  }
  expect(list.body).toContain('Tân Mỹ');
  expect(list.body).toContain('Bình Dương');
});

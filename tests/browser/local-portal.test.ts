import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { withLocalDb } from '../../scripts/local-db.ts';
import { startLocalPortal, type Portal } from '../../scripts/local-portal.ts';
import { demoCredentials } from '../../scripts/seed.ts';

/** Issue 16, items 11 and 13: local portals side by side, and a restart. */

const parent = await mkdtemp(join(tmpdir(), 'cong-khai-portals-'));
const credentials = demoCredentials({});
const open: Portal[] = [];
afterAll(async () => {
  await Promise.all(open.map((p) => p.close()));
  await rm(parent, { recursive: true, force: true });
});

async function start(name: string, log?: (line: string) => void): Promise<Portal> {
  const portal = await startLocalPortal({ port: 0, stateDir: join(parent, name), credentials, log: log ?? (() => {}) });
  open.push(portal);
  return portal;
}
async function stop(portal: Portal) {
  open.splice(open.indexOf(portal), 1);
  await portal.close();
}

it('starting a second portal in a sibling state folder leaves the first serving its pages', { timeout: 300_000 }, async () => {
  const first = await start('a');
  await stop(await start('b'));
  expect((await fetch(`${first.url}/`)).status).toBe(200);
  await stop(first);
});

it('a restart serves the pages already published at once, then publishes everything again', { timeout: 200_000 }, async () => {
  // A row stored before today's rules (a control character in its title): the publish leaves it out (checked below).
  await withLocalDb(join(parent, 'a'), (db) =>
    db
      .prepare(
        `INSERT INTO disclosures (slug, title, category, issued_on, issuer, summary, channels, posting_start, permanent, status, created_at, updated_at, published_at)
         VALUES ('tieu-de-hong', 'Tiêu đề\u0001 hỏng', 'ngan-sach', '2024-06-24', 'UBND', 'x', '["portal"]', '2024-06-24', 1, 'published', ?1, ?1, ?1)`,
      )
      .bind(new Date().toISOString())
      .run(),
  );
  const started = Date.now();
  const portal = await start('a');
  expect((await fetch(`${portal.url}/`)).status).toBe(200);
  // A figure, not a bound (it depends on the machine's load).
  console.log(`restart served the stored pages after ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

it('the admin home says when the pages were published and names the row the publish left out', { timeout: 120_000 }, async () => {
  const portal = open.at(-1)!;
  const login = await fetch(`${portal.url}/admin/dang-nhap`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(portal.url).origin },
    body: new URLSearchParams({ email: credentials.email, password: credentials.password }),
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const home = async () => (await fetch(`${portal.url}/admin/`, { headers: { cookie } })).text();
  // The restart's full publish: "Đã công khai" once every page of its job is stored.
  await expect.poll(async () => (await home()).includes('Đã công khai lúc'), { timeout: 110_000, interval: 500 }).toBe(true);
  const page = await home();
  expect(page).toMatch(/Đã công khai lúc <time datetime="[^"]+">[^<]+<\/time>: \d+ trang, mất [\d,]+ giây kể từ khi lưu/);
  expect(page).toMatch(/Không xuất bản được: <a href="\/cong-khai\/tieu-de-hong\/">\/cong-khai\/tieu-de-hong\/<\/a>: nội dung số \d+: /);
  // Left out means not served: the bad row has no page.
  expect((await fetch(`${portal.url}/cong-khai/tieu-de-hong/`)).status).toBe(404);
});

it('closing (Ctrl-C) stops the portal: nothing answers on its port any more', { timeout: 200_000 }, async () => {
  const portal = open.at(-1) ?? (await start('a'));
  expect((await fetch(`${portal.url}/api/v1/health`)).status).toBe(200);
  await stop(portal);
  await expect(fetch(`${portal.url}/`)).rejects.toThrow();
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { withLocalDb } from '../../scripts/local-db.ts';
import { startLocalPortal, type Portal } from '../../scripts/local-portal.ts';
import { demoCredentials } from '../../scripts/seed.ts';
import type { SiteStamp } from '../../schema/publish-state.ts';

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

it('a restart serves the last build within seconds, then publishes', { timeout: 200_000 }, async () => {
  // A row stored before today's rules (a control character in its title): the build leaves it out (checked below).
  await withLocalDb(join(parent, 'a'), (db) =>
    db
      .prepare(
        `INSERT INTO disclosures (slug, title, category, issued_on, issuer, summary, channels, posting_start, permanent, status, created_at, updated_at, published_at)
         VALUES ('tieu-de-hong', 'Tiêu đề\u0001 hỏng', 'ngan-sach', '2024-06-24', 'UBND', 'x', '["portal"]', '2024-06-24', 1, 'published', ?1, ?1, ?1)`,
      )
      .bind(new Date().toISOString())
      .run(),
  );
  const lines: string[] = [];
  const started = Date.now();
  const portal = await start('a', (line) => lines.push(line));
  expect((await fetch(`${portal.url}/`)).status).toBe(200);
  // The property: the last build is served before the new one is published. The time is a
  // figure, not a bound (it depends on the machine's load).
  console.log(`restart served the last build after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(lines.some((l) => l.startsWith('Đã xuất bản'))).toBe(false);
  await expect.poll(() => lines.some((l) => l.startsWith('Đã xuất bản')), { timeout: 110_000, interval: 500 }).toBe(true);
  expect((await fetch(`${portal.url}/`)).status).toBe(200);
});

it('the admin home names the row the last build left out and the build it serves', { timeout: 60_000 }, async () => {
  const portal = open.at(-1)!;
  const login = await fetch(`${portal.url}/admin/dang-nhap`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(portal.url).origin },
    body: new URLSearchParams({ email: credentials.email, password: credentials.password }),
    redirect: 'manual',
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${portal.url}/admin/`, { headers: { cookie } })).text();
  expect(page).toMatch(/Không xuất bản được: <a href="\/admin\/cong-khai\/\d+">nội dung số \d+ \(tieu-de-hong\)<\/a>: /);
  expect(page).toContain('Lần xuất bản thành công gần nhất');
  // The stamp of the build citizens are served, written by that build and read back through the assets binding.
  const stamp = (await (await fetch(`${portal.url}/phien-ban.json`)).json()) as SiteStamp;
  expect(Date.parse(stamp.readAt)).toBeGreaterThan(Date.now() - 600_000);
  // The list the admin shows is the one that build wrote into its stamp (it writes nothing to D1).
  expect(stamp.unpublishable).toEqual([{ id: expect.any(Number), slug: 'tieu-de-hong', reason: expect.any(String) }]);
  expect(page).toContain(`Trang công khai đang phục vụ</dt><dd>bản dựng từ dữ liệu lúc <time datetime="${stamp.readAt}">`);
  expect(page).not.toContain('Trang chưa được dựng lại');
});

it('closing (Ctrl-C) refuses new connections but lets a save in flight finish', { timeout: 200_000 }, async () => {
  const portal = open.at(-1) ?? (await start('a'));
  const { request } = await import('node:http');
  const url = new URL(portal.url);
  const body = JSON.stringify({
    title: 'Thông báo lịch tiếp công dân tháng 7',
    category: 'thong-tin-khac',
    documentNumber: '79/TB-UBND',
    issuedOn: '2024-06-24',
    issuer: 'Ủy ban nhân dân thị trấn Bình Dương',
    summary: 'Lưu trong khi cổng đang dừng.',
    body: '',
    channels: ['portal'],
    postingStart: '2024-06-24',
    postingEnd: '2024-07-31',
  });
  const bytes = Buffer.from(body);
  let status = 0;
  const answered = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        method: 'POST',
        path: '/api/v1/disclosures',
        headers: { host: url.host, authorization: `Bearer ${credentials.apiToken}`, 'content-type': 'application/json', 'content-length': bytes.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve((status = res.statusCode ?? 0)));
      },
    );
    req.on('error', reject);
    // Half the body now, the rest once the portal is closing: the request is in flight.
    req.write(bytes.subarray(0, 40));
    setTimeout(() => req.end(bytes.subarray(40)), 1_500);
  });
  await new Promise((r) => setTimeout(r, 300));
  const closing = stop(portal);
  await new Promise((r) => setTimeout(r, 300));
  await expect(fetch(`${portal.url}/`)).rejects.toThrow();
  expect(await answered).toBe(201);
  await closing;
  expect(status).toBe(201);
});

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1File } from '../../scripts/local-db.ts';
import { getOnHost, startLocalPortal, type Portal } from '../../scripts/local-portal.ts';
import { peekRegistry } from '../../scripts/province.ts';
import { demoCredentials } from '../../scripts/seed.ts';
import { PROCEDURE_COLUMN_KEYS, type ProcedureColumn } from '../../schema/statistics/procedure-stats.ts';
import { chromiumForThisFile, PHONE } from './browser.ts';

/**
 * The demo province on a real portal (issue 24): `npm run commune:add` against a running
 * `npm start` (item 3), then the province's host in Chromium (item 5) — the list of communes,
 * Biểu 06 summed with "chưa báo cáo", the duty board, search across communes — an alias host
 * (301) and an unknown one (404). A portal of its own with every commune published: the command
 * changes the province every file would share. The tests run in order: the later ones read the
 * commune the first adds (its alias, its "chưa báo cáo" row).
 */

const ROOT = resolve(import.meta.dirname, '../..');
const dir = await mkdtemp(join(tmpdir(), 'cong-khai-province-'));
const stateDir = join(dir, 'state');
const browser = chromiumForThisFile();
let portal: Portal | undefined;
beforeAll(async () => {
  portal = await startLocalPortal({ port: 0, stateDir, credentials: demoCredentials({}), log: () => {}, everyCommune: true });
}, 400_000);
afterAll(async () => {
  await portal?.close();
  await rm(dir, { recursive: true, force: true });
});

const port = () => Number(new URL(portal!.url).port);
/** The page `path` of the portal as a client asking for `host` gets it (Node does not resolve *.localhost; Chromium does). */
const onHost = (host: string, path = '/') => getOnHost(port(), host, path);
const origin = (host: string) => `http://${host}:${port()}`;
const PROVINCE = 'tinh.localhost';

/** A phone page in Chromium, closed after `use`. */
async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser().newContext(PHONE);
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** Opens `url`, expects 200 and a page without a single script (the province's pages work without JavaScript). */
async function open(page: Page, url: string): Promise<void> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  expect(await page.locator('script').count(), `scripts on ${url}`).toBe(0);
}

it('a commune added while the portal runs is served on its host within a minute, empty, beside the others', { timeout: 200_000 }, async () => {
  const started = Date.now();
  const added = await new Promise<{ code: number; out: string }>((done) =>
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/commune-add.ts'), '--code', '25252', '--name', 'Tân Mỹ', '--kind', 'xa', '--host', 'tan-my.localhost', '--alias', 'tanmy-cu.localhost'],
      { cwd: ROOT, env: { ...process.env, PORTAL_STATE_DIR: stateDir } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
  expect(added.out).toContain('Cổng đang chạy phục vụ xã mới tại http://tan-my.localhost:');
  expect(added.code, added.out).toBe(0);
  // A figure, not a bound (it depends on the machine's load).
  console.log(`commune:add against a running portal: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const home = await onHost('tan-my.localhost');
  expect(home.status).toBe(200);
  expect(home.body).toContain('Tân Mỹ');
  expect(home.body).not.toContain('78/BC-UBND');
  // The seed town and an illustration commune are still served as they were.
  expect((await onHost('localhost')).body).toContain('Bình Dương');
  expect((await onHost('xa-minh-hoa-mot.localhost')).body).toContain('Minh họa Một');
  // The province's list follows: its pages are published after the new commune's first job.
  const deadline = Date.now() + 60_000;
  let list = await onHost(PROVINCE);
  while (!list.body.includes('Tân Mỹ') && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    list = await onHost(PROVINCE);
  }
  expect(list.body).toContain('Tân Mỹ');
  expect(list.body).toContain('Bình Dương');
});

describe('the province on its host, in Chromium', () => {
  it('lists every commune with a link to its own host; an alias answers 301 to the main host, an unknown host 404, an unknown path of the province 404; robots.txt', async () => {
    const { items } = JSON.parse((await onHost(PROVINCE, '/api/v1/communes')).body) as { items: { slug: string; mainHost: string; name: string }[] };
    expect(items.map((c) => c.slug)).toEqual(['thi-tran-binh-duong', 'xa-minh-hoa-mot', 'phuong-minh-hoa-hai', 'xa-tan-my']);
    await withPage(async (page) => {
      await open(page, `${origin(PROVINCE)}/`);
      const links = await page.locator('main li.item h2 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links).toEqual(items.map((c) => `${origin(c.mainHost)}/`));
      // A link leads to the commune's own portal.
      await page.locator('main li.item h2 a', { hasText: 'Minh họa Hai' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).hostname).toBe('phuong-minh-hoa-hai.localhost');
      await expect(page.locator('h1, .site-header').first().textContent()).resolves.toContain('Minh họa Hai');

      // The old host of the commune added above: 301 to its main host, path and query kept.
      const moved = await page.goto(`${origin('tanmy-cu.localhost')}/cong-khai/?trang=1`);
      expect(moved?.request().redirectedFrom()?.url()).toBe(`${origin('tanmy-cu.localhost')}/cong-khai/?trang=1`);
      expect((await moved!.request().redirectedFrom()!.response())?.status()).toBe(301);
      expect(page.url()).toBe(`${origin('tan-my.localhost')}/cong-khai/?trang=1`);

      const unknown = await page.goto(`${origin('khong-co-xa-nay.localhost')}/`);
      expect(unknown?.status()).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('Không có cổng thông tin ở địa chỉ này');

      // An unknown address on the province's host: its own 404 page, not "being published" (503).
      const missing = await page.goto(`${origin(PROVINCE)}/khong-co-trang-nay/`);
      expect(missing?.status()).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('Không tìm thấy trang');
    });
    const robots = await onHost(PROVINCE, '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.body).toContain('Disallow: /admin/');
  });

  it('sums Biểu 06 per period to the communes’ own published figures; a commune without the period is "chưa báo cáo"; the duty board lists every commune', async () => {
    const { items } = JSON.parse((await onHost(PROVINCE, '/api/v1/communes')).body) as { items: { slug: string; mainHost: string }[] };
    // Each commune's own open data: its rows per period, summed per column as its own total row
    // (a column with an unknown cell is unknown), then across communes over the known totals.
    type Row = Record<ProcedureColumn, number | null> & { period: string };
    const perCommune = await Promise.all(items.map(async (c) => JSON.parse((await onHost(c.mainHost, '/du-lieu/thu-tuc-hanh-chinh.json')).body) as Row[]));
    const periods = [...new Set(perCommune.flat().map((r) => r.period))];
    expect(periods.length, 'the seed town publishes 78/BC-UBND’s period').toBeGreaterThan(0);
    await withPage(async (page) => {
      await open(page, `${origin(PROVINCE)}/thu-tuc/`);
      for (const period of periods) {
        const totals = perCommune.map((rows) => {
          const mine = rows.filter((r) => r.period === period);
          if (!mine.length) return null;
          return Object.fromEntries(PROCEDURE_COLUMN_KEYS.map((k) => [k, mine.some((r) => r[k] === null) ? null : mine.reduce((a, r) => a + r[k]!, 0)])) as Record<ProcedureColumn, number | null>;
        });
        const unreported = totals.filter((t) => t === null).length;
        const expected = PROCEDURE_COLUMN_KEYS.map((k) => {
          const known = totals.flatMap((t) => (t && t[k] !== null ? [t[k]!] : []));
          if (!known.length) return '—';
          const sum = known.reduce((a, b) => a + b, 0).toLocaleString('vi-VN');
          return known.length === totals.length ? sum : `≥ ${sum}`;
        });
        const section = page.locator('section', { has: page.locator(`h2[id="${period}"]`) });
        const cells = (await section.locator('tfoot td').allTextContents()).map((t) => t.trim());
        expect(cells, period).toEqual(expected);
        // The two illustration communes and the one just added have no table: "chưa báo cáo", never 0.
        expect(unreported).toBe(3);
        await expect(section.textContent()).resolves.toContain(`${unreported} xã chưa báo cáo`);
        expect(await section.locator('tbody th', { hasText: 'chưa báo cáo' }).count()).toBe(unreported);
      }
      // The province's open data gives each commune's own total, and null (never 0) where it has none.
      const open06 = JSON.parse((await onHost(PROVINCE, '/du-lieu/thu-tuc.json')).body) as { rows: (Row & { commune: string; reported: boolean })[] };
      for (const period of periods) {
        items.forEach((c, i) => {
          const row = open06.rows.find((r) => r.period === period && r.commune === c.slug)!;
          const mine = perCommune[i]!.filter((r) => r.period === period);
          expect(row.reported, `${c.slug} ${period}`).toBe(mine.length > 0);
          for (const k of PROCEDURE_COLUMN_KEYS) {
            expect(row[k], `${c.slug} ${period} ${k}`).toBe(mine.length === 0 || mine.some((r) => r[k] === null) ? null : mine.reduce((a, r) => a + r[k]!, 0));
          }
        });
      }
      await open(page, `${origin(PROVINCE)}/nghia-vu-cong-khai/`);
      const names = await page.locator('main table').first().locator('tbody th a').allTextContents();
      expect(names).toHaveLength(items.length);
      expect(names.join(' | ')).toContain('Bình Dương');
      expect(names.join(' | ')).toContain('Tân Mỹ');
      await page.locator('main table tbody th a', { hasText: 'Bình Dương' }).click();
      await page.waitForLoadState('load');
      expect(new URL(page.url()).pathname).toBe('/nghia-vu-cong-khai/thi-tran-binh-duong/');
      expect(await page.locator('script').count()).toBe(0);
    });
  });

  it('lists every commune’s public disclosures as open data, each linked to its page on the commune’s host', async () => {
    const { items } = JSON.parse((await onHost(PROVINCE, '/api/v1/communes')).body) as { items: { slug: string; mainHost: string }[] };
    const list = JSON.parse((await onHost(PROVINCE, '/du-lieu/cong-khai.json')).body) as { communesNotRead: string[]; rows: { commune: string; url: string; title: string; documentNumber: string | null }[] };
    expect(list.communesNotRead).toEqual([]);
    for (const c of items) {
      const own = JSON.parse((await onHost(c.mainHost, '/du-lieu/cong-khai.json')).body) as { slug: string; title: string; documentNumber: string }[];
      const rows = list.rows.filter((r) => r.commune === c.slug);
      expect(rows.map((r) => [r.title, r.url, r.documentNumber]), c.slug).toEqual(own.map((d) => [d.title, `${origin(c.mainHost)}/cong-khai/${d.slug}/`, d.documentNumber || null]));
    }
    expect(list.rows.some((r) => r.title.includes('78/BC-UBND'))).toBe(true);
    const csv = await onHost(PROVINCE, '/du-lieu/cong-khai.csv');
    expect(csv.status).toBe(200);
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(list.rows.length + 1);
  });

  it('searches every commune from the province’s host: a query typed without diacritics finds the seed town’s plan, linked on its host; a commune whose D1 is locked is named "chưa tìm được"; all locked: 503', async () => {
    // A commune's D1 held locked, as an outage would (tests/browser/d1-down.test.ts). Taking a lock
    // waits until the portal's D1 object has been idle for about 10 s (measured: 9.5 s), so the
    // illustration commune is locked first, before any search reads it, and the rest once.
    const locks: DatabaseSync[] = [];
    const lock = async (binding: string) => {
      const db = new DatabaseSync(await localD1File(stateDir, binding));
      db.exec('PRAGMA busy_timeout = 20000; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; UPDATE unit SET id = id;');
      locks.push(db);
    };
    try {
      await lock('DB_XA_MINH_HOA_MOT');
      await withPage(async (page) => {
        await open(page, `${origin(PROVINCE)}/`);
        await page.getByRole('link', { name: 'Tìm kiếm' }).click();
        await page.waitForLoadState('load');
        await page.getByLabel('Từ cần tìm').fill('cai cach hanh chinh');
        await page.getByRole('button', { name: 'Tìm' }).click();
        await page.waitForLoadState('load');
        expect(new URL(page.url()).pathname).toBe('/tim-kiem/');
        expect(await page.locator('script').count()).toBe(0);
        // The locked commune is named; the others still answer.
        await expect(page.locator('#chua-tim-duoc').textContent()).resolves.toContain('Xã Minh họa Một: chưa tìm được');
        const group = page.locator('section.commune-results', { has: page.getByRole('heading', { name: /Bình Dương/ }) });
        const hit = group.getByRole('link', { name: 'Kế hoạch cải cách hành chính thị trấn năm 2024' });
        const href = await hit.getAttribute('href');
        expect(href).toMatch(new RegExp(`^${origin('localhost')}/cong-khai/[^/]+/$`));
        // The phrase first: the group opens with a result holding the words together (no "có đủ các từ" / "một phần" note).
        expect(await group.locator('li.item').first().locator('.meta').textContent()).not.toMatch(/có đủ các từ|có một phần từ/);
        await hit.click();
        await page.waitForLoadState('load');
        expect(page.url()).toBe(href);
        await expect(page.locator('h1').textContent()).resolves.toContain('Kế hoạch cải cách hành chính thị trấn năm 2024');

        for (const c of (await peekRegistry(stateDir)).communes) if (c.binding !== 'DB_XA_MINH_HOA_MOT') await lock(c.binding);
        const down = await page.goto(`${origin(PROVINCE)}/tim-kiem/?q=cai+cach+hanh+chinh`);
        expect(down?.status()).toBe(503);
        await expect(page.locator('h1').textContent()).resolves.toBe('Tìm kiếm tạm thời chưa dùng được');
      });
    } finally {
      for (const db of locks) {
        db.exec('ROLLBACK');
        db.close();
      }
    }
  });
});

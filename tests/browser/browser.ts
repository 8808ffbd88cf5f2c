import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { publishBacklog, startLocalPortal, type Portal } from '../../scripts/local-portal.ts';
import { demoCredentials } from '../../scripts/seed.ts';

/**
 * Debian's Chromium, headless. No browser is downloaded: `.ci/run` installs the `chromium`
 * package. The background-networking flags keep it from calling Google's hosts, which this
 * machine cannot reach.
 */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A cheap Android phone's screen. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' };

/** Polls `check` until it is true; returns the milliseconds it took. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

/**
 * Clicks a control that sends a form or follows a link, and waits until the page it leads to
 * has loaded. Playwright's click returns once the navigation commits, before the new document
 * is parsed; a count() read at once can see half a page (a CI run read 0 of 1 list items so).
 */
export async function clickAndLoad(page: import('playwright-core').Page, control: import('playwright-core').Locator): Promise<void> {
  await control.click();
  await page.waitForLoadState('load');
}

/** Logs in as the demo official through the real form (no shortcuts). */
export async function loginAsDemo(page: import('playwright-core').Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/admin/dang-nhap`);
  await page.getByLabel('Thư điện tử').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/admin\/$/);
}

/** Elements wider than the viewport or sticking out of it, outside deliberate horizontal scrollers. */
export function overflowing(page: import('playwright-core').Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      // A wide table inside a labelled scroller with a cue, and the site's sections strip on a phone
      // (it fades out at its edge), are meant to scroll; hidden helpers sit off-screen on purpose.
      if (el.closest('.table-scroll, .skip, thead, .site-header nav ul') || getComputedStyle(el).position === 'absolute') continue;
      // What a person cannot see (a closed <details> menu's links) cannot overflow their screen.
      if (!el.checkVisibility()) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    }
    if (document.documentElement.scrollWidth > width) out.push(`document scrollWidth ${document.documentElement.scrollWidth}`);
    return out;
  });
}

/**
 * Waits until the portal has no publish job pending (`GET /api/v1/health`): every page of the
 * last change is stored. A page that shows a change may be stored before the other pages of its
 * job (the calendar page before its feed and session files).
 */
export async function publishSettled(base: string, timeoutMs = 90_000): Promise<void> {
  await waitFor(async () => (await publishBacklog(base))?.pending === 0, timeoutMs, 250);
}

/** One headless Chromium for the test file that calls this, started before and closed after it. */
export function chromiumForThisFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/**
 * A portal of its own for the test file that calls this, on a fresh database seeded as `npm start`
 * seeds it (the same demo credentials as the shared one), started before the file's tests and
 * removed after them. For the files that change what every other file reads — the year's days
 * off, rules that become the next session, a moved or cancelled next session — so that every file
 * passes alone and in any order. It costs one seed and one full build: the other files share the
 * portal of global-setup.ts and key their data uniquely instead.
 */
export function portalForThisFile(): { readonly url: string; readonly stateDir: string } {
  let portal: Portal | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cong-khai-own-'));
    portal = await startLocalPortal({ port: 0, stateDir: join(dir, 'state'), credentials: demoCredentials({}), log: () => {} });
    // A seed and a full build: about a minute on a quiet 2-core machine, over 5 minutes under
    // heavy load (measured). global-setup.ts has no limit for the same start; this one fails
    // only when the start is clearly stuck.
  }, 900_000);
  afterAll(async () => {
    await portal?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get url() {
      if (!portal) throw new Error('portalForThisFile: the portal starts in beforeAll; read .url inside a test');
      return portal.url;
    },
    get stateDir() {
      if (!dir) throw new Error('portalForThisFile: the portal starts in beforeAll; read .stateDir inside a test');
      return join(dir, 'state');
    },
  };
}

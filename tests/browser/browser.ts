import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

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
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > width + 1 || r.left < -1) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
    }
    if (document.documentElement.scrollWidth > width) out.push(`document scrollWidth ${document.documentElement.scrollWidth}`);
    return out;
  });
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

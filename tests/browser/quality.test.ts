import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pageTypes, type PageType } from '../../scripts/budget.ts';
import { chromiumForThisFile, PHONE } from './browser.ts';

/** Issue 7: size budgets, HTML validity, axe-core at two widths, and the admin by keyboard alone. */

const base = inject('portalUrl');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const browser = chromiumForThisFile();
let pages: PageType[];

beforeAll(async () => {
  pages = await pageTypes(base);
});

describe('budgets', () => {
  it('`npm run budget -- --url` passes on this portal: every page type within 14 KB of HTML+CSS (gzip), no script on content pages, valid HTML', async () => {
    // The documented command itself, against this portal: its exit code is the verdict.
    const run = spawnSync('npm', ['run', '--silent', 'budget', '--', '--url', base], { encoding: 'utf8', timeout: 180_000 });
    const printed = `${run.stdout}${run.stderr}`;
    expect(run.status, printed).toBe(0);
    // One measured row per page type, each within its budget.
    for (const p of pages) expect(printed, p.name).toMatch(new RegExp(`^${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .* ok$`, 'm'));
    expect(printed).toContain('Nu Html Checker: 0 errors');
  }, 200_000);
});

describe('axe-core', () => {
  for (const [label, viewport] of [
    ['phone', PHONE.viewport],
    ['desktop', { width: 1280, height: 900 }],
  ] as const) {
    it(`finds no violations on any page type at ${label} width`, async () => {
      // The pages' CSP rightly forbids injected scripts; the audit bypasses it.
      const context = await browser().newContext({ viewport, bypassCSP: true, locale: 'vi-VN' });
      const page = await context.newPage();
      const found: string[] = [];
      for (const p of pages) {
        await page.goto(`${base}${p.path}`);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
          return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
        });
        for (const v of result.violations) found.push(`${p.path}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      }
      await page.goto(`${base}/admin/dang-nhap`);
      await page.addScriptTag({ content: axeSource });
      const admin = await page.evaluate(async () => (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string }[] }> } }).axe.run(document));
      found.push(...admin.violations.map((v) => `/admin/dang-nhap: ${v.id}`));
      expect(found).toEqual([]);
      await context.close();
    }, 120_000);
  }
});

describe('the admin form by keyboard alone', () => {
  it('logs in, opens the form, fills it, gets the error summary focused, and saves a draft', async () => {
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/admin/dang-nhap`);
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('email');
    await page.keyboard.type(inject('demoEmail'));
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await page.keyboard.type(inject('demoPassword'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/$/);
    await page.goto(`${base}/admin/cong-khai/moi`);
    // Tab from the top until the title box has focus; nothing traps the keyboard on the way.
    for (let i = 0; i < 30 && (await focused()) !== 'title'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('title');
    await page.keyboard.type('Thông báo gõ bằng bàn phím');
    // Submit with the summary still empty: the error summary takes the focus.
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('loi');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toMatch(/^#/);
    for (let i = 0; i < 40 && (await focused()) !== 'category'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 40 && (await focused()) !== 'summary'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('Gõ toàn bằng bàn phím, không dùng chuột.');
    for (let i = 0; i < 80 && (await focused()) !== 'Lưu nháp'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Lưu nháp');
    await page.keyboard.press('Enter');
    await page.waitForURL(/da-luu=nhap/);
    await context.close();
  });
});

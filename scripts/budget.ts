import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

/**
 * `npm run budget`: what a citizen's phone downloads for each page type, against the budgets of
 * issue #7 — HTML + CSS for first render ≤ 14 KB gzip (one round trip), no JavaScript on content
 * pages (the embed loader excepted, ≤ 10 KB gzip), no web fonts, nothing from
 * another origin — and HTML validity by the Nu Html Checker (vnu-jar, on the machine's Java).
 * Prints a table; exits 1 on any breach. The browser tests run the same checks.
 */

const HTML_CSS_BUDGET = 14 * 1024;
const JS_BUDGET = 10 * 1024;

export interface PageType {
  name: string;
  path: string;
  /** Scripts this page may load (same origin only). */
  allowScripts: boolean;
}

interface BudgetRow {
  name: string;
  path: string;
  htmlGzip: number;
  cssGzip: number;
  jsGzip: number;
  scripts: string[];
  foreign: string[];
  fonts: boolean;
  breaches: string[];
}

const gz = (text: string | Uint8Array) => gzipSync(text).length;

/** Page types, with a real detail page and statistics period taken from the site itself. */
export async function pageTypes(base: string): Promise<PageType[]> {
  const list = await (await fetch(`${base}/cong-khai/`)).text();
  const detail = /href="(\/cong-khai\/(?!danh-muc|trang)[a-z0-9-]+\/)"/.exec(list)?.[1] ?? '/cong-khai/';
  const category = /href="(\/cong-khai\/danh-muc\/[a-z0-9-]+\/)"/.exec(await (await fetch(`${base}/`)).text())?.[1] ?? '/cong-khai/';
  // The open consultation (the demo's illustration) carries the opinion form: the heaviest of them.
  const consultations = await (await fetch(`${base}/lay-y-kien/`)).text();
  const openItem = consultations.split('<li').find((li) => li.includes('Đang lấy ý kiến')) ?? consultations;
  const consultation = /href="(\/lay-y-kien\/[a-z0-9-]+\/)"/.exec(openItem)?.[1] ?? '/lay-y-kien/';
  const decisions = await (await fetch(`${base}/nhan-dan-quyet-dinh/`)).text();
  const decision = /href="(\/nhan-dan-quyet-dinh\/(?!noi-dung)[a-z0-9-]+\/)"/.exec(decisions)?.[1] ?? '/nhan-dan-quyet-dinh/';
  const supervision = await (await fetch(`${base}/giam-sat/`)).text();
  const board = /href="(\/giam-sat\/(?!hoat-dong)[a-z0-9-]+\/)"/.exec(supervision)?.[1] ?? '/giam-sat/';
  const activity = /href="(\/giam-sat\/hoat-dong\/[a-z0-9-]+\/)"/.exec(supervision)?.[1] ?? '/giam-sat/';
  return [
    { name: 'home', path: '/', allowScripts: false },
    { name: 'list', path: '/cong-khai/', allowScripts: false },
    { name: 'category', path: category, allowScripts: false },
    { name: 'detail', path: detail, allowScripts: false },
    { name: 'calendar', path: '/lich-tiep-cong-dan/', allowScripts: false },
    { name: 'statistics', path: '/thong-ke/thu-tuc-hanh-chinh/', allowScripts: false },
    { name: 'petitions', path: '/thong-ke/don-thu/', allowScripts: false },
    { name: 'plans', path: '/ke-hoach/', allowScripts: false },
    { name: 'decisions', path: '/nhan-dan-quyet-dinh/', allowScripts: false },
    { name: 'decision', path: decision, allowScripts: false },
    { name: 'supervision', path: '/giam-sat/', allowScripts: false },
    { name: 'board', path: board, allowScripts: false },
    { name: 'supervision activity', path: activity, allowScripts: false },
    { name: 'open data', path: '/du-lieu/', allowScripts: false },
    { name: 'consultations', path: '/lay-y-kien/', allowScripts: false },
    { name: 'consultation + form', path: consultation, allowScripts: false },
    { name: 'search', path: '/tim-kiem/?q=quy+hoach', allowScripts: false },
    { name: 'embed: calendar', path: '/nhung/lich-tiep-cong-dan/', allowScripts: true },
    { name: 'embed: latest', path: '/nhung/cong-khai-moi/', allowScripts: true },
    { name: 'embed: procedures', path: '/nhung/thu-tuc-hanh-chinh/', allowScripts: true },
    { name: 'embed: consultations', path: '/nhung/lay-y-kien/', allowScripts: true },
    { name: 'embed: decisions', path: '/nhung/quyet-dinh-moi/', allowScripts: true },
    { name: 'embed: supervision', path: '/nhung/giam-sat/', allowScripts: true },
    { name: 'not found', path: '/khong-co/', allowScripts: false },
  ];
}

async function measurePage(base: string, page: PageType): Promise<BudgetRow> {
  const html = await (await fetch(`${base}${page.path}`)).text();
  const origin = new URL(base).origin;
  const attr = (tag: RegExp) => [...html.matchAll(tag)].map((m) => m[1]!);
  const stylesheets = attr(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g);
  const scripts = attr(/<script[^>]*src="([^"]+)"/g);
  const inlineScripts = [...html.matchAll(/<script(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).filter((s) => s.trim());
  // Only resources the page loads count as foreign: links to other sites do not.
  const loaded = [...stylesheets, ...scripts, ...attr(/<img[^>]+src="([^"]+)"/g), ...attr(/<iframe[^>]+src="([^"]+)"/g)];
  const foreign = loaded.filter((u) => /^https?:\/\//.test(u) && !u.startsWith(origin));
  let cssGzip = 0;
  for (const href of stylesheets) cssGzip += gz(await (await fetch(new URL(href, `${base}${page.path}`))).text());
  let jsGzip = inlineScripts.reduce((n, s) => n + gz(s), 0);
  for (const src of scripts) jsGzip += gz(await (await fetch(new URL(src, `${base}${page.path}`))).text());
  const fonts = /@font-face|fonts\.googleapis|\.woff2?\b/.test(html);
  const htmlGzip = gz(html);
  const breaches: string[] = [];
  if (htmlGzip + cssGzip > HTML_CSS_BUDGET) breaches.push(`HTML+CSS ${htmlGzip + cssGzip} B > ${HTML_CSS_BUDGET} B`);
  if (!page.allowScripts && (scripts.length || inlineScripts.length)) breaches.push('JavaScript on a content page');
  if (page.allowScripts && jsGzip > JS_BUDGET) breaches.push(`JS ${jsGzip} B > ${JS_BUDGET} B`);
  if (fonts) breaches.push('web font');
  if (foreign.length) breaches.push(`third-party: ${foreign.join(' ')}`);
  return { name: page.name, path: page.path, htmlGzip, cssGzip, jsGzip, scripts, foreign, fonts, breaches };
}

/** The one script allowed at all: the embed loader (budget 10 KB gzip); search is a plain form the Worker answers. */
async function scriptSizes(base: string): Promise<{ embedLoader: number }> {
  return { embedLoader: gz(await (await fetch(`${base}/nhung.js`)).text()) };
}

/** Nu Html Checker on each page type's HTML; returns the errors it reports. */
async function validateHtml(base: string, pages: PageType[]): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const dir = await mkdtemp(join(tmpdir(), 'vnu-'));
  try {
    await mkdir(dir, { recursive: true });
    for (const [i, p] of pages.entries()) await writeFile(join(dir, `${i}.html`), await (await fetch(`${base}${p.path}`)).text());
    const { stdout, stderr } = await promisify(execFile)('java', ['-jar', jar, '--format', 'json', '--errors-only', '--skip-non-html', dir]).catch((e) => e as { stdout: string; stderr: string });
    const report = JSON.parse(stderr || stdout || '{"messages":[]}') as { messages: { type: string; message: string; url: string }[] };
    return report.messages.filter((m) => m.type === 'error').map((m) => `${pages[Number(/(\d+)\.html$/.exec(m.url)?.[1])]?.path}: ${m.message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function formatTable(rows: BudgetRow[]): string {
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(6);
  const lines = ['page type            HTML gz  CSS gz  JS gz   total  budget  result', '-------------------- -------- ------- ------- ------- ------- ------'];
  for (const r of rows) {
    lines.push(`${r.name.padEnd(20)} ${kb(r.htmlGzip)} KB ${kb(r.cssGzip)}  ${kb(r.jsGzip)}  ${kb(r.htmlGzip + r.cssGzip)}  ${kb(HTML_CSS_BUDGET)}  ${r.breaches.length ? `FAIL ${r.breaches.join('; ')}` : 'ok'}`);
  }
  return lines.join('\n');
}

/**
 * Measures the portal at `base`; prints the table, the script sizes and the checker's errors.
 * Returns whether every budget held.
 */
async function runBudget(base: string, print: (line: string) => void = console.log): Promise<boolean> {
  const pages = await pageTypes(base);
  const rows = [];
  for (const p of pages) rows.push(await measurePage(base, p));
  print(formatTable(rows));
  const js = await scriptSizes(base);
  const k = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  print(`\nscripts (gzip): embed loader ${k(js.embedLoader)} (budget ${JS_BUDGET / 1024} KB); no other page has a script`);
  const invalid = await validateHtml(base, pages);
  print(`Nu Html Checker: ${invalid.length} errors${invalid.length ? `\n  ${invalid.join('\n  ')}` : ''}`);
  return !(rows.some((r) => r.breaches.length) || js.embedLoader > JS_BUDGET || invalid.length > 0);
}

// `npm run budget` starts a demo portal of its own; `npm run budget -- --url <base>` measures a
// running one (the browser tests run it so against their portal).
if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--url');
  let ok: boolean;
  if (at > 0) {
    ok = await runBudget(process.argv[at + 1]!.replace(/\/$/, ''));
  } else {
    const { startLocalPortal } = await import('./local-portal.ts');
    const { demoCredentials } = await import('./seed.ts');
    const dir = await mkdtemp(join(tmpdir(), 'budget-'));
    const portal = await startLocalPortal({ port: 0, stateDir: join(dir, 'state'), credentials: demoCredentials({}), log: () => {} });
    try {
      ok = await runBudget(portal.url);
    } finally {
      await portal.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
  process.exit(ok ? 0 : 1);
}

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { pageTypes } from './budget.ts';
import { startLocalPortal } from './local-portal.ts';
import { demoCredentials } from './seed.ts';

/**
 * `npm run audit:lighthouse`: Lighthouse (pinned, fetched by npx from the npm registry) with
 * Debian's Chromium and mobile emulation, on every page type of a fresh demo portal. Prints the
 * four category scores; exits 1 if any is under 98. All page types take minutes; `npm test` runs
 * it on the home page only (tests/browser/quality.test.ts).
 */
const LIGHTHOUSE = 'lighthouse@13.5.0';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// `-- --url <base>` audits a running portal instead of starting one; `-- --pages home,detail`
// audits those page types only (the browser tests run it so, on one page, inside `npm test`).
const { values: args } = parseArgs({ options: { url: { type: 'string' }, pages: { type: 'string' } } });
const dir = await mkdtemp(join(tmpdir(), 'lighthouse-'));
const portal = args.url
  ? { url: args.url.replace(/\/$/, ''), close: async () => {} }
  : await startLocalPortal({ port: 0, stateDir: join(dir, 'state'), credentials: demoCredentials({}), log: () => {} });
const only = args.pages?.split(',').map((p) => p.trim());
let failed = false;
try {
  console.log(`page type            ${CATEGORIES.map((c) => c.padStart(15)).join('')}`);
  // Lighthouse refuses to audit a 404 answer, so the not-found page is left out.
  for (const page of (await pageTypes(portal.url)).filter((p) => p.name !== 'not found' && (!only || only.includes(p.name)))) {
    const out = join(dir, 'report.json');
    // Embeds are noindex on purpose (they live inside the commune's own pages): SEO does not apply.
    const categories = page.name.startsWith('embed') ? CATEGORIES.filter((c) => c !== 'seo') : CATEGORIES;
    await promisify(execFile)(
      'npx',
      ['-y', LIGHTHOUSE, `${portal.url}${page.path}`, '--quiet', '--output=json', `--output-path=${out}`, `--only-categories=${categories.join(',')}`,
        '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update'],
      { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' }, maxBuffer: 64 * 1024 * 1024 },
    );
    const report = JSON.parse(await readFile(out, 'utf8')) as { categories: Record<string, { score: number | null }> };
    const scores = CATEGORIES.map((c) => (report.categories[c] ? Math.round((report.categories[c].score ?? 0) * 100) : null));
    if (scores.some((s) => s !== null && s < 98)) failed = true;
    console.log(`${page.name.padEnd(20)} ${scores.map((s) => String(s ?? 'n/a').padStart(15)).join('')}`);
  }
} finally {
  await portal.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

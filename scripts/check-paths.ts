import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ROOT } from './wrangler.ts';

/**
 * Citizen URLs come from schema/publishing/paths.ts only (issue 20): a route built by hand in a fifth
 * place is the one that keeps the old shape when the route changes (the disclosure URL was
 * built by hand in four). Fails when a file of schema/, functions/ or site/src/ other than
 * schema/publishing/paths.ts builds a citizen route with a parameter by hand:
 * - a template literal that starts with a citizen route, or with one `${…}` (an origin) and
 *   then the route, and has a `${…}` later in the same URL (no space or quote between):
 *   `/cong-khai/${slug}/`, `${origin}/lich-tiep-cong-dan/#buoi-${date}`;
 * - a quoted citizen route joined with `+`: '/cong-khai/' + slug;
 * - a session anchor built by hand: `buoi-${date}`.
 * The citizen routes are the top-level names under site/src/pages/ (folders and files, without
 * their extension) and the Worker's file route /tep/.
 *
 * It does not catch: a route whose prefix sits in a variable (`${base}trang/2/`), a template
 * literal over several lines, a fixed path without a parameter ('/lich-tiep-cong-dan/'), nor
 * tests and scripts, which state the URLs they expect on purpose, independently of paths.ts.
 */

/**
 * Files other branches are changing while this check lands (issue 20, session 8); each is a
 * known hand-built route to move to paths.ts. The check fails when a listed file no longer
 * builds one, so the list can only shrink.
 */
const PENDING: Record<string, string> = {
};

const PAGES = join(ROOT, 'site/src/pages');
const routes = [...new Set((await readdir(PAGES)).map((name) => name.replace(/\..*$/, '')))].filter((name) => !['index', '404'].includes(name));
routes.push('tep');
const ROUTE = routes.map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const PATTERNS: RegExp[] = [
  new RegExp(`\`(?:\\$\\{[^}\`\\n]*\\})?/(?:${ROUTE})(?=[/.?#])[^\`\\s'"<>]*?\\$\\{`, 'g'),
  new RegExp(`['"]/(?:${ROUTE})/[^'"\\n]*['"]\\s*\\+`, 'g'),
  /[`#]buoi-\$\{/g,
];

async function* sourceFiles(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist', '.astro', '.wrangler'].includes(entry.name)) yield* sourceFiles(path);
    } else if (/\.(ts|tsx|mts|js|mjs|astro)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

const found: string[] = [];
const pendingSeen = new Set<string>();
let checked = 0;
for (const folder of ['schema', 'functions', 'site/src']) {
  for await (const path of sourceFiles(join(ROOT, folder))) {
    const file = relative(ROOT, path);
    if (file === 'schema/publishing/paths.ts') continue;
    checked++;
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (!PATTERNS.some((p) => line.match(p))) return;
      if (PENDING[file]) pendingSeen.add(file);
      else found.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
}
const stale = Object.keys(PENDING).filter((file) => !pendingSeen.has(file));
if (found.length || stale.length) {
  if (found.length) console.error(`${found.length} citizen URL(s) built by hand; use (or add) a function of schema/publishing/paths.ts:\n  ${found.join('\n  ')}`);
  if (stale.length) console.error(`No longer building a URL by hand; remove from PENDING in scripts/check-paths.ts:\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Paths: ${checked} files of schema/, functions/, site/src/ build no citizen URL by hand (${routes.length} routes); ${Object.keys(PENDING).length} files pending on other branches.`,
);

import { readdir, readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { ROOT } from './wrangler.ts';

/**
 * The layers of DESIGN.md, checked on every import (`npm run check`):
 * - the core (schema/) imports neither Hono nor Astro, nor the edges (functions/, site/);
 * - the site only renders: it never imports functions/ (that once dragged auth and Hono into
 *   every prerendered page);
 * - scripts use the core, not the Worker's internals (one exception below, with its reason).
 * Type-only imports count too: they are how a layer starts to lean on another.
 */

interface Rule {
  layer: string;
  /** Why, as printed when the rule is broken. */
  because: string;
  forbids(specifier: string, target: string | null): boolean;
}

const inFolder = (folder: string) => (target: string | null) => target !== null && (target + sep).startsWith(resolve(ROOT, folder) + sep);
const isPackage = (...names: string[]) => (specifier: string) =>
  names.some((name) => specifier === name || specifier.startsWith(`${name}/`) || specifier.startsWith(`${name}:`));

const RULES: Rule[] = [
  {
    layer: 'schema',
    because: 'the core imports neither Hono nor Astro, nor the edges (functions/, site/)',
    forbids: (specifier, target) => isPackage('hono', '@hono', 'astro', '@astrojs')(specifier) || inFolder('functions')(target) || inFolder('site')(target),
  },
  { layer: 'site', because: 'the site only renders: it reads data through the core (schema/), never through functions/', forbids: (_s, target) => inFolder('functions')(target) },
  { layer: 'scripts', because: 'scripts use the core (schema/), not the Worker (functions/)', forbids: (_s, target) => inFolder('functions')(target) },
];

/** Imports a rule would refuse but that are the point of the file. */
const ALLOWED: Record<string, string> = {
  // npm run lint:api lints the OpenAPI document the Worker's routes generate: it has to load them.
  'scripts/openapi-lint.ts -> ../functions/api.ts': 'the API document comes from the routes',
};

async function* sourceFiles(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = resolve(folder, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'dist', '.astro', '.wrangler'].includes(entry.name)) yield* sourceFiles(path);
    } else if (/\.(ts|tsx|mts|js|mjs|astro)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The script parts of a file: all of a TS/JS file; an .astro file's frontmatter and <script> blocks. */
function scriptText(path: string, text: string): string {
  if (!path.endsWith('.astro')) return text;
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
  const scripts = [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  return [frontmatter, ...scripts].join('\n');
}

const violations: string[] = [];
let checked = 0;
for (const rule of RULES) {
  for await (const path of sourceFiles(resolve(ROOT, rule.layer))) {
    checked++;
    const { importedFiles } = ts.preProcessFile(scriptText(path, await readFile(path, 'utf8')), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const target = specifier.startsWith('.') ? resolve(dirname(path), specifier) : null;
      if (rule.forbids(specifier, target) && !ALLOWED[`${relative(ROOT, path)} -> ${specifier}`]) violations.push(`${relative(ROOT, path)} imports '${specifier}': ${rule.because}.`);
    }
  }
}

if (violations.length) {
  console.error(`Layer check: ${violations.length} forbidden import(s):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log(`Layer check: ${checked} files in ${RULES.map((r) => `${r.layer}/`).join(', ')} import only what their layer may.`);

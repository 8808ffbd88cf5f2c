import { readdir, readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { CONCEPTS, SCHEMA_DATA_FOLDERS, schemaRole } from './schema-layout.ts';
import { ROOT } from './wrangler.ts';

/**
 * The layers of DESIGN.md, checked on every import (`npm run check`):
 * - the core (schema/) imports neither Hono nor Astro, nor the edges (functions/, site/);
 * - the site only renders: it never imports functions/ (that once dragged auth and Hono into
 *   every prerendered page);
 * - scripts use the core, not the Worker's internals (one exception below, with its reason).
 * Type-only imports count too: they are how a layer starts to lean on another.
 * And no file takes part in an import circle (counted and printed; any circle fails the check).
 *
 * And the core's layout by concept (scripts/schema-layout.ts):
 * - every module of schema/ is in a concept folder (schema/<concept>/<name>.ts), none at the top
 *   and none nested deeper, so a concept's schema, data access and use cases sit side by side;
 * - SQL is written only in a concept's data access (`*.db.ts`), nowhere else in schema/,
 *   functions/ or site/ (what schema/db/ alone once held);
 * - the data access and the domain never import the use cases (the writes sit on top).
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

/**
 * Import circles: groups of files that import one another, directly or through others (the
 * strongly connected components of the import graph, Tarjan's algorithm). A circle makes the
 * load order decide which module sees the other half-initialised, and it hides which concept
 * depends on which. Type-only imports count too, as for the layers: they are where a circle starts.
 */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

const violations: string[] = [];
const graph = new Map<string, string[]>();
let checked = 0;
// functions/ has no layer rule of its own, but its files are part of the import graph.
for (const folder of [...RULES.map((r) => r.layer), 'functions']) {
  const rule: Rule = RULES.find((r) => r.layer === folder) ?? { layer: folder, because: '', forbids: () => false };
  for await (const path of sourceFiles(resolve(ROOT, folder))) {
    checked++;
    const { importedFiles } = ts.preProcessFile(scriptText(path, await readFile(path, 'utf8')), true, true);
    const edges: string[] = [];
    for (const { fileName: specifier } of importedFiles) {
      const target = specifier.startsWith('.') ? resolve(dirname(path), specifier) : null;
      if (target) edges.push(relative(ROOT, target));
      if (rule.forbids(specifier, target) && !ALLOWED[`${relative(ROOT, path)} -> ${specifier}`]) violations.push(`${relative(ROOT, path)} imports '${specifier}': ${rule.because}.`);
    }
    graph.set(relative(ROOT, path), edges);
  }
}

/** SQL in a string: a statement prepared, or a query's opening words. */
const SQL = /\.prepare\(|\b(SELECT\s[\s\S]{0,200}?\bFROM\s+\w+|INSERT\s+(OR\s+\w+\s+)?INTO\s+\w+|DELETE\s+FROM\s+\w+|UPDATE\s+\w+\s+SET)\b/;
for (const [path, edges] of graph) {
  const parts = path.split(sep);
  if (parts[0] === 'schema') {
    const [, folder, ...rest] = parts;
    if (!SCHEMA_DATA_FOLDERS.includes(folder!) && !(folder! in CONCEPTS && rest.length === 1)) {
      violations.push(`${path} is not in a concept folder: schema/<concept>/<name>.ts, a concept of scripts/schema-layout.ts.`);
    }
    const role = schemaRole(path);
    for (const target of edges) {
      if (role !== 'use-cases' && target.startsWith(`schema${sep}`) && schemaRole(target) === 'use-cases') {
        violations.push(`${path} imports ${target}: the data access and the domain never import the use cases.`);
      }
    }
  }
  const sqlHere = (parts[0] === 'schema' && schemaRole(path) !== 'db') || parts[0] === 'functions' || parts[0] === 'site';
  if (sqlHere && !path.endsWith('.d.ts') && SQL.test(scriptText(path, await readFile(resolve(ROOT, path), 'utf8')))) {
    violations.push(`${path} writes SQL: only a concept's data access (schema/<concept>/*.db.ts) does.`);
  }
}

const found = circles(graph);
if (violations.length || found.length) {
  if (violations.length) console.error(`Layer check: ${violations.length} violation(s):\n  ${violations.join('\n  ')}`);
  console.error(`Layer check: ${found.length} import circle(s)${found.map((c) => `\n  ${c.join(' ↔ ')}`).join('')}`);
  process.exit(1);
}
console.log(
  `Layer check: ${checked} files; ${RULES.map((r) => `${r.layer}/`).join(', ')} import only what their layer may; ` +
    `schema/ in ${Object.keys(CONCEPTS).length} concept folders, SQL only in *.db.ts; 0 import circles.`,
);

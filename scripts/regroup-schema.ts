import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { CONCEPTS, SCHEMA_DATA_FOLDERS, SCHEMA_MOVES } from './schema-layout.ts';
import { ROOT } from './wrangler.ts';

/**
 * The codemod that grouped `schema/` by concept (issue 20, item 5), kept so it can run again on
 * a tree where others still wrote the flat layout (a merge): `node scripts/regroup-schema.ts`.
 *
 * 1. `git mv` each module of scripts/schema-layout.ts SCHEMA_MOVES that is still at its old path
 *    (one already moved is skipped; one missing is reported and skipped).
 * 2. Rewrites every relative path in the repo's tracked text files (imports of .ts/.tsx/.astro,
 *    links in Markdown) that named a moved module, from where each file now is.
 * 3. Rewrites the repo-root paths named in text (`schema/db/accounts.ts` in a comment, a config,
 *    a check script, the README; `db/accounts.ts` and `use-cases/accounts.ts` as the old
 *    comments wrote them).
 * 4. Wraps an import the longer path pushed over 140 characters, one name a line.
 * 5. Lists every file of schema/ outside a concept folder and fails if there is one: a module
 *    the table does not place yet (add it to SCHEMA_MOVES and run again).
 * Deterministic: files and moves in sorted order; a second run changes nothing.
 * `--dry-run` prints what it would do and changes nothing.
 */

const dryRun = process.argv.includes('--dry-run');
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
const isFile = (path: string) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();

const moves = Object.entries(SCHEMA_MOVES).sort(([a], [b]) => a.localeCompare(b));
const tracked = () => git('ls-files', '-z').split('\0').filter(Boolean).sort();

// The tree before any move: what a relative path resolved to, as its author wrote it.
const before = new Set(tracked().filter(isFile));

// 1. Moves.
const moved = new Map<string, string>(); // new path -> old path, for the files moved in this run
let skipped = 0;
for (const [from, to] of moves) {
  const hasFrom = isFile(from);
  const hasTo = isFile(to);
  if (hasFrom && hasTo) throw new Error(`${from} and ${to} both exist: merge them by hand, then run again`);
  if (!hasFrom) {
    if (!hasTo) console.log(`  not in this tree: ${from}`);
    skipped++;
    continue;
  }
  console.log(`  git mv ${from} ${to}`);
  if (!dryRun) {
    execFileSync('mkdir', ['-p', dirname(join(ROOT, to))]);
    git('mv', from, to);
  }
  moved.set(to, from);
}

const mapped = new Map(moves);
/** The table and this script name the old paths on purpose. */
const KEEP = ['scripts/schema-layout.ts', 'scripts/regroup-schema.ts'];
const TEXT = /\.(ts|tsx|mts|mjs|js|cjs|astro|json|jsonc|md|toml|yml|yaml|html|css|txt)$/;
const SKIP = [/^node_modules\//, /^schema\/(province-)?migrations\//, /^package-lock\.json$/, /(^|\/)dist\//];

/** The file a relative path names, with the extension the import left out (none, .ts, .tsx, /index.ts). */
function resolveTarget(fromDir: string, specifier: string, exists: (p: string) => boolean): string | null {
  const base = posix.normalize(posix.join(fromDir, specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (exists(candidate)) return candidate;
  return null;
}

/**
 * `target` (now at `now`) as a relative path from `dir`, leaving out the extension the
 * specifier left out (`written` resolved to `target` from `base`).
 */
function relativeFrom(dir: string, now: string, target: string, base: string, written: string): string {
  const suffix = target.slice(posix.normalize(posix.join(base, written)).length);
  let path = posix.relative(dir, now);
  if (suffix && path.endsWith(suffix)) path = path.slice(0, -suffix.length);
  return path.startsWith('.') ? path : `./${path}`;
}

/** A one-line named import over 140 characters, one name a line. */
function wrapImport(line: string): string {
  const match = /^import (type )?\{ (.+) \} from ('[^']+');$/.exec(line);
  if (!match || [...line].length <= 140) return line;
  const names = match[2]!.split(', ').map((name) => `  ${name},`);
  return [`import ${match[1] ?? ''}{`, ...names, `} from ${match[3]};`].join('\n');
}

const existedBefore = (p: string) => before.has(p);
let changedFiles = 0;
const unresolved: string[] = [];

for (const path of (dryRun ? [...before] : tracked()).sort()) {
  if (!TEXT.test(path) || SKIP.some((re) => re.test(path)) || !isFile(path)) continue;
  if (KEEP.includes(path)) continue;
  const oldPath = moved.get(path) ?? path;
  const oldDir = posix.dirname(oldPath);
  const newDir = posix.dirname(path);
  const text = readFileSync(join(ROOT, path), 'utf8');

  // 2. Relative paths: resolved as written (from the file's old place), then from its new place.
  let next = text.replace(/(?<![\w@.\/-])(\.\.?\/[\w@.\/-]+)/g, (specifier: string) => {
    const clean = specifier.replace(/[.)]+$/, '');
    const tail = specifier.slice(clean.length);
    const fromOld = resolveTarget(oldDir, clean, (p) => mapped.has(p) || existedBefore(p));
    const fromNew = fromOld ? null : resolveTarget(newDir, clean, (p) => mapped.has(p) || isFile(p));
    const target = fromOld ?? fromNew;
    if (!target) {
      if (path.startsWith('schema/') && /\.(ts|tsx)$/.test(path) && /\.tsx?$/.test(clean)) unresolved.push(`${path}: ${clean}`);
      return specifier;
    }
    const now = mapped.get(target) ?? target;
    // Neither end moved: the path stays as its author wrote it.
    if (now === target && oldPath === path) return specifier;
    return relativeFrom(newDir, now, target, fromOld ? oldDir : newDir, clean) + tail;
  });

  // 3. Repo-root paths in text (comments, configs, docs): schema/db/x.ts, and db/x.ts or use-cases/x.ts as comments wrote them.
  next = next.replace(/(?<![\w.\/-])(schema\/)?((?:db|use-cases)\/)?([\w-]+\.ts)\b/g, (whole: string, root?: string, sub?: string, file?: string) => {
    if (!root && !sub) return whole;
    const key = `schema/${sub ?? ''}${file}`;
    return mapped.get(key) ?? whole;
  });

  // 4. An import the longer path pushed over the admin's 140 characters (scripts/check-line-length.ts) is wrapped as prettier would.
  if (next !== text && /\.(ts|tsx)$/.test(path)) next = next.split('\n').map(wrapImport).join('\n');

  if (next !== text) {
    changedFiles++;
    console.log(`  rewrote ${path}`);
    if (!dryRun) writeFileSync(join(ROOT, path), next);
  }
}

// 5. Anything left outside a concept folder.
const concepts = new Set(Object.keys(CONCEPTS));
const unplaced = tracked()
  .filter((p) => p.startsWith('schema/') && isFile(p))
  .filter((p) => {
    const [, folder, ...rest] = p.split('/');
    if (SCHEMA_DATA_FOLDERS.includes(folder!)) return false;
    return !(concepts.has(folder!) && rest.length === 1);
  });
const unplacedNow = dryRun ? unplaced.filter((p) => !mapped.has(p)) : unplaced;

console.log(`regroup-schema: ${moved.size} moved, ${skipped} already moved or absent, ${changedFiles} files rewritten${dryRun ? ' (dry run)' : ''}.`);
if (unresolved.length) console.log(`Relative paths in schema/ that name no file (check by hand):\n  ${unresolved.join('\n  ')}`);
const leftovers = tracked().filter((p) => TEXT.test(p) && !SKIP.some((re) => re.test(p)) && !KEEP.includes(p) && isFile(p))
  .filter((p) => /schema\/(db|use-cases)\b/.test(readFileSync(join(ROOT, p), 'utf8')));
if (leftovers.length) console.log(`Files that still name schema/db or schema/use-cases (prose about the old folders; read them):\n  ${leftovers.join('\n  ')}`);
if (unplacedNow.length) {
  console.error(`Files of schema/ with no concept (add them to SCHEMA_MOVES in scripts/schema-layout.ts):\n  ${unplacedNow.join('\n  ')}`);
  process.exit(1);
}

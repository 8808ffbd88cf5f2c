import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from './wrangler.ts';

/**
 * `npm run check`: the project's static checks, run side by side, one per core.
 *
 * Run one after another they took ~57 s on the 2-core CI machine (issue 20), and three of them
 * — the two tsc programs and astro check — are each a single-threaded type checker of 20–25 s
 * of CPU. None writes what another reads (astro check writes only site/.astro, which neither
 * tsc program includes), so they can share the cores. Longest first, so the short ones fill in.
 * tsc keeps its incremental state in node_modules/.cache/tsc: a second run on an unchanged
 * tree takes seconds; a clean clone (CI) checks everything, as before.
 * Each check's output is printed when it ends; the run fails if any check fails.
 */

interface Check {
  name: string;
  args: string[];
}

const bin = (path: string) => resolve(ROOT, 'node_modules', path);
const tsc = (project: string, cache: string): string[] => [bin('typescript/bin/tsc'), '--noEmit', '-p', project, '--incremental', '--tsBuildInfoFile', bin(`.cache/tsc/${cache}.tsbuildinfo`)];

const CHECKS: Check[] = [
  { name: 'tsc: Worker, core, site code, unit tests (tsconfig.json)', args: tsc('tsconfig.json', 'main') },
  { name: 'tsc: scripts and browser tests (scripts/tsconfig.json)', args: tsc('scripts/tsconfig.json', 'scripts') },
  { name: 'astro check', args: [bin('astro/bin/astro.mjs'), 'check', '--root', 'site'] },
  { name: 'knip: unused files, exports, dependencies', args: [bin('knip/bin/knip.js'), '--no-progress'] },
  { name: 'layers and import circles (scripts/check-layers.ts)', args: ['scripts/check-layers.ts'] },
  { name: 'citizen URLs only from schema/publishing/paths.ts (scripts/check-paths.ts)', args: ['scripts/check-paths.ts'] },
  { name: 'admin lines of at most 140 characters (scripts/check-line-length.ts)', args: ['scripts/check-line-length.ts'] },
  { name: 'wrangler types --check', args: [bin('wrangler/bin/wrangler.js'), 'types', 'functions/worker-configuration.d.ts', '--check'] },
];

function runCheck({ name, args }: Check): Promise<boolean> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const finish = (ok: boolean, reason = '') => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${ok ? '✓' : '✗'} ${name} (${seconds} s)${reason}`);
      if (output.trim()) console.log(output.trimEnd().replace(/^/gm, '  '));
      done(ok);
    };
    child.on('error', (error) => finish(false, `: ${error.message}`));
    child.on('close', (code, signal) => finish(code === 0, code === 0 ? '' : `: exit ${code ?? signal}`));
  });
}

const waiting = [...CHECKS];
const failed: string[] = [];
async function worker(): Promise<void> {
  for (let check = waiting.shift(); check; check = waiting.shift()) {
    if (!(await runCheck(check))) failed.push(check.name);
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: Math.min(availableParallelism(), CHECKS.length) }, worker));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed.length) {
  console.error(`npm run check: ${failed.length} of ${CHECKS.length} checks failed in ${seconds} s: ${failed.join('; ')}`);
  process.exit(1);
}
console.log(`npm run check: all ${CHECKS.length} checks passed in ${seconds} s`);

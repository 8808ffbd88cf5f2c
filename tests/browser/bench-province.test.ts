import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

/**
 * Issue 24, item 7: the province bench at its smallest documented size still runs and prints every
 * figure (docs/benchmarks.md). A script the README documents that nothing runs breaks unseen
 * (`npm run bench` once did, STYLE.md). Figures, not bounds: only their presence is checked.
 * Took 67–220 s on 2 cores (quiet / loaded); it starts a portal of its own in a temporary folder.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const COMMAND = ['run', 'bench', '--', '--communes', '2', '--disclosures', '5', '--writes', '3'];

it('npm run bench -- --communes 2 --disclosures 5 --writes 3 exits 0 and prints each province figure', { timeout: 600_000 }, async () => {
  const run = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
    const child = spawn('npm', COMMAND, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('exit', (code) => done({ code, out, err }));
  });
  expect(run.code, `${run.out}\n${run.err.slice(-3000)}`).toBe(0);
  const s = String.raw`\d+\.\d s`;
  // The write latencies are polled every 10 ms and printed to the hundredth of a second.
  const pairs = String.raw` \d+\.\d\d? s / \d+\.\d\d? s \|`.repeat(4);
  const figures: [string, RegExp][] = [
    ['migrations of the new communes', new RegExp(String.raw`\| all migrations applied to 2 new D1 databases \| ${s}`)],
    ['first publish of every commune', new RegExp(String.raw`\| first full publish of the \d+ other communes, then the province's pages \| ${s} \|`)],
    // Per row: the new page answers 200, the POST answered, POST → page, the job finished (p50 / p95 each).
    ['write → public alone, p50 / p95', new RegExp(String.raw`\| alone \(3 writes, no other commune writing\) \|${pairs}`)],
    ['write → public while another commune writes', new RegExp(String.raw`\| while 1 other communes write \(3 writes\) \|${pairs}`)],
    ['each write, in milliseconds', /per write \(ms: POST answered \/ page 200 \/ job finished\):\nalone: (\d+\/\d+\/\d+ ?){3}\nwhile others write: (\d+\/\d+\/\d+ ?){3}/],
    ['the ratio of the p50s', /ratio of p50s, others writing ÷ alone: \d+\.\d\d× \(issue 24's target: ≤ 1\.5×\)/],
    ['the province page refresh', new RegExp(String.raw`province page refresh: .* shows its period: ${s}`)],
    ['time to add a commune', new RegExp(String.raw`add a commune to the running portal .*: ${s}; listed on the province's home page after ${s}`)],
    ['time to migrate all', new RegExp(String.raw`npm run db:migrate:local over \d+ communes, nothing pending: ${s} wall`)],
    ['storage per commune', /\| bench commune, median of 2 .* \| \d+\.\d\d MB \| \d+ \| \d+\.\d\d MB \| \d+ \|/],
  ];
  const missing = figures.filter(([, pattern]) => !pattern.test(run.out)).map(([name]) => name);
  expect(missing, run.out).toEqual([]);
});

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/** Helpers to run the project's own wrangler and astro with this Node (≥ 22, from the `node` package). */

const require = createRequire(import.meta.url);
export const ROOT = resolve(import.meta.dirname, '..');
const WRANGLER = resolve(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
const ASTRO = resolve(dirname(require.resolve('astro/package.json')), 'bin/astro.mjs');

function spawnNode(script: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit', ...options });
}

/** Runs a command to completion; rejects with its output when it fails. `onLine` sees each line of output as it comes. */
export function run(script: 'wrangler' | 'astro', args: string[], env: NodeJS.ProcessEnv = {}, onLine?: (line: string) => void): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnNode(script === 'wrangler' ? WRANGLER : ASTRO, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', WRANGLER_SEND_METRICS: 'false', ...env },
    });
    let output = '';
    let partial = '';
    const take = (chunk: Buffer) => {
      output += chunk;
      if (!onLine) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`${script} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

export function startWrangler(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawnNode(WRANGLER, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
    detached: false,
  });
}

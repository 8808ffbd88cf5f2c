import type { ChildProcess } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { startWrangler } from '../wrangler.ts';
import type { Build } from './build.ts';

/**
 * A `wrangler dev` serving one build. It reads the list of static files once at start, so a
 * site rebuilt in place would 404 on new pages until a restart: each build gets its own
 * backend, and the front proxy (proxy.ts) switches to it once it answers.
 */

export interface Backend {
  port: number;
  process: ChildProcess;
  build: Build;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilUp(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`wrangler dev on port ${port} did not answer within ${timeoutMs} ms`);
}

export function stopBackend(backend: Pick<Backend, 'process'>): Promise<void> {
  const child = backend.process;
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

/** The hook the Worker calls after a write: this portal's publish queue (queue.ts). */
interface LocalHook {
  url: string;
  token: string;
}

export async function startBackend(build: Build, stateDir: string, hook: LocalHook): Promise<Backend> {
  const port = await freePort();
  const inspector = await freePort();
  const child = startWrangler(
    [
      'dev', '-c', 'wrangler.toml', '--assets', resolve(build.dir, 'client'), '--persist-to', stateDir,
      '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
      '--var', `PUBLISH_HOOK_URL:${hook.url}`, '--var', `PUBLISH_HOOK_TOKEN:${hook.token}`,
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ],
    { CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  );
  let output = '';
  child.stdout!.on('data', (c) => (output = (output + c).slice(-4000)));
  child.stderr!.on('data', (c) => (output = (output + c).slice(-4000)));
  try {
    await waitUntilUp(port, child);
  } catch (error) {
    await stopBackend({ process: child });
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { port, process: child, build };
}

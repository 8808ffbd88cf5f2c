import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';

/**
 * A real publish hook on loopback for the Worker tests (tests/api/publish-retry.test.ts):
 * `POST /hook/<key>?fail=N` answers 503 to the first N calls of that key and 204 after;
 * `GET /calls/<key>` lists the bodies it received, with the status each got.
 */
export default async function setup(project: TestProject) {
  const calls = new Map<string, { status: number; body: unknown }[]>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, kind, key] = url.pathname.split('/');
    if (req.method === 'GET' && kind === 'calls' && key) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(calls.get(key) ?? []));
      return;
    }
    if (req.method !== 'POST' || kind !== 'hook' || !key) return void res.writeHead(404).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const seen = calls.get(key) ?? [];
      const status = seen.length < Number(url.searchParams.get('fail') ?? 0) ? 503 : 204;
      seen.push({ status, body: JSON.parse(body || 'null') });
      calls.set(key, seen);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  project.provide('publishHookUrl', `http://127.0.0.1:${port}`);
  return () => new Promise<void>((r) => server.close(() => r()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    publishHookUrl: string;
  }
}

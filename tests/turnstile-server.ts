import { createServer } from 'node:http';
import type { TestProject } from 'vitest/node';

/**
 * A real siteverify endpoint on loopback for the Worker tests (tests/api/turnstile.test.ts),
 * answering as Cloudflare's does (a form-encoded POST of `secret`, `response`, `remoteip`; JSON
 * with `success`): a token is valid when it starts with "hop-le-" and the secret is
 * TURNSTILE_TEST_SECRET. `GET /calls` lists the forms it received. `POST /stalled` never
 * answers, as a siteverify out of reach.
 */
export const TURNSTILE_TEST_SECRET = 'bi-mat-thu-nghiem';

export default async function setup(project: TestProject) {
  const calls: Record<string, string>[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/calls') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(calls));
    if (req.method === 'POST' && req.url === '/stalled') return void req.resume();
    if (req.method !== 'POST' || req.url !== '/siteverify') return void res.writeHead(404).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      calls.push(form);
      const success = form.secret === TURNSTILE_TEST_SECRET && (form.response ?? '').startsWith('hop-le-');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(success ? { success } : { success, 'error-codes': ['invalid-input-response'] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  project.provide('turnstileVerifyUrl', `http://127.0.0.1:${port}/siteverify`);
  return () => new Promise<void>((r) => server.close(() => r()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    turnstileVerifyUrl: string;
  }
}

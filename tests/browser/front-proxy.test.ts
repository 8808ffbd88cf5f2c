import { createServer, request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { drain } from '../../scripts/publisher/proxy.ts';

/**
 * The local portal's front door (scripts/publisher/proxy.ts), in Node: a foreign Origin that
 * wrangler dev would rewrite into its own is refused through a real portal, and the drain
 * that Ctrl-C runs lets a request in flight finish.
 */

describe('POST /admin/dang-nhap through the local portal', () => {
  // `https://` + the portal's own host is the one wrangler dev rewrites into its own origin (same host, scheme ignored).
  it.each(['https://{host}', 'https://localhost', 'http://localhost', 'https://gia-mao.example'])('refuses a form from Origin %s with 403', async (pattern) => {
    const url = inject('portalUrl');
    const origin = pattern.replace('{host}', new URL(url).host);
    const res = await fetch(`${url}/admin/dang-nhap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ email: inject('demoEmail'), password: inject('demoPassword') }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it("accepts the form from the portal's own origin", async () => {
    const url = inject('portalUrl');
    const res = await fetch(`${url}/admin/dang-nhap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
      body: new URLSearchParams({ email: inject('demoEmail'), password: inject('demoPassword') }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  });
});

describe('drain', () => {
  it('finishes a request in flight, refuses new connections, and cuts a stuck one after the grace time', async () => {
    const server = createServer((req, res) => {
      const wait = Number(new URL(req.url!, 'http://x').searchParams.get('ms'));
      setTimeout(() => res.end('đã lưu'), wait);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const get = (ms: number) =>
      new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: `/?ms=${ms}` }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
    const inFlight = get(300);
    const stuck = get(60_000).catch((error: Error) => `cut: ${error.message}`);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    const drained = drain(server, 1_000);
    await new Promise((r) => setTimeout(r, 20));
    await expect(get(0)).rejects.toThrow();
    expect(await inFlight).toBe('đã lưu');
    expect(await stuck).toMatch(/^cut: /);
    await drained;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Backend } from './backend.ts';

/**
 * The one public port: every request goes to the backend of the build being served, which
 * `current()` names at the moment the request arrives. Switching backends is one assignment,
 * so a citizen never sees a half-built site or a 404.
 */
export async function startProxy(port: number, current: () => Backend): Promise<Server> {
  const front = createServer((req, res) => {
    if (foreignFormPost(req.method ?? 'GET', req.headers)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Yêu cầu gửi từ trang khác bị từ chối (CSRF).');
      req.resume();
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: current().port, method: req.method, path: req.url, headers: withPeerAddress(req.headers, req.socket.remoteAddress) },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Máy chủ cục bộ đang khởi động lại, hãy tải lại trang sau giây lát.');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolveListen, reject) => {
    front.once('error', reject);
    front.listen(port, '127.0.0.1', () => resolveListen());
  });
  return front;
}

/**
 * hono/csrf's check, made before `wrangler dev` sees the request: its proxy rewrites any URL
 * in a header whose host is the request's own into its own origin, whatever the scheme
 * (wrangler's ProxyWorker, `rewriteUrlRelatedHeaders`), so `Origin: https://localhost` would
 * reach the Worker as `http://localhost` and pass. A form POST whose browser does not say
 * "same-origin" must carry exactly this server's origin (plain http, as the front listens);
 * a request without Origin goes on, and the Worker refuses it.
 */
export function foreignFormPost(method: string, headers: IncomingHttpHeaders): boolean {
  if (/^(GET|HEAD|OPTIONS)$/i.test(method)) return false;
  const type = headers['content-type'] ?? 'text/plain';
  if (!/^\b(application\/x-www-form-urlencoded|multipart\/form-data|text\/(?:plain|ping))\b/i.test(type)) return false;
  if (headers['sec-fetch-site'] === 'same-origin') return false;
  const origin = headers.origin;
  return origin !== undefined && origin !== `http://${headers.host}`;
}

/**
 * The request's headers with `CF-Connecting-IP` set to the peer this front saw. wrangler dev
 * sets that header from its socket only when the request has none, so a client could otherwise
 * choose the address the opinion and login limits count (issue 22.13); behind this front,
 * wrangler's socket peer is always 127.0.0.1, so the real peer is written here.
 */
export function withPeerAddress(headers: IncomingHttpHeaders, peer: string | undefined): IncomingHttpHeaders {
  const { 'cf-connecting-ip': _sent, ...rest } = headers;
  return peer ? { ...rest, 'cf-connecting-ip': peer } : rest;
}

/**
 * Stops taking new connections, lets the requests in flight finish for up to `graceMs`, then
 * cuts what is left: Ctrl-C never drops a save that was half-way through.
 */
export async function drain(server: Server, graceMs = 10_000): Promise<void> {
  const closed = new Promise<void>((r) => server.close(() => r()));
  // Idle keep-alive connections would hold close() open for nothing.
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  // A connection that finishes its request is idle again: close it rather than wait for its keep-alive.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  await closed;
  clearTimeout(cut);
  clearInterval(sweep);
}

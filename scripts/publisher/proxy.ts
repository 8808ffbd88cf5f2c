import { createServer, request as httpRequest, type Server } from 'node:http';
import type { Backend } from './backend.ts';

/**
 * The one public port: every request goes to the backend of the build being served, which
 * `current()` names at the moment the request arrives. Switching backends is one assignment,
 * so a citizen never sees a half-built site or a 404.
 */
export async function startProxy(port: number, current: () => Backend): Promise<Server> {
  const front = createServer((req, res) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: current().port, method: req.method, path: req.url, headers: req.headers },
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

import { resolve } from 'node:path';
import { DEFAULT_STATE_DIR } from './local-db.ts';
import { startLocalPortal } from './local-portal.ts';
import { readRegistry } from './province.ts';
import { demoCredentials, DEMO_DEFAULTS, DEMO_PROVINCE_ADMIN_EMAIL } from './seed.ts';

/** `npm start`: migrate, seed the demo data if empty, build, and serve on one port. */

const port = Number(process.env.PORT || 8787);
const credentials = demoCredentials();
const stateDir = process.env.PORTAL_STATE_DIR ? resolve(process.env.PORTAL_STATE_DIR) : DEFAULT_STATE_DIR;
const portal = await startLocalPortal({
  port,
  stateDir,
  credentials,
  everyCommune: true,
}).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(`Cổng ${port} đang được chương trình khác dùng. Hãy tắt chương trình đó, hoặc chạy: PORT=8788 npm start`);
    process.exit(1);
  }
  throw error;
});

// Every commune of the province on its own host (*.localhost is loopback for browsers and curl).
const province = await readRegistry(stateDir);
const at = (host: string) => `http://${host}:${new URL(portal.url).port}/`;
const rows: [string, string][] = [
  ...province.hosts.map((h): [string, string] => ['Tỉnh:', at(h)]),
  ...province.communes.map((c): [string, string] => [`${c.name}${c.illustration ? ' (minh họa)' : ''}:`, at(c.hosts[0]!)]),
];
const width = Math.max(...rows.map(([label]) => label.length)) + 1;
const hosts = rows.map(([label, url]) => `  ${label.padEnd(width)}${url}`).join('\n');

const isDefault = (key: keyof typeof DEMO_DEFAULTS) => credentials[key] === DEMO_DEFAULTS[key];
console.log(`
Cổng công khai đang chạy tại ${portal.url}/
  Trang quản trị: ${portal.url}/admin/
  API:            ${portal.url}/api/v1/
  Cán bộ demo:    ${credentials.email} / ${credentials.password}${isDefault('password') ? '  (mặc định cục bộ)' : ''}
  Mã API demo:    ${credentials.apiToken}${isDefault('apiToken') ? '  (mặc định cục bộ)' : ''}
${province.hosts[0] ? `  Quản trị tỉnh:  ${at(province.hosts[0])}admin/  ${DEMO_PROVINCE_ADMIN_EMAIL} / ${credentials.password}\n` : ''}Các đơn vị của tỉnh (thêm xã: npm run commune:add):
${hosts}
Nhấn Ctrl-C để dừng.`);

// The first Ctrl-C stops wrangler dev (up to 10 s before it is killed); a second one exits at once.
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(130);
    closing = true;
    console.log('\nĐang dừng (tối đa 10 giây; nhấn Ctrl-C lần nữa để dừng ngay)…');
    portal.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { Resvg } from '@resvg/resvg-js';
import { SITE_COMMON_HEADERS } from '../schema/core/security-headers.ts';

/**
 * What `astro build` adds to the deploy besides the Worker (site/astro.config.mjs):
 * - `__SITE_TEMPLATE__`, a hash of the site's templates and the domain code they render: the
 *   Worker publishes every page again when it changes (functions/publish.ts);
 * - one share image (PNG, 1200×630) per section for Zalo and Facebook link cards, as static
 *   assets (Base.astro points `og:image` at /chia-se/<section>.png). They name the portal, not
 *   the commune, so one deploy serves any commune and a rename needs no new image;
 * - `_headers` for the static assets (the citizen pages carry their own, functions/site-store.ts).
 * Nothing here reads D1: pages are rendered per write by the Worker, not at build.
 */

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One share card per section. */
const SECTIONS = {
  home: 'Công khai thông tin',
  'cong-khai': 'Công khai thông tin',
  'lich-tiep-cong-dan': 'Lịch tiếp công dân',
  'ke-hoach': 'Kế hoạch',
  'bao-cao': 'Báo cáo',
  'thong-ke': 'Thống kê',
  'tim-kiem': 'Tìm kiếm',
  'du-lieu': 'Dữ liệu mở',
  'lay-y-kien': 'Lấy ý kiến Nhân dân',
  'nhan-dan-quyet-dinh': 'Nhân dân bàn và quyết định',
  'giam-sat': 'Kiểm tra, giám sát',
} as const;

function fontFile(weight: '400Regular' | '700Bold'): string {
  const pkg = dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
  return join(pkg, weight, `BeVietnamPro_${weight}.ttf`);
}

function shareCardSvg(section: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#ffffff"/>
<rect width="1200" height="210" fill="#8b1a1a"/>
<text x="80" y="125" font-family="Be Vietnam Pro" font-weight="700" font-size="46" fill="#ffffff">CỔNG CÔNG KHAI THÔNG TIN CẤP XÃ</text>
<text x="80" y="360" font-family="Be Vietnam Pro" font-weight="700" font-size="84" fill="#1b1b1b">${escapeXml(section)}</text>
<text x="80" y="440" font-family="Be Vietnam Pro" font-size="36" fill="#4a4a4a">Cổng công khai thông tin theo Luật Thực hiện dân chủ ở cơ sở</text>
<rect x="80" y="520" width="120" height="8" fill="#f2b705"/>
</svg>`;
}

async function writeShareImages(dir: string): Promise<number> {
  await mkdir(join(dir, 'chia-se'), { recursive: true });
  const font = { fontFiles: [fontFile('400Regular'), fontFile('700Bold')], loadSystemFonts: false, defaultFontFamily: 'Be Vietnam Pro' };
  for (const [key, title] of Object.entries(SECTIONS)) {
    const png = new Resvg(shareCardSvg(title), { font, fitTo: { mode: 'width', value: 1200 } }).render().asPng();
    await writeFile(join(dir, 'chia-se', `${key}.png`), png);
  }
  return Object.keys(SECTIONS).length;
}

/** Ours first, then the Cloudflare adapter's long cache rule of /_astro/*, already in the file. */
async function writeHeaders(dir: string): Promise<void> {
  const path = join(dir, '_headers');
  const existing = await readFile(path, 'utf8').catch(() => '');
  const ours = `/*\n${Object.entries(SITE_COMMON_HEADERS).map(([k, v]) => `  ${k}: ${v}\n`).join('')}  X-Frame-Options: DENY\n`;
  await writeFile(path, `${ours}${existing ? `\n${existing}` : ''}`);
}

/** A hash of every file the pages are rendered from: the site's source and the domain code. */
async function templateVersion(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of ['site/src', 'schema']) {
    const files = (await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true })).filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name)).sort();
    for (const file of files) hash.update(file.slice(ROOT.length)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

export function siteAssets(): AstroIntegration {
  return {
    name: 'site-assets',
    hooks: {
      'astro:config:setup': async ({ updateConfig }) => {
        updateConfig({ vite: { define: { __SITE_TEMPLATE__: JSON.stringify(await templateVersion()) } } });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const client = resolve(fileURLToPath(dir), '../client');
        logger.info(`${await writeShareImages(client)} share images`);
        await writeHeaders(client);
      },
    },
  };
}

import { readFile, rm, writeFile, mkdir, appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import * as pagefind from 'pagefind';
import { Resvg } from '@resvg/resvg-js';

/**
 * What the Astro build cannot do inside workerd, done in Node on its output (`npm run build`
 * and every local publish run it):
 * - the Pagefind search index, with đ folded to d (Pagefind folds other diacritics, not đ);
 * - one share image (PNG, 1200×630) per section for Zalo and Facebook link cards;
 * - the framing rules of the embeds in `_headers`, from the unit's allowed origins.
 * The build leaves the data for each as a JSON file, removed here once used.
 */

const require = createRequire(import.meta.url);

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Only đ/Đ: the words that Pagefind's own diacritic folding cannot reach. */
export const foldDd = (s: string) => s.replace(/đ/g, 'd').replace(/Đ/g, 'D');

interface SearchRecord {
  url: string;
  title: string;
  kind: string;
  meta: string;
  text: string;
  withdrawn: boolean;
}

async function readAndRemove<T>(path: string): Promise<T> {
  const data = JSON.parse(await readFile(path, 'utf8')) as T;
  await rm(path);
  return data;
}

export async function writeSearchIndex(dir: string): Promise<number> {
  const records = await readAndRemove<SearchRecord[]>(join(dir, 'tim-kiem/ban-ghi.json'));
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'vi' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (const r of records) {
    const folded = foldDd(`${r.title}\n${r.text}`);
    const content = `<!doctype html><html lang="vi"><body><main data-pagefind-body>
<h1>${escapeHtml(r.title)}</h1>
<p data-pagefind-meta="kind">${escapeHtml(r.withdrawn ? `${r.kind} (đã thu hồi)` : r.kind)}</p>
<p data-pagefind-meta="info">${escapeHtml(r.meta)}</p>
<div>${escapeHtml(r.text).replace(/\n/g, '<br>')}</div>
${folded !== `${r.title}\n${r.text}` ? `<div data-pagefind-weight="0.5">${escapeHtml(folded)}</div>` : ''}
</main></body></html>`;
    const added = await index.addHTMLFile({ url: r.url, content });
    if (added.errors.length) throw new Error(`pagefind ${r.url}: ${added.errors.join('; ')}`);
  }
  const written = await index.writeFiles({ outputPath: join(dir, 'pagefind') });
  if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
  await pagefind.close();
  // The search page uses Pagefind's small JS API; its ready-made UIs (≈ 300 KB) would only
  // add files to every deployment.
  for (const file of ['pagefind-ui.js', 'pagefind-ui.css', 'pagefind-modular-ui.js', 'pagefind-modular-ui.css', 'pagefind-component-ui.js', 'pagefind-component-ui.css', 'pagefind-highlight.js']) {
    await rm(join(dir, 'pagefind', file), { force: true });
  }
  return records.length;
}

function fontFile(weight: '400Regular' | '700Bold'): string {
  const pkg = dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
  return join(pkg, weight, `BeVietnamPro_${weight}.ttf`);
}

/** Breaks a title into lines of at most `max` characters, at spaces. */
function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function shareCardSvg(publisher: string, section: string, host: string): string {
  const publisherLines = wrap(publisher.toUpperCase(), 34);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#ffffff"/>
<rect width="1200" height="210" fill="#8b1a1a"/>
${publisherLines.map((l, i) => `<text x="80" y="${95 + i * 58}" font-family="Be Vietnam Pro" font-weight="700" font-size="46" fill="#ffffff">${escapeHtml(l)}</text>`).join('\n')}
<text x="80" y="360" font-family="Be Vietnam Pro" font-weight="700" font-size="84" fill="#1b1b1b">${escapeHtml(section)}</text>
<text x="80" y="440" font-family="Be Vietnam Pro" font-size="36" fill="#4a4a4a">Cổng công khai thông tin theo Luật Thực hiện dân chủ ở cơ sở</text>
<rect x="80" y="520" width="120" height="8" fill="#f2b705"/>
<text x="80" y="580" font-family="Be Vietnam Pro" font-size="32" fill="#0b4f9c">${escapeHtml(host)}</text>
</svg>`;
}

export async function writeShareImages(dir: string): Promise<number> {
  const data = await readAndRemove<{ publisher: string; host: string; sections: Record<string, string> }>(join(dir, 'chia-se/muc.json'));
  await mkdir(join(dir, 'chia-se'), { recursive: true });
  const font = { fontFiles: [fontFile('400Regular'), fontFile('700Bold')], loadSystemFonts: false, defaultFontFamily: 'Be Vietnam Pro' };
  for (const [key, title] of Object.entries(data.sections)) {
    const png = new Resvg(shareCardSvg(data.publisher, title, data.host), { font, fitTo: { mode: 'width', value: 1200 } }).render().asPng();
    await writeFile(join(dir, 'chia-se', `${key}.png`), png);
  }
  return Object.keys(data.sections).length;
}

/** CSP frame-ancestors for the embeds: the portal itself, plus the configured origins (or any). */
export function embedHeaders(origins: string[]): string {
  const ancestors = origins.includes('*') ? '*' : ["'self'", ...origins].join(' ');
  return `
# Embeds may be framed by the commune's website (unit configuration: embed origins).
/nhung/*
  ! Content-Security-Policy
  ! X-Frame-Options
  Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}
`;
}

export async function writeEmbedHeaders(dir: string): Promise<void> {
  const { embedOrigins } = await readAndRemove<{ embedOrigins: string[] }>(join(dir, 'nhung/cau-hinh.json'));
  await appendFile(join(dir, '_headers'), embedHeaders(embedOrigins));
}

export async function postBuild(dir: string): Promise<void> {
  await writeSearchIndex(dir);
  await writeShareImages(dir);
  await writeEmbedHeaders(dir);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = resolve(process.argv[2] ?? 'site/dist/client');
  await postBuild(dir);
  console.log(`post-build done in ${dir}`);
}

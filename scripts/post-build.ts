import { link, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { Resvg } from '@resvg/resvg-js';
import { SaxesParser } from 'saxes';
import { getPlatformProxy } from 'wrangler';
import { listAllAttachments, type Attachment } from '../schema/db/attachments.ts';
import { listCategories } from '../schema/db/categories.ts';
import { listDisclosures, PUBLIC_STATUSES } from '../schema/db/disclosures.ts';
import { getUnit } from '../schema/db/unit.ts';
import { formatDate } from '../schema/dates.ts';
import type { Category } from '../schema/category.ts';
import type { Disclosure } from '../schema/disclosure.ts';
import { CONSULTATION_SUBJECTS, type Consultation } from '../schema/consultation.ts';
import { listConsultations } from '../schema/db/consultations.ts';
import { documentTypeLabel } from '../schema/document-number.ts';
import { BuildPlanSchema, type BuildPlan } from '../schema/publish.ts';
import { siteHeadersFile } from '../schema/security-headers.ts';
import { parseSiteStamp, SITE_STAMP_PATH, type SiteStamp } from '../schema/publish-state.ts';
import { committeeName, type Unit } from '../schema/unit.ts';
import { siteOrigin } from '../site/src/lib/site-url.ts';
import { attachmentText } from './attachment-text.ts';
import { loadCommunity } from '../site/src/lib/community-data.ts';
import { communitySearchRecords } from '../site/src/lib/community-search.ts';
import { disclosurePath } from '../schema/paths.ts';

/**
 * What the Astro build cannot do inside workerd, done in Node once the pages are written, as
 * an Astro integration (site/astro.config.mjs), so `astro build` leaves a complete site:
 * - in an incremental publish, the detail pages it did not render, carried over from the
 *   previous build;
 * - the Pagefind search index, with đ folded to d (Pagefind folds other diacritics, not đ);
 * - one share image (PNG, 1200×630) per section for Zalo and Facebook link cards;
 * - `_headers` (schema/security-headers.ts), whose embed rules depend on the unit's allowed origins;
 * - `/phien-ban.json`, the build's stamp (when it began reading D1, and the rows its pages left
 *   out), which the admin compares with the last publish the hook accepted
 *   (schema/publish-state.ts siteBehind) and shows.
 * It reads the D1 and R2 the pages were rendered from, through wrangler's
 * getPlatformProxy, as scripts/local-db.ts does.
 */

const require = createRequire(import.meta.url);
const ROOT = resolve(import.meta.dirname, '..');

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Only đ/Đ: the words that Pagefind's own diacritic folding cannot reach. */
const foldDd = (s: string) => s.replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** The environment variable through which the local publisher hands its plan to `astro build`. */
export const BUILD_PLAN_VARIABLE = 'PORTAL_BUILD_PLAN';

/** The plan of this build: none (a full build) unless the local publisher set one. */
export function buildPlanFromEnvironment(value = process.env[BUILD_PLAN_VARIABLE]): BuildPlan | null {
  return value ? BuildPlanSchema.parse(JSON.parse(value)) : null;
}

/** What the post-build reads of D1: the same tables the pages were rendered from. */
interface Snapshot {
  unit: Unit;
  categories: Category[];
  disclosures: Disclosure[];
  attachments: Map<number, Attachment[]>;
  files: R2Bucket;
  consultations: Consultation[];
}

const detailPage = (dir: string, slug: string) => join(dir, 'cong-khai', slug, 'index.html');
const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * Carries the detail pages an incremental build did not render over from the previous build,
 * as hard links: no bytes copied, and each build folder stays whole on its own. The list comes
 * from D1, so an item that is no longer public is not carried.
 */
async function carryOverDetailPages(previous: string, dir: string, disclosures: Disclosure[]): Promise<number> {
  let carried = 0;
  for (const { slug } of disclosures) {
    const target = detailPage(dir, slug);
    const source = detailPage(previous, slug);
    if ((await exists(target)) || !(await exists(source))) continue;
    await mkdir(dirname(target), { recursive: true });
    await link(source, target);
    carried++;
  }
  return carried;
}

interface SearchRecord {
  url: string;
  title: string;
  kind: string;
  meta: string;
  text: string;
  withdrawn: boolean;
}

/** What the search index holds, one record per public item whose page this build has. */
async function searchRecords(dir: string, data: Snapshot): Promise<SearchRecord[]> {
  const categoryBySlug = new Map(data.categories.map((c) => [c.slug, c]));
  const records: SearchRecord[] = [];
  for (const d of data.disclosures) {
    // An item written after the pages were rendered has no page yet: the next publish adds both.
    if (!(await exists(detailPage(dir, d.slug)))) continue;
    const inFiles = await attachmentText(data.files, data.attachments.get(d.id) ?? []);
    records.push({
      url: disclosurePath(d),
      title: d.title,
      kind: d.documentType === 'KH' ? 'Kế hoạch' : d.documentType === 'BC' ? 'Báo cáo' : 'Công khai',
      meta: [d.documentNumber && `${d.documentNumber} (${documentTypeLabel(d.documentType)})`, formatDate(d.issuedOn), categoryBySlug.get(d.category)?.label]
        .filter(Boolean)
        .join(' · '),
      text: [d.summary, d.body, inFiles].filter(Boolean).join('\n\n'),
      withdrawn: d.status === 'withdrawn',
    });
  }
  for (const c of data.consultations) {
    const url = `/lay-y-kien/${c.slug}/`;
    if (!(await exists(join(dir, 'lay-y-kien', c.slug, 'index.html')))) continue;
    records.push({
      url,
      title: c.title,
      kind: 'Lấy ý kiến',
      meta: [CONSULTATION_SUBJECTS[c.subject], c.opensOn && c.closesOn ? `${formatDate(c.opensOn)} – ${formatDate(c.closesOn)}` : ''].filter(Boolean).join(' · '),
      // The summary and, once published, the result; opinions are not indexed (they are the citizens' words, not the commune's).
      text: [c.summary, ...(c.summaryStatus === 'published' ? [c.resultNote, ...c.themes.map((t) => `${t.theme}\n${t.response}`)] : [])].filter(Boolean).join('\n\n'),
      withdrawn: false,
    });
  }
  return records;
}

/**
 * What a result shows under its title: the item's own words, never the index's folded copy
 * (Pagefind's excerpt can come from the đ→d text the index adds, "dất" for "đất").
 */
function shortSummary(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 240 ? flat : `${flat.slice(0, 240).replace(/\s+\S*$/, '')} …`;
}

async function writeSearchIndex(dir: string, records: SearchRecord[]): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'vi' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  for (const r of records) {
    const folded = foldDd(`${r.title}\n${r.text}`);
    const content = `<!doctype html><html lang="vi"><body><main data-pagefind-body>
<h1>${escapeHtml(r.title)}</h1>
<p data-pagefind-meta="kind">${escapeHtml(r.withdrawn ? `${r.kind} (đã thu hồi)` : r.kind)}</p>
<p data-pagefind-meta="info">${escapeHtml(r.meta)}</p>
<p data-pagefind-meta="summary" data-pagefind-ignore>${escapeHtml(shortSummary(r.text))}</p>
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

/** One share card per section; Base.astro points `og:image` at /chia-se/<section>.png. */
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

function shareCardSvg(publisher: string, section: string, host: string): string {
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

async function writeShareImages(dir: string, publisher: string, host: string): Promise<number> {
  await mkdir(join(dir, 'chia-se'), { recursive: true });
  const font = { fontFiles: [fontFile('400Regular'), fontFile('700Bold')], loadSystemFonts: false, defaultFontFamily: 'Be Vietnam Pro' };
  for (const [key, title] of Object.entries(SECTIONS)) {
    const png = new Resvg(shareCardSvg(publisher, title, host), { font, fitTo: { mode: 'width', value: 1200 } }).render().asPng();
    await writeFile(join(dir, 'chia-se', `${key}.png`), png);
  }
  return Object.keys(SECTIONS).length;
}

/**
 * Ours first, then whatever is already there: the Cloudflare adapter, whose hook runs before
 * this one, writes the long cache rule of /_astro/* into the file.
 */
async function writeHeaders(dir: string, embedOrigins: string[]): Promise<void> {
  const path = join(dir, '_headers');
  const existing = await readFile(path, 'utf8').catch(() => '');
  await writeFile(path, `${siteHeadersFile(embedOrigins)}${existing ? `\n${existing}` : ''}`);
}

type Proxy = Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>>>;

/** Starts a local workerd with the site's bindings (about a second): started early, while the pages render. */
function openBindings(stateDir: string): Promise<Proxy> {
  return getPlatformProxy<{ DB: D1Database; FILES: R2Bucket }>({
    configPath: resolve(ROOT, 'wrangler.toml'),
    persist: { path: resolve(stateDir, 'v3') },
    // Remote bindings as the Cloudflare adapter has them (the default): a binding marked
    // `remote = true` in wrangler.toml is read remotely here exactly when the pages read it so.
  });
}

/** Read once the pages are written, so that it holds at least every item they show. */
async function readSnapshot({ env }: Proxy): Promise<Snapshot> {
  const [unit, categories, disclosures, attachments, consultations] = await Promise.all([
    getUnit(env.DB),
    listCategories(env.DB),
    listDisclosures(env.DB, { statuses: PUBLIC_STATUSES }),
    listAllAttachments(env.DB),
    listConsultations(env.DB, { publicOnly: true }),
  ]);
  if (!unit) throw new Error('The unit is not configured: run `npm start` (it seeds the demo data) or insert the unit row.');
  return { unit, categories, disclosures, attachments, files: env.FILES, consultations };
}

export interface PostBuildOptions {
  /** The wrangler state folder the pages were rendered from (`wrangler dev --persist-to`). */
  stateDir: string;
  plan: BuildPlan | null;
}

/** Everything after the pages, on the client folder of a build. */
async function postBuild(dir: string, bindings: Proxy, plan: BuildPlan | null, site: URL | undefined, readAt: string, log: (line: string) => void): Promise<void> {
  const data = await readSnapshot(bindings);
  if (plan?.previous) log(`${await carryOverDetailPages(plan.previous, dir, data.disclosures)} detail pages carried over from the previous build`);
  const community = communitySearchRecords(await loadCommunity(bindings.env.DB));
  log(`${await writeSearchIndex(dir, [...(await searchRecords(dir, data)), ...community])} items in the search index`);
  const host = new URL(siteOrigin(site, data.unit)).host;
  log(`${await writeShareImages(dir, committeeName(data.unit), host)} share images`);
  await writeHeaders(dir, data.unit.embedOrigins);
  log(`${await checkXml(dir)} feeds and sitemaps parsed as well-formed XML`);
  // Last: a build that fails before this point leaves the previous stamp (and site) served.
  await writeFile(join(dir, SITE_STAMP_PATH), JSON.stringify(await completeStamp(dir, readAt)));
}

/**
 * Every feed and sitemap of the build is parsed before it is served: a title that slipped past
 * the escaping (a `]]>` once injected a link into every Atom feed, issue 22.10) fails the build
 * by name instead of reaching subscribers. Returns how many files were parsed.
 */
async function checkXml(dir: string): Promise<number> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.xml'));
  for (const file of files) {
    const parser = new SaxesParser({ xmlns: true });
    try {
      parser.write(await readFile(join(dir, file), 'utf8')).close();
    } catch (error) {
      throw new Error(`${file} is not well-formed XML: ${(error as Error).message}`);
    }
  }
  return files.length;
}

/**
 * The build's stamp: when it began reading D1, with the rows its pages left out, which the page
 * `/phien-ban.json` (site/src/pages/phien-ban.json.ts) wrote from inside workerd.
 */
async function completeStamp(dir: string, readAt: string): Promise<SiteStamp> {
  const rendered = JSON.parse(await readFile(join(dir, SITE_STAMP_PATH), 'utf8')) as object;
  const stamp = parseSiteStamp({ ...rendered, readAt });
  if (!stamp) throw new Error(`${SITE_STAMP_PATH} as rendered is not a stamp: ${JSON.stringify(rendered)}`);
  return stamp;
}

/** How the pages see the plan: `import plan from 'virtual:build-plan'` (site/src/lib/portal-data.ts). */
const PLAN_MODULE = 'virtual:build-plan';

/**
 * The Astro integration (site/astro.config.mjs): hands the publisher's plan to the pages, and
 * the finished output folder to `postBuild`.
 */
export function portalBuild(options: PostBuildOptions): AstroIntegration {
  let site: URL | undefined;
  let bindings: Promise<Proxy> | undefined;
  let readAt: string | undefined;
  return {
    name: 'portal-build',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'portal-build-plan',
                resolveId: (id: string) => (id === PLAN_MODULE ? `\0${PLAN_MODULE}` : undefined),
                load: (id: string) => (id === `\0${PLAN_MODULE}` ? `export default ${JSON.stringify(options.plan)};` : undefined),
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        site = config.site ? new URL(config.site) : undefined;
      },
      'astro:build:start': () => {
        // Before any page reads D1: everything committed earlier is in this build.
        readAt = new Date().toISOString();
        bindings = openBindings(options.stateDir);
        // Awaited in build:done; a failed start must not be an unhandled rejection meanwhile.
        bindings.catch(() => {});
      },
      'astro:build:done': async ({ dir, logger }) => {
        const started = Date.now();
        const proxy = await bindings!;
        try {
          await postBuild(fileURLToPath(dir), proxy, options.plan, site, readAt!, (line) => logger.info(line));
        } finally {
          await proxy.dispose();
        }
        logger.info(`post-build done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      },
    },
  };
}

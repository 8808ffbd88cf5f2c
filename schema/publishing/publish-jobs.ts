import { categoryPath, disclosurePath, listPagesPrefix } from './paths.ts';
import { SITE_AREAS, type PublishScope, type SiteArea } from './publish.ts';

/**
 * Publishing as jobs on a queue (issue 23, docs/publishing.md). A write asks for a job with the
 * scope its use case names; the Worker's queue consumer (functions/publish.ts) lists the paths
 * of that scope, renders each with the site's own Astro pages and stores it in R2, from where
 * citizens are served (functions/site-store.ts). Nothing here touches D1, R2 or the queue.
 */

export interface PublishJob {
  id: number;
  reason: string;
  scope: PublishScope;
  requestedAt: string;
  /** How many pages the job renders; null until the consumer has listed them. */
  pagesTotal: number | null;
  /** Pages stored or given up (each given-up page is in publish_failures). */
  pagesDone: number;
  /** When the last page was stored: "Đã công khai" is said only from then on. */
  finishedAt: string | null;
  /** Why the queue gave up on the job (dead-letter queue), in Vietnamese. */
  failure: string | null;
}

/** A page a job could not render, and why. */
export interface FailedPath {
  path: string;
  reason: string;
}

/**
 * A message of the publish queue. A job starts as its scope; the consumer turns it into the
 * paths to render, sent on as messages of at most PATHS_PER_MESSAGE paths, each numbered
 * (`chunk`; the first, 0, is rendered with the listing), so no invocation comes near the
 * Worker's CPU, memory or subrequest limits whatever the site's size, and a message delivered
 * twice is counted once (schema/publishing/publish-jobs.db.ts recordChunk).
 */
export type PublishMessage = CommunePublishMessage | ProvincePublishMessage;

/**
 * A job of one commune. `commune` is its slug in the registry (schema/province/communes.ts): the consumer
 * runs the message with that commune's database and R2 prefix. Without it (a single-commune
 * deployment, or a message sent before the registry) the message runs with the bindings as bound.
 */
export type CommunePublishMessage = (
  /** `done`: the named detail pages, already rendered alone (functions/publish.ts). */
  | { job: number; scope: PublishScope; done?: string[] }
  | { job: number; chunk: number; paths: string[] }
) & { commune?: string };

/**
 * The province's pages (issue 24): rendered with every commune's bindings, stored under the
 * `_tinh/` prefix. No job row: the province has no database of its own. The first message lists
 * the paths (PROVINCE_PATHS_PATH); more than PATHS_PER_MESSAGE are sent on with `paths`.
 */
export type ProvincePublishMessage = { province: true; paths?: string[] };

/** The path the site lists the province's pages at (each starts with `/tinh/`): rendered for the consumer only. */
export const PROVINCE_PATHS_PATH = '/noi-bo/duong-dan-tinh.json';

/**
 * The header in which the province's listing (PROVINCE_PATHS_PATH) names what every province
 * page depends on besides the communes' rollups: the day, the years of the duty board, the
 * registry. A render with another stamp than the last renders every page (functions/publish.ts).
 */
export const PROVINCE_STAMP_HEADER = 'x-tinh-dau';

/** Paths rendered by one queue message (docs/publishing.md: limits). */
const PATHS_PER_MESSAGE = 200;

/** A route of the site and its paths, as the site lists them (site/src/pages/noi-bo/duong-dan.json.ts). */
export interface SiteRoute {
  /** The route's pattern, e.g. "/cong-khai/[slug]/". */
  route: string;
  paths: string[];
}

/**
 * The request header in which the consumer names a render's generation: one queue message, one
 * read of D1 shared by its pages (site/src/lib/render-context.ts). A citizen's request never
 * reaches the renderer with it (functions/worker.ts removes it from the live search page's).
 */
export const RENDER_GENERATION_HEADER = 'x-portal-render';

/**
 * The request header in which the Worker names the commune a render is for (its slug): the site
 * reads that commune's D1 (site/src/lib/render-context.ts). Set only by the Worker, on requests
 * it builds itself (functions/worker.ts renderPage), never passed on from a citizen.
 */
export const RENDER_COMMUNE_HEADER = 'x-portal-commune';

/** The path the site lists its own routes at: rendered for the consumer only, never stored. */
export const SITE_PATHS_PATH = '/noi-bo/duong-dan.json';

/** The one route whose pages a change names one by one (schema/publishing/publish.ts: detail pages of disclosures). */
const DISCLOSURE_ROUTE = '/cong-khai/[slug]/';

/**
 * The routes of each area of the site: a page is in an area when it shows records of it. The
 * home page, the open data and the sitemap show every area. A route matches a prefix that ends
 * in "/" or "." by starting with it, any other prefix exactly.
 */
const EVERY_AREA = ['/', '/du-lieu/', '/sitemap.xml'];
const AREA_ROUTES: Record<SiteArea, readonly string[]> = {
  disclosures: [
    ...EVERY_AREA, '/cong-khai/', '/cong-khai.xml', '/ke-hoach/', '/bao-cao/', '/nhung/cong-khai-moi/',
    // Pages that link the documents they rest on: a finding's works, a consultation's final
    // document, a decision's recognition.
    '/giam-sat/hoat-dong/', '/lay-y-kien/[slug]/', '/nhung/giam-sat/', '/nhung/quyet-dinh-moi/',
  ],
  reception: [...EVERY_AREA, '/lich-tiep-cong-dan/', '/lich-tiep-cong-dan.ics', '/nhung/lich-tiep-cong-dan/'],
  statistics: [...EVERY_AREA, '/thong-ke/', '/nhung/thu-tuc-hanh-chinh/'],
  community: [...EVERY_AREA, '/nhan-dan-quyet-dinh/', '/nhan-dan-quyet-dinh.xml', '/giam-sat/', '/giam-sat.xml', '/nhung/quyet-dinh-moi/', '/nhung/giam-sat/'],
  consultations: [...EVERY_AREA, '/lay-y-kien/', '/lay-y-kien.xml', '/nhung/lay-y-kien/'],
};

function inArea(route: string, area: SiteArea): boolean {
  return AREA_ROUTES[area].some((prefix) => (prefix === '/' ? route === '/' : prefix.endsWith('/') ? route.startsWith(prefix) : route === prefix));
}

/** A numbered list page (site/src/lib/paging.ts): `…/trang/N/`, numbered from the oldest item. */
const LIST_PAGE = /^(.*\/trang\/)(\d+)\/$/;

/**
 * Of the numbered pages of each list, those a change can touch: the last two (a new item joins
 * the last page, or opens one, which gives the page before it a "newer" link) and the pages that
 * show a named item (`showing`, listed by the site). The others keep their items: pages are
 * numbered from the oldest (site/src/lib/paging.ts).
 */
function listPagesTouched(paths: readonly string[], showing: ReadonlySet<string>): string[] {
  const last = new Map<string, number>();
  for (const path of paths) {
    const m = LIST_PAGE.exec(path);
    if (m) last.set(m[1]!, Math.max(last.get(m[1]!) ?? 0, Number(m[2])));
  }
  return paths.filter((path) => {
    const m = LIST_PAGE.exec(path);
    return !m || showing.has(path) || Number(m[2]) >= last.get(m[1]!)! - 1;
  });
}

/**
 * The paths a scope renders: everything; or the pages of the areas it names (every area when
 * it names none) but the disclosure detail pages, of which only the named ones, and of the
 * numbered list pages only those a change touches (listPagesTouched; `showing`: the list pages
 * that show a named disclosure; every page of a category the scope `relist`s). A named page that no longer exists is still rendered: its 404
 * removes the stored page (a row left out). The named pages come first: the page an official
 * just saved is public first.
 */
export function pathsOfScope(allRoutes: readonly SiteRoute[], scope: PublishScope, showing: readonly string[] = []): string[] {
  // The province's pages (site/src/pages/tinh/) are rendered by the province's own messages
  // (functions/publish.ts handleProvince), never as a commune's.
  const routes = allRoutes.filter((r) => !PROVINCE_ROUTE.test(r.route));
  if ('all' in scope) return routes.flatMap((r) => r.paths);
  const areas = scope.areas ?? SITE_AREAS;
  const named = scope.disclosures.map((slug) => disclosurePath({ slug }));
  const shown = routes.filter((r) => r.route !== DISCLOSURE_ROUTE && areas.some((a) => inArea(r.route, a)));
  const relisted = (path: string) => (scope.relist ?? []).some((category) => path.startsWith(listPagesPrefix(categoryPath({ slug: category }))));
  // The JSON Schemas of the open data change with a deploy only (a full publish).
  const paths = shown.flatMap((r) => r.paths).filter((path) => !path.endsWith('.schema.json'));
  return [...new Set([...named, ...listPagesTouched(paths, new Set([...showing, ...paths.filter(relisted)]))])];
}

/** How many named detail pages a job renders alone, before it lists the site (focusedGeneration). */
export const FOCUSED_PAGES = 10;

/**
 * The render generation of one detail page rendered alone: its render reads that record and
 * the records its page shows, not every row of the site (site/src/lib/portal-data.ts), so the
 * page an official saved is public before the rest of its job is listed.
 */
export const focusedGeneration = (generation: string, slug: string): string => `${generation}#${slug}`;

/** The slug a generation renders alone, or null for a generation that reads every row. */
export function focusOf(generation: string): string | null {
  const at = generation.lastIndexOf('#');
  return at < 0 ? null : generation.slice(at + 1);
}

/** The routes of the province's pages, which a commune's job never renders. */
const PROVINCE_ROUTE = /^\/tinh(\/|$)/;

/** Splits paths into messages of at most `size`. */
export function chunks<T>(items: readonly T[], size = PATHS_PER_MESSAGE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The R2 key of a public path: a page is stored as its folder's index.html, a file under its
 * own name. `/` → `index.html`, `/cong-khai/` → `cong-khai/index.html`, `/cong-khai.xml` → `cong-khai.xml`.
 */
export function storageKey(path: string): string {
  const clean = path.replace(/^\/+/, '');
  return clean === '' || clean.endsWith('/') ? `${clean}index.html` : clean;
}

/** The path of the site's 404 page, and the key it is stored under. */
export const NOT_FOUND_PATH = '/404/';
export const NOT_FOUND_KEY = '404.html';

/** What the admin home says of the latest job, in Vietnamese. */
export function jobStatus(job: Pick<PublishJob, 'pagesTotal' | 'pagesDone' | 'finishedAt' | 'failure'>): 'queued' | 'running' | 'done' | 'failed' {
  if (job.failure) return 'failed';
  if (job.finishedAt) return 'done';
  return job.pagesTotal === null ? 'queued' : 'running';
}

/** Seconds from the request to the last page stored, one decimal; null while running. */
export function jobSeconds(job: Pick<PublishJob, 'requestedAt' | 'finishedAt'>): number | null {
  if (!job.finishedAt) return null;
  return Math.round((Date.parse(job.finishedAt) - Date.parse(job.requestedAt)) / 100) / 10;
}

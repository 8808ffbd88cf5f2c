import { SaxesParser } from 'saxes';
import { NOT_FOUND_KEY, NOT_FOUND_PATH, storageKey } from '../schema/publishing/publish-jobs.ts';
import { pageHeaders, SITE_COMMON_HEADERS } from '../schema/core/security-headers.ts';
import { bucketPrefix } from '../schema/province/commune-registry.ts';

/**
 * The citizen site as stored pages (issue 23): the publish consumer (functions/publish.ts)
 * renders each page with the site's Astro pages and stores it here, in the SITE bucket, with
 * the headers it is to be served with; a citizen's request reads one R2 object and never D1,
 * so pages, feeds, embeds, the calendar and open data stay up while D1 is down.
 */

/** The paths answered by the Worker's own routes; every other path is a stored page or a static asset. */
export const WORKER_PATHS = /^\/(api|admin|tep|gop-y)(\/|$)/;

/**
 * The type a stored file is served with, by its name, as the static site's files were (Workers
 * assets type a file by its extension): a feed opens in a browser as XML instead of downloading.
 */
const TYPES: Record<string, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

function contentType(path: string, rendered: string | null): string {
  if (path.endsWith('/')) return 'text/html; charset=utf-8';
  const ext = /\.([a-z]+)$/.exec(path)?.[1];
  return (ext && TYPES[ext]) || rendered || 'text/html; charset=utf-8';
}

// ——— The edge cache ———
//
// A page served once is kept in the data centre's cache (caches.default) under its host, path
// and the site's publish generation: a repeated request reads no R2. Every stored or removed
// page gives the site a new generation (`_the-he` in its R2 prefix), so the next request after
// a publish asks for a key no cache holds: fresh without a purge, old copies age out unused.
// A request learns the generation from the cache too (GENERATION_SECONDS), else from R2; the
// publisher writes the new one into its own data centre's cache at once, so elsewhere a publish
// is seen within GENERATION_SECONDS. docs/publishing.md says why.

/** The site's publish generation, in its R2 prefix (a path never starts with "_": no page clashes, no sweep removes it). */
const GENERATION_KEY = '_the-he';
/** How long a data centre trusts the generation it read before reading it again from R2. */
const GENERATION_SECONDS = 5;
/** How long a data centre may keep a page copy: its key changes with every publish, so this only bounds what an idle page occupies. */
const COPY_SECONDS = 86_400;

/** The cache key of a site's generation: the site's R2 prefix, the same for every host it answers (host-free, so the publisher can write it). */
const generationKey = (bucket: R2Bucket) => `https://the-he.cong-khai.invalid/${encodeURIComponent(bucketPrefix(bucket) || '-')}`;

function cacheOf(): Cache | null {
  return typeof caches === 'undefined' ? null : (caches as unknown as { default: Cache }).default;
}

/**
 * A new generation for the site, after a page was stored or removed (never before: a request
 * that sees the new generation must find the new page): one small R2 put and one cache put.
 * The publish consumer bumps after a message's first page and after its last (storePage's
 * `bump: false`, functions/publish.ts), not after every page.
 */
export async function bumpGeneration(bucket: R2Bucket): Promise<void> {
  const generation = crypto.randomUUID();
  // The cache's write is a shortcut for this data centre: if the cache refuses it, the page is stored all the same.
  await Promise.all([bucket.put(GENERATION_KEY, generation), cacheOf()?.put(generationKey(bucket), generationResponse(generation)).catch((error) => console.error('generation not cached', error))]);
}

const generationResponse = (generation: string) => new Response(generation, { headers: { 'Cache-Control': `public, max-age=${GENERATION_SECONDS}` } });

/** The site's generation: from the cache, else from R2 (kept for GENERATION_SECONDS); null before the first page is stored. */
async function generationOf(bucket: R2Bucket, cache: Cache, wait: (p: Promise<unknown>) => void): Promise<string | null> {
  const cached = await cache.match(generationKey(bucket)).catch(() => undefined);
  if (cached) return cached.text();
  const stored = await bucket.get(GENERATION_KEY);
  if (!stored) return null;
  const generation = await stored.text();
  wait(cache.put(generationKey(bucket), generationResponse(generation)).catch(() => {}));
  return generation;
}

/** Internal headers of a page copy, never sent: when it was stored (for If-Modified-Since), the page's own Cache-Control and frame rules. */
const STORED_AT = 'x-cong-khai-luu-luc';
const PAGE_CACHE_CONTROL = 'x-cong-khai-cache-control';
const PAGE_CSP = 'x-cong-khai-csp';
const PAGE_FRAMEABLE = 'x-cong-khai-frameable';

/**
 * Stores what the site rendered for `path`: a 200 is kept, a 404 removes the page. Else an error,
 * in Vietnamese. `bump: false` leaves the new generation to the caller, who stores many pages and
 * bumps once after them (functions/publish.ts): one small R2 put per message, not per page.
 */
export async function storePage(bucket: R2Bucket, path: string, response: Response, embedOrigins: readonly string[], { bump = true } = {}): Promise<'stored' | 'removed'> {
  const key = path === NOT_FOUND_PATH ? NOT_FOUND_KEY : storageKey(path);
  if (response.status === 404 && path !== NOT_FOUND_PATH) {
    await response.body?.cancel();
    await bucket.delete(key);
    if (bump) await bumpGeneration(bucket);
    return 'removed';
  }
  if (!response.ok && path !== NOT_FOUND_PATH) {
    const text = (await response.text()).slice(0, 300);
    throw new Error(`trang trả lời mã ${response.status}${text ? `: ${text}` : ''}`);
  }
  const body = await response.arrayBuffer();
  // A feed or the sitemap is parsed before it is stored: a title that slipped past the escaping
  // (a `]]>` once injected a link into every Atom feed, issue 22.10) fails this page by name
  // instead of reaching subscribers.
  if (path.endsWith('.xml')) {
    try {
      new SaxesParser({ xmlns: true }).write(new TextDecoder().decode(body)).close();
    } catch (error) {
      throw new Error(`không phải XML hợp lệ: ${(error as Error).message}`);
    }
  }
  const headers = pageHeaders(path, embedOrigins);
  await bucket.put(key, body, {
    httpMetadata: {
      contentType: contentType(path, response.headers.get('content-type')),
      cacheControl: headers.cacheControl,
      ...(headers.contentDisposition ? { contentDisposition: headers.contentDisposition } : {}),
    },
    customMetadata: { csp: headers.contentSecurityPolicy, frameable: headers.frameable ? '1' : '0' },
  });
  if (bump) await bumpGeneration(bucket);
  return 'stored';
}

/** The keys stored under the site, for the sweep of a full publish. */
export async function listStoredKeys(bucket: R2Bucket): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ cursor, limit: 1000 });
    // Keys starting with "_" are the Worker's (files' answers, functions/public-files.ts), no page.
    keys.push(...page.objects.map((o) => o.key).filter((key) => !key.startsWith('_')));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** The security headers of a citizen page: the common ones, its CSP, and no framing unless an embed. */
export function setPageHeaders(headers: Headers, csp: string | undefined, frameable: boolean): void {
  for (const [name, value] of Object.entries(SITE_COMMON_HEADERS)) headers.set(name, value);
  if (csp) headers.set('Content-Security-Policy', csp);
  if (!frameable) headers.set('X-Frame-Options', 'DENY');
}

function answer(object: R2Object, body: ReadableStream | null, status: number): Response {
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set('ETag', object.httpEtag);
  setPageHeaders(headers, object.customMetadata?.csp, object.customMetadata?.frameable === '1');
  if (status === 304 || status === 412) headers.delete('Content-Type');
  return new Response(body, { status, headers });
}

/** The entity tags of a conditional header (`"a", W/"b"`), or `*`. */
function entityTags(value: string): string[] | '*' {
  if (value.trim() === '*') return '*';
  return value.split(',').map((tag) => tag.trim()).filter(Boolean);
}

/**
 * What a conditional GET or HEAD of a stored page answers (RFC 9110 §13.2.2): 412 when
 * `If-Match` names none of the page's tags (or, without it, `If-Unmodified-Since` is before the
 * page was stored), 304 when `If-None-Match` names its tag (or, without it, `If-Modified-Since`
 * is not before it was stored), else the page. `If-Match` compares strongly, so a weak tag never
 * matches; `If-None-Match` compares weakly. A missing page fails any `If-Match`.
 */
function conditionalStatus(request: Request, page: { etag: string; uploaded: Date } | null): 200 | 304 | 412 {
  const ifMatch = request.headers.get('if-match');
  if (ifMatch !== null) {
    const tags = entityTags(ifMatch);
    if (!page || (tags !== '*' && !tags.includes(page.etag))) return 412;
  } else {
    const since = Date.parse(request.headers.get('if-unmodified-since') ?? '');
    if (page && !Number.isNaN(since) && page.uploaded.getTime() > since + 999) return 412;
  }
  if (!page) return 200;
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    const tags = entityTags(ifNoneMatch);
    const weak = (tag: string) => tag.replace(/^W\//, '');
    return tags === '*' || tags.some((tag) => weak(tag) === weak(page.etag)) ? 304 : 200;
  }
  // HTTP dates have whole seconds; R2 stores milliseconds.
  const modifiedSince = Date.parse(request.headers.get('if-modified-since') ?? '');
  return !Number.isNaN(modifiedSince) && page.uploaded.getTime() < modifiedSince + 1000 ? 304 : 200;
}

/** A path that is no page of its own: an R2 key of the Worker's bookkeeping (`_…`: Astro never routes a file starting with "_"). */
const RESERVED = /^\/_/;

/**
 * A citizen's GET or HEAD of a stored page: 200 with its ETag, 304 when the browser holds it,
 * 412 when an `If-Match` fails, a 301 to the folder of a path typed without its slash or with
 * `index.html`, and the site's 404 page otherwise (also for `/404.html`: the 404 page is no page
 * of its own).
 */
export async function servePage(request: Request, bucket: R2Bucket, ctx?: Pick<ExecutionContext, 'waitUntil'>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Phương thức không được hỗ trợ.', { status: 405, headers: { Allow: 'GET, HEAD', ...SITE_COMMON_HEADERS } });
  }
  const url = new URL(request.url);
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const key = storageKey(path);
  const indexFile = /\/index\.html$/.test(path);
  const own = !RESERVED.test(path) && key !== NOT_FOUND_KEY;
  if (own && indexFile) {
    // "/cong-khai/index.html" → "/cong-khai/", the one address of the folder (as the static site's assets did).
    if (await bucket.head(key)) return moved(`${url.pathname.slice(0, -'index.html'.length)}${url.search}`);
  } else if (own) {
    const page = await servePageAt(request, url, bucket, key, ctx);
    if (page) return page;
    if (conditionalStatus(request, null) === 412) return new Response(null, { status: 412, headers: { ...SITE_COMMON_HEADERS } });
    // "/cong-khai" → "/cong-khai/", as the static site did for a folder.
    if (!path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path) && (await bucket.head(storageKey(`${path}/`)))) return moved(`${url.pathname}/${url.search}`);
  }
  const notFound = await bucket.get(NOT_FOUND_KEY);
  if (!notFound) {
    // Nothing published yet (the first publish of a new portal is still running).
    return new Response('Trang công khai đang được xuất bản, vui lòng thử lại sau ít phút.', {
      status: 503,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '30', ...SITE_COMMON_HEADERS },
    });
  }
  return answer(notFound, request.method === 'GET' ? notFound.body : null, 404);
}

/**
 * The stored page at `key`, or null when there is none: through the edge cache once the site has
 * a generation (X-Cache says HIT or MISS), else straight from R2.
 */
async function servePageAt(request: Request, url: URL, bucket: R2Bucket, key: string, ctx?: Pick<ExecutionContext, 'waitUntil'>): Promise<Response | null> {
  const cache = cacheOf();
  const wait = (p: Promise<unknown>) => (ctx ? ctx.waitUntil(p) : void p.catch(() => {}));
  const generation = cache ? await generationOf(bucket, cache, wait) : null;
  if (cache && generation) {
    // The query is left out: stored pages do not depend on it (one copy for "/?utm_source=…" and "/").
    const copyKey = `${url.origin}${url.pathname}?the-he=${encodeURIComponent(generation)}`;
    const copy = await cache.match(copyKey).catch(() => undefined);
    if (copy) return fromCopy(request, copy, 'HIT');
    const object = await bucket.get(key);
    if (!object) return null;
    const headers = new Headers();
    object.writeHttpMetadata(headers);
    headers.set('ETag', object.httpEtag);
    headers.set(STORED_AT, object.uploaded.toUTCString());
    headers.set(PAGE_CACHE_CONTROL, headers.get('Cache-Control') ?? '');
    headers.set(PAGE_CSP, object.customMetadata?.csp ?? '');
    headers.set(PAGE_FRAMEABLE, object.customMetadata?.frameable ?? '0');
    // The copy's own lifetime; the page's Cache-Control goes back on when it is served.
    headers.set('Cache-Control', `public, max-age=${COPY_SECONDS}`);
    const bytes = await object.arrayBuffer();
    wait(cache.put(copyKey, new Response(bytes, { headers })).catch((error) => console.error(`${url.pathname} not cached`, error)));
    return fromCopy(request, new Response(bytes, { headers }), 'MISS');
  }
  // R2 leaves the body out when the request's conditions fail; which answer that is (304 or
  // 412) is decided here, by conditionalStatus, the one place for it.
  let object: R2Object | R2ObjectBody | null = await bucket.get(key, { onlyIf: request.headers });
  if (!object) return null;
  const status = conditionalStatus(request, { etag: object.httpEtag, uploaded: object.uploaded });
  // The two readings of a condition differ (a rare header form): the page without conditions.
  if (status === 200 && !('body' in object)) object = (await bucket.get(key)) ?? object;
  const body = 'body' in object ? object.body : null;
  if (body && (status !== 200 || request.method !== 'GET')) await body.cancel();
  return answer(object, status === 200 && request.method === 'GET' ? body : null, status);
}

/** A citizen's answer from a page copy (the cache's, or the one just read from R2): the page, 304 or 412, with `X-Cache`. */
function fromCopy(request: Request, copy: Response, cacheState: 'HIT' | 'MISS'): Response {
  const etag = copy.headers.get('ETag') ?? '';
  const status = conditionalStatus(request, { etag, uploaded: new Date(copy.headers.get(STORED_AT) ?? 0) });
  const headers = new Headers(copy.headers);
  headers.set('Cache-Control', copy.headers.get(PAGE_CACHE_CONTROL) ?? 'no-cache');
  for (const internal of [STORED_AT, PAGE_CACHE_CONTROL, PAGE_CSP, PAGE_FRAMEABLE]) headers.delete(internal);
  setPageHeaders(headers, copy.headers.get(PAGE_CSP) || undefined, copy.headers.get(PAGE_FRAMEABLE) === '1');
  headers.set('X-Cache', cacheState);
  if (status !== 200) headers.delete('Content-Type');
  const body = status === 200 && request.method === 'GET' ? copy.body : null;
  if (!body) void copy.body?.cancel();
  return new Response(body, { status, headers });
}

const moved = (location: string) => new Response(null, { status: 301, headers: { Location: location, ...SITE_COMMON_HEADERS } });

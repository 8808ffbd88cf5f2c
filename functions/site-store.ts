import { SaxesParser } from 'saxes';
import { NOT_FOUND_KEY, NOT_FOUND_PATH, storageKey } from '../schema/publish-jobs.ts';
import { pageHeaders, SITE_COMMON_HEADERS } from '../schema/security-headers.ts';

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

/** Stores what the site rendered for `path`: a 200 is kept, a 404 removes the page. Else an error, in Vietnamese. */
export async function storePage(bucket: R2Bucket, path: string, response: Response, embedOrigins: readonly string[]): Promise<'stored' | 'removed'> {
  const key = path === NOT_FOUND_PATH ? NOT_FOUND_KEY : storageKey(path);
  if (response.status === 404 && path !== NOT_FOUND_PATH) {
    await response.body?.cancel();
    await bucket.delete(key);
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
  return 'stored';
}

/** The keys stored under the site, for the sweep of a full publish. */
export async function listStoredKeys(bucket: R2Bucket): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ cursor, limit: 1000 });
    keys.push(...page.objects.map((o) => o.key));
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
  if (status === 304) headers.delete('Content-Type');
  return new Response(body, { status, headers });
}

/**
 * A citizen's GET or HEAD of a stored page: 200 with its ETag, 304 when the browser holds it,
 * a 301 to the folder of a path typed without its slash, and the site's 404 page otherwise.
 */
export async function servePage(request: Request, bucket: R2Bucket): Promise<Response> {
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
  const object = await bucket.get(key, { onlyIf: request.headers });
  if (object) {
    const body = 'body' in object && request.method === 'GET' ? (object as R2ObjectBody).body : null;
    // R2 returns the object without a body when the browser's If-None-Match still matches.
    return answer(object, body, 'body' in object ? 200 : 304);
  }
  // "/cong-khai" → "/cong-khai/", as the static site did for a folder.
  if (!path.endsWith('/') && !/\.[a-z0-9]+$/i.test(path) && (await bucket.head(storageKey(`${path}/`)))) {
    return new Response(null, { status: 301, headers: { Location: `${url.pathname}/${url.search}`, ...SITE_COMMON_HEADERS } });
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

import { handle } from '@astrojs/cloudflare/handler';
import worker, { serve } from './index.ts';
import { asFocused, focusedContext, isWrite } from './priority.ts';
import { consumePublish, publishIfTemplateChanged, type RenderTarget } from './publish.ts';
import { communeOrigin, destination, everyCommune, provinceOrigin } from './tenancy.ts';
import { communeBySlug, isProvince, serveRegistry } from '../schema/province/commune-registry.ts';
import { setPageHeaders, WORKER_PATHS } from './site-store.ts';
import { RENDER_COMMUNE_HEADER, RENDER_GENERATION_HEADER, type PublishMessage } from '../schema/publishing/publish-jobs.ts';
import { pageHeaders } from '../schema/core/security-headers.ts';
import { SEARCH_PAGE } from '../schema/publishing/paths.ts';
import registry from 'cong-khai-xa:province';

/**
 * The deployed Worker (wrangler.toml `main`), bundled by `astro build` together with the site's
 * pages (site/, @astrojs/cloudflare). It is functions/index.ts — API, admin, files and the
 * stored citizen pages — plus what needs the site's renderer: the publish queue's consumer,
 * which renders pages into R2, and the live search page. Tests of the Worker run
 * functions/index.ts without the site (vitest.config.ts); the browser tests run this one.
 */

// The province's registry, bundled by wrangler from the file the config's `alias` names
// (scripts/province.ts): the Worker and the site's renderer resolve hosts and slugs with it.
serveRegistry(registry);

/** A hash of the site's templates, set at build (site/astro.config.mjs). */
declare const __SITE_TEMPLATE__: string;

/** The communes whose template version this isolate has checked (once each, on their first Worker-route request). */
const templateChecked = new Set<string>();

/** The headers of a citizen page (functions/site-store.ts), on the live search page. */
function withSiteHeaders(res: Response): Response {
  const out = new Response(res.body, res);
  const page = pageHeaders(SEARCH_PAGE, []);
  setPageHeaders(out.headers, page.contentSecurityPolicy, page.frameable);
  // Results change with every publish: never reused without asking (a reload shows a new item).
  out.headers.set('Cache-Control', 'no-cache');
  return out;
}

/** When no commune's D1 can answer, the province's search says so and points to its stored pages. */
function provinceSearchUnavailable(): Response {
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tìm kiếm tạm thời chưa dùng được</title></head><body><main><h1>Tìm kiếm tạm thời chưa dùng được</h1><p>Chưa tìm được ở xã nào: hệ thống đang bận hoặc đang bảo trì, vui lòng thử lại sau ít phút. Vẫn xem được <a href="/">danh sách xã</a> (mỗi xã có trang tìm kiếm riêng), <a href="/thu-tuc/">kết quả giải quyết thủ tục hành chính</a> và <a href="/nghia-vu-cong-khai/">nghĩa vụ công khai</a>.</p></main></body></html>`;
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' } });
}

/** Whether the request is a read of the search page (either slash form). */
const searchRequest = (request: Request, url: URL): string | null =>
  (request.method === 'GET' || request.method === 'HEAD') && (url.pathname === SEARCH_PAGE || `${url.pathname}/` === SEARCH_PAGE) ? url.pathname : null;

/** When D1 cannot answer, search says so and points to the lists, which are stored pages. */
function searchUnavailable(): Response {
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tìm kiếm tạm thời chưa dùng được</title></head><body><main><h1>Tìm kiếm tạm thời chưa dùng được</h1><p>Hệ thống tìm kiếm đang bận hoặc đang bảo trì, vui lòng thử lại sau ít phút. Mọi nội dung vẫn xem được: <a href="/cong-khai/">danh sách công khai</a>, <a href="/ke-hoach/">kế hoạch</a>, <a href="/bao-cao/">báo cáo</a>, <a href="/lich-tiep-cong-dan/">lịch tiếp công dân</a>.</p></main></body></html>`;
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' } });
}

/**
 * The site's renderer on one path, for a commune (its slug in RENDER_COMMUNE_HEADER: the site
 * reads that commune's D1, site/src/lib/render-context.ts) or the province, under its origin.
 * The headers are the Worker's own: a citizen's request never sets the generation or the commune.
 */
function renderPage(env: Env, ctx: ExecutionContext, pathAndQuery: string, target: RenderTarget, init: { method?: string; headers?: Headers; generation?: string } = {}) {
  const commune = target.commune ? communeBySlug(target.commune) : undefined;
  const origin = target.province ? provinceOrigin(env) ?? communeOrigin(env, undefined) : communeOrigin(env, commune);
  const headers = new Headers(init.headers);
  headers.delete(RENDER_GENERATION_HEADER);
  headers.delete(RENDER_COMMUNE_HEADER);
  if (init.generation) headers.set(RENDER_GENERATION_HEADER, init.generation);
  if (commune) headers.set(RENDER_COMMUNE_HEADER, commune.slug);
  return handle(new Request(`${origin}${pathAndQuery}`, { method: init.method ?? 'GET', headers }), env, ctx);
}

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    // The host decides first: a commune (with its bindings), the province, an alias or nothing.
    const where = destination(request, env);
    const search = where.kind === 'answer' ? null : searchRequest(request, url);
    // Search answers live from D1 (FTS5): the one citizen page that reads the database.
    if (search !== null && search !== SEARCH_PAGE) return new Response(null, { status: 301, headers: { Location: `${SEARCH_PAGE}${url.search}` } });
    if (where.kind === 'province' && search) {
      // The province's search reads every commune's D1 (pages/tinh/tim-kiem/); it fails (5xx) only when none answers.
      return renderPage(env, ctx, `/tinh${SEARCH_PAGE}${url.search}`, { province: true }, { method: request.method, headers: request.headers }).then((res) =>
        withSiteHeaders(res.status >= 500 ? provinceSearchUnavailable() : res),
      );
    }
    if (where.kind !== 'commune') return serve(request, env, ctx, where);
    const slug = isProvince() ? where.commune.slug : undefined;
    if (search) {
      // Rendered under the commune's public origin, like the stored pages (never the request's Host).
      return renderPage(env, ctx, `${url.pathname}${url.search}`, { commune: slug }, { method: request.method, headers: request.headers }).then((res) =>
        withSiteHeaders(res.status >= 500 ? searchUnavailable() : res),
      );
    }
    // Once per isolate and commune, on the Worker's own routes (never a citizen page, which must not need D1).
    const key = slug ?? '';
    if (!templateChecked.has(key) && WORKER_PATHS.test(url.pathname)) {
      templateChecked.add(key);
      ctx.waitUntil(publishIfTemplateChanged(where.env, __SITE_TEMPLATE__));
    }
    // An official's write: bulk page renders in this isolate wait while it runs (functions/priority.ts).
    if (isWrite(request, url.pathname)) return asFocused(async () => serve(request, env, focusedContext(ctx), where));
    return serve(request, env, ctx, where);
  },
  // The daily run also notices new templates, for every commune, should no official open the admin after a deploy.
  scheduled(controller, env, ctx) {
    for (const { env: communeEnv } of everyCommune(env)) ctx.waitUntil(publishIfTemplateChanged(communeEnv, __SITE_TEMPLATE__));
    return worker.scheduled(controller, env, ctx);
  },
  queue(batch, env, ctx) {
    return consumePublish(batch, env, (path, generation, target = {}) => renderPage(env, ctx, path, target, { generation }));
  },
} satisfies ExportedHandler<Env, PublishMessage>;

import { handle } from '@astrojs/cloudflare/handler';
import worker from './index.ts';
import { consumePublish, publishIfTemplateChanged } from './publish.ts';
import { setPageHeaders, WORKER_PATHS } from './site-store.ts';
import { RENDER_GENERATION_HEADER, type PublishMessage } from '../schema/publish-jobs.ts';
import { pageHeaders } from '../schema/security-headers.ts';

/**
 * The deployed Worker (wrangler.toml `main`), bundled by `astro build` together with the site's
 * pages (site/, @astrojs/cloudflare). It is functions/index.ts — API, admin, files and the
 * stored citizen pages — plus what needs the site's renderer: the publish queue's consumer,
 * which renders pages into R2, and the live search page. Tests of the Worker run
 * functions/index.ts without the site (vitest.config.ts); the browser tests run this one.
 */

/** A hash of the site's templates, set at build (site/astro.config.mjs). */
declare const __SITE_TEMPLATE__: string;

let templateChecked = false;

/** The origin pages are rendered under (the unit's own setting, when it has one, wins inside the pages). */
const publicOrigin = (env: Env) => (env.PUBLIC_BASE_URL || 'http://localhost:8787').replace(/\/$/, '');

/** The headers of a citizen page (functions/site-store.ts), on the live search page. */
function withSiteHeaders(res: Response): Response {
  const out = new Response(res.body, res);
  const page = pageHeaders('/tim-kiem/', []);
  setPageHeaders(out.headers, page.contentSecurityPolicy, page.frameable);
  // Results change with every publish: never reused without asking (a reload shows a new item).
  out.headers.set('Cache-Control', 'no-cache');
  return out;
}

/** When D1 cannot answer, search says so and points to the lists, which are stored pages. */
function searchUnavailable(): Response {
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tìm kiếm tạm thời chưa dùng được</title></head><body><main><h1>Tìm kiếm tạm thời chưa dùng được</h1><p>Hệ thống tìm kiếm đang bận hoặc đang bảo trì, vui lòng thử lại sau ít phút. Mọi nội dung vẫn xem được: <a href="/cong-khai/">danh sách công khai</a>, <a href="/ke-hoach/">kế hoạch</a>, <a href="/bao-cao/">báo cáo</a>, <a href="/lich-tiep-cong-dan/">lịch tiếp công dân</a>.</p></main></body></html>`;
  return new Response(body, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': '60', 'Cache-Control': 'no-store' } });
}

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    // Search answers live from D1 (FTS5): the one citizen page that reads the database.
    if (url.pathname === '/tim-kiem' && (request.method === 'GET' || request.method === 'HEAD')) {
      return new Response(null, { status: 301, headers: { Location: `/tim-kiem/${url.search}` } });
    }
    if (url.pathname === '/tim-kiem/' && (request.method === 'GET' || request.method === 'HEAD')) {
      // Rendered under the public origin, like the stored pages (never the request's Host), and
      // without the consumer's generation header, which a citizen's request may not set.
      const clean = new Headers(request.headers);
      clean.delete(RENDER_GENERATION_HEADER);
      const live = new Request(`${publicOrigin(env)}${url.pathname}${url.search}`, { method: request.method, headers: clean });
      return handle(live, env, ctx).then((res) => withSiteHeaders(res.status >= 500 ? searchUnavailable() : res));
    }
    // Once per isolate, on the Worker's own routes (never a citizen page, which must not need D1).
    if (!templateChecked && WORKER_PATHS.test(url.pathname)) {
      templateChecked = true;
      ctx.waitUntil(publishIfTemplateChanged(env, __SITE_TEMPLATE__));
    }
    return worker.fetch(request, env, ctx);
  },
  // The daily run also notices new templates, should no official open the admin after a deploy.
  scheduled(controller, env, ctx) {
    ctx.waitUntil(publishIfTemplateChanged(env, __SITE_TEMPLATE__));
    return worker.scheduled(controller, env, ctx);
  },
  queue(batch, env, ctx) {
    const origin = publicOrigin(env);
    return consumePublish(batch, env, (path, generation) =>
      handle(new Request(`${origin}${path}`, { headers: { [RENDER_GENERATION_HEADER]: generation } }), env, ctx),
    );
  },
} satisfies ExportedHandler<Env, PublishMessage>;

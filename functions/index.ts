import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { apiDocsPage } from './api-docs.ts';
import type { AppEnv } from './env.ts';
import { api, apiDocument } from './api.ts';
import { sessionAccount } from './auth.ts';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_SIZE } from '../schema/disclosure/attachment.ts';
import { getAttachment } from '../schema/disclosure/attachments.db.ts';
import { fileAnswer, fileResponse, gonePage, goneResponse, serveStoredFile, storeFileAnswers } from './public-files.ts';
import { dailyScope, requestProvincePublish, requestPublish } from './publish.ts';
import { destination, everyCommune, type Destination } from './tenancy.ts';
import { prefixedBucket, PROVINCE_PREFIX } from '../schema/province/commune-registry.ts';
import { todayInVietnam } from '../schema/core/dates.ts';
import { servePage, WORKER_PATHS } from './site-store.ts';
import { contentSecurityPolicy, POLICIES } from '../schema/core/security-headers.ts';
import { apiRefusal } from './routes/api-helpers.ts';
import { adminApp } from './routes/admin.tsx';
import { provinceAdminApp, type ProvinceAdminEnv } from './routes/province-admin.tsx';
import { opinionsApp } from './routes/opinions.ts';
import { consultationFiles } from './routes/consultation-files.ts';

/**
 * The Worker without the site's renderer (functions/worker.ts adds it): /api, /admin, /tep and
 * /gop-y are Hono routes (wrangler.toml sends them to the Worker first); every other path is a
 * static asset of the deploy, served by the assets layer, or else a citizen page stored by the
 * publish consumer, served from R2 without touching D1 (functions/site-store.ts).
 * Before any of them the request's host picks the commune and its bindings, or the province's
 * pages, an alias's 301 or a 404 (functions/tenancy.ts, issue 24).
 */
// Not strict: "/admin" and "/admin/" are the same page (sub-app roots are registered without a slash).
const app = new Hono<AppEnv>({ strict: false });

const WORKER_CSP = contentSecurityPolicy(POLICIES.worker);
// Forms and JSON are small; attachments have their own, larger limit.
const tooLarge = (limit: string) => (c: import('hono').Context) =>
  c.req.path.startsWith('/api/')
    ? c.json({ error: { code: 'too_large', message: `Nội dung gửi lên lớn quá ${limit}.` } }, 413)
    : c.html(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Quá lớn</title><p>Nội dung gửi lên lớn quá ${limit}. Hãy quay lại và thử lại.</p></html>`, 413);
const formLimit = bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge('1 MB') });
// An attachment at the limit plus the multipart envelope around it.
const attachmentLimit = bodyLimit({ maxSize: MAX_ATTACHMENT_BYTES + 64 * 1024, onError: tooLarge(MAX_ATTACHMENT_SIZE) });
/**
 * What every Worker answer gets, on a commune's host and on the province's admin alike: security
 * headers, the project's CSP, no caching of API and admin answers, body limits.
 */
const hardening: MiddlewareHandler[] = [
  secureHeaders({
    // No CSP here: it comes from the project's one builder (schema/core/security-headers.ts), below.
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  }),
  async (c, next) => {
    await next();
    // A route may answer with another policy of the same builder (routes/opinions.ts with Turnstile on).
    if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', WORKER_CSP);
  },
  // API answers and admin pages (one shows a new API token once) are never kept by a browser or
  // proxy. Before the body limits, so their 413 answers are covered too.
  async (c, next) => {
    await next();
    if (/^\/(api|admin)(\/|$)/.test(c.req.path)) c.res.headers.set('Cache-Control', 'no-store');
  },
  async (c, next) => (/\/(tep|attachments)$/.test(c.req.path) ? attachmentLimit : formLimit)(c, next),
];
for (const middleware of hardening) app.use(middleware);

app.route('/', api);
// The readable page for integrators lists the same document (it shares the admin's layout).
app.get('/api/v1', (c) => c.html(apiDocsPage(new URL(c.req.url).origin, apiDocument(c))));
app.route('/admin', adminApp);
// Citizens' opinions on open consultations: the one public write (see routes/opinions.ts).
app.route('/gop-y', opinionsApp);
app.route('/tep/y-kien', consultationFiles);

// Attachments: served from R2 with headers that stop a browser from running them as a page. A
// public or withdrawn file answers from what was stored in R2 when its state changed, without D1
// (functions/public-files.ts); D1 is read only for a file with no stored answer: a draft's or a
// pending file (officials preview them), a refused one, or one not stored yet.
app.get('/tep/:id{[0-9]+}/:name', async (c) => {
  const id = Number(c.req.param('id'));
  const stored = await serveStoredFile(c.req.raw, id, c.req.param('name'), c.env.SITE, c.env.FILES);
  if (stored) return stored;
  const attachment = await getAttachment(c.env.DB, id);
  const answer = attachment ? fileAnswer(attachment) : 'none';
  if (!attachment || answer === 'none') return c.notFound();
  if (answer === 'gone') return goneResponse(gonePage(attachment));
  const preview = answer === 'preview';
  if (preview && !(await sessionAccount(c))) return c.notFound();
  return (await fileResponse(c.req.raw, c.env.FILES, attachment.objectKey, attachment, preview)) ?? c.notFound();
});

app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Không có địa chỉ API này. Xem /api/v1/.' } }, 404));

/** What D1 says when it cannot answer now (busy, locked, overloaded, restarting), as opposed to a bad query. */
const D1_UNAVAILABLE = /SQLITE_BUSY|SQLITE_LOCKED|database is locked|Network connection lost|D1 DB is overloaded|D1_RESET_DO|storage caused object to be reset|internal error/i;

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  // The use cases' refusals: the API answers them here, once; admin handlers re-render their forms.
  if (c.req.path.startsWith('/api/')) {
    const refusal = apiRefusal(error);
    if (refusal) return refusal;
  }
  console.error(`${c.req.method} ${c.req.path} failed`, error);
  // D1 busy, locked or unreachable: nothing was stored. Citizen pages are still served (from R2).
  if (D1_UNAVAILABLE.test(String((error as Error)?.message ?? error))) {
    c.header('Retry-After', '60');
    const message = 'Hệ thống tạm thời chưa lưu được vì cơ sở dữ liệu đang bận hoặc bảo trì. Không có gì bị thay đổi; vui lòng thử lại sau ít phút.';
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'unavailable', message } }, 503);
    return c.html(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tạm thời chưa lưu được</title></head><body><main><h1>Tạm thời chưa lưu được</h1><p>${message}</p><p>Nội dung bạn vừa nhập vẫn còn trong biểu mẫu: bấm nút <b>Quay lại</b> của trình duyệt rồi gửi lại sau ít phút.</p></main></body></html>`,
      503,
    );
  }
  if (c.req.path.startsWith('/api/')) {
    return c.json({ error: { code: 'internal', message: 'Lỗi máy chủ. Không có gì bị thay đổi; hãy thử lại sau.' } }, 500);
  }
  return c.html('<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi</title><p>Lỗi máy chủ. Hãy thử lại sau ít phút.</p></html>', 500);
});

/**
 * The province administrator's admin, on the province's host only, behind the same hardening as a
 * commune's routes; its sessions are in PROVINCE_DB (functions/routes/province-admin.tsx).
 */
const provinceApp = new Hono<ProvinceAdminEnv>({ strict: false });
for (const middleware of hardening) provinceApp.use(middleware);
provinceApp.route('/admin', provinceAdminApp);
provinceApp.notFound((c) => c.text('Không có trang này trong trang quản trị của tỉnh.', 404));
provinceApp.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  console.error(`province ${c.req.method} ${c.req.path} failed`, error);
  return c.html('<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi</title><p>Lỗi máy chủ. Hãy thử lại sau ít phút.</p></html>', 500);
});

/** What the province's host answers: its stored pages (prefix `_tinh/`), the public list of communes and the province's admin. */
function serveProvince(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
  const url = new URL(request.url);
  if (/^\/api\/v1\/communes\/?$/.test(url.pathname)) return app.fetch(request, env, ctx);
  if (/^\/admin(\/|$)/.test(url.pathname)) return provinceApp.fetch(request, env, ctx);
  // The province has no API or files of its own: nothing of a commune answers here.
  if (WORKER_PATHS.test(url.pathname)) {
    return url.pathname.startsWith('/api/')
      ? Response.json({ error: { code: 'not_found', message: 'Cổng của tỉnh chỉ có /api/v1/communes. API của từng xã, phường ở tên miền của xã, phường đó.' } }, { status: 404, headers: { 'Cache-Control': 'no-store' } })
      : new Response('Không có trang này trên cổng của tỉnh.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  }
  // The pages are rendered at /tinh/… by the site and stored without that prefix: one address each.
  if (/^\/tinh(\/|$)/.test(url.pathname)) {
    return new Response(null, { status: 301, headers: { Location: `${url.pathname.slice('/tinh'.length) || '/'}${url.search}`, 'Cache-Control': 'no-store' } });
  }
  return servePage(request, prefixedBucket(env.SITE, PROVINCE_PREFIX), ctx);
}

/** A request of a commune's host, with that commune's bindings (functions/tenancy.ts). */
function serveCommune(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
  // Citizen pages never pass through the Worker's middleware: they carry the headers they
  // were stored with (embeds may be framed, the rest not).
  if (!WORKER_PATHS.test(new URL(request.url).pathname)) return servePage(request, env.SITE, ctx);
  return app.fetch(request, env, ctx);
}

/** Where the request goes by its host, then the commune's routes or the province's pages. */
export function serve(request: Request, env: Env, ctx: ExecutionContext, where: Destination = destination(request, env)): Response | Promise<Response> {
  if (where.kind === 'answer') return where.response;
  if (where.kind === 'province') return serveProvince(request, env, ctx);
  return serveCommune(request, where.env, ctx);
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => serve(request, env, ctx),
  // 00:05 in Vietnam: the pages whose state depends on the day are published again, for every
  // commune (functions/publish.ts dailyScope), and then the province's pages.
  async scheduled(_controller, env, ctx) {
    for (const { env: communeEnv } of everyCommune(env)) {
      ctx.waitUntil(requestPublish(communeEnv, 'daily', () => dailyScope(communeEnv, todayInVietnam(), new Date())));
      // Every file's stored answer checked against D1: catches a write whose storing failed and files loaded by scripts.
      ctx.waitUntil(storeFileAnswers(communeEnv.DB, communeEnv.SITE).catch((error) => console.error('daily file answers failed', error)));
    }
    ctx.waitUntil(requestProvincePublish(env));
  },
  // The deployed Worker (functions/worker.ts) consumes the publish queue with the site's
  // renderer. This one, which the Worker tests run, has no renderer: the messages the tests'
  // writes send are acknowledged unrendered (tests/api/publishing.test.ts drives the consumer).
  queue(batch) {
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;

export { app };

import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { apiDocsPage } from './api-docs.ts';
import type { AppEnv } from './env.ts';
import { openApiDocument } from './openapi.ts';
import { requestPublish } from './publish.ts';
import { adminApp } from './routes/admin.ts';
import { disclosuresApi } from './routes/disclosures.ts';
import { receptionApi } from './routes/reception.ts';
import { statisticsApi } from './routes/statistics.ts';

/**
 * The one Worker: /api/* and /admin/* are handled here (wrangler.toml sends them to the
 * Worker first); every other path is a static file of the Astro build, served by the assets
 * layer, and only reaches this code when no file matches.
 */
// Not strict: "/admin" and "/admin/" are the same page (sub-app roots are registered without a slash).
const app = new Hono<AppEnv>({ strict: false });

app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      // The admin previews the embeds in frames of its own origin.
      frameSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'strict-origin-when-cross-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  }),
);

app.use('/api/*', async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
});

app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
app.get('/api/v1', (c) => c.html(apiDocsPage(new URL(c.req.url).origin)));
app.get('/api/v1/health', (c) => c.json({ ok: true }));
app.route('/api/v1/disclosures', disclosuresApi);
app.route('/api/v1/reception', receptionApi);
app.route('/api/v1/statistics', statisticsApi);
app.route('/admin', adminApp);

app.notFound(async (c) => {
  if (c.req.path.startsWith('/api/')) {
    return c.json({ error: { code: 'not_found', message: 'Không có địa chỉ API này. Xem /api/v1/.' } }, 404);
  }
  // The citizen site's own 404 page, from the static build.
  const notFound = await c.env.ASSETS.fetch(new URL('/404.html', c.req.url));
  return new Response(notFound.ok ? notFound.body : 'Không tìm thấy trang.', {
    status: 404,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
});

app.onError((error, c) => {
  if (error instanceof HTTPException) return error.getResponse();
  console.error(`${c.req.method} ${c.req.path} failed`, error);
  if (c.req.path.startsWith('/api/')) {
    return c.json({ error: { code: 'internal', message: 'Lỗi máy chủ. Không có gì bị thay đổi; hãy thử lại sau.' } }, 500);
  }
  return c.html('<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi</title><p>Lỗi máy chủ. Hãy thử lại sau ít phút.</p></html>', 500);
});

export default {
  fetch: app.fetch,
  // The daily Cron Trigger republishes: "next reception" and posting periods depend on the date.
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(requestPublish(env, 'daily'));
  },
} satisfies ExportedHandler<Env>;

export { app };

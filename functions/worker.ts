import { handle } from '@astrojs/cloudflare/handler';
import worker from './index.ts';
import { consumePublish, publishIfTemplateChanged } from './publish.ts';
import { WORKER_PATHS } from './site-store.ts';
import type { PublishMessage } from '../schema/publish-jobs.ts';

/**
 * The deployed Worker (wrangler.toml `main`), bundled by `astro build` together with the site's
 * pages (site/, @astrojs/cloudflare). It is functions/index.ts — API, admin, files and the
 * stored citizen pages — plus what needs the site's renderer: the publish queue's consumer,
 * which renders pages into R2, and the live search page. Tests of the Worker run
 * functions/index.ts without the site (vitest.config.ts); the browser tests run this one.
 */
const RENDER_HEADER = 'x-portal-render';

/** A hash of the site's templates, set at build (site/astro.config.mjs). */
declare const __SITE_TEMPLATE__: string;

let templateChecked = false;

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    // Search answers live from D1 (FTS5): the one citizen page that reads the database.
    if (url.pathname === '/tim-kiem/' && (request.method === 'GET' || request.method === 'HEAD')) {
      const clean = new Headers(request.headers);
      clean.delete(RENDER_HEADER);
      return handle(new Request(request, { headers: clean }), env, ctx);
    }
    // Once per isolate, on the Worker's own routes (never a citizen page, which must not need D1).
    if (!templateChecked && WORKER_PATHS.test(url.pathname)) {
      templateChecked = true;
      ctx.waitUntil(publishIfTemplateChanged(env, __SITE_TEMPLATE__));
    }
    return worker.fetch(request, env, ctx);
  },
  scheduled: worker.scheduled,
  queue(batch, env, ctx) {
    const origin = (env.PUBLIC_BASE_URL || 'http://localhost:8787').replace(/\/$/, '');
    return consumePublish(batch, env, (path, generation) =>
      handle(new Request(`${origin}${path}`, { headers: { [RENDER_HEADER]: generation } }), env, ctx),
    );
  },
} satisfies ExportedHandler<Env, PublishMessage>;

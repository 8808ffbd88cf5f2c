import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { buildPlanFromEnvironment, portalBuild } from '../scripts/post-build.ts';

// Pages are prerendered inside workerd with the D1 binding of ../wrangler.toml, reading the
// local database in PORTAL_STATE_DIR (the same folder `wrangler dev --persist-to` uses).
const stateDir = resolve(process.env.PORTAL_STATE_DIR ?? resolve(import.meta.dirname, '../.wrangler/state'));

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  site: process.env.PUBLIC_BASE_URL || undefined,
  build: {
    // One round trip for first render: the small stylesheet goes inline into each page.
    inlineStylesheets: 'always',
    // Pages render in workerd while Astro waits on them; two at a time keeps both cores busy
    // (npm run bench measures it; BUILD_CONCURRENCY overrides).
    concurrency: Number(process.env.BUILD_CONCURRENCY ?? 2),
  },
  session: { driver: { entrypoint: 'unstorage/drivers/null' } },
  // An incremental publish of the local publisher (scripts/publisher/build.ts) hands its plan
  // in; without one this is a full build. Search index, share images and _headers follow the pages.
  integrations: [portalBuild({ stateDir, plan: buildPlanFromEnvironment() })],
  adapter: cloudflare({
    configPath: '../wrangler.toml',
    persistState: { path: stateDir },
    imageService: 'passthrough',
  }),
});

import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';

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
  },
  session: { driver: { entrypoint: 'unstorage/drivers/null' } },
  adapter: cloudflare({
    configPath: '../wrangler.toml',
    persistState: { path: stateDir },
    imageService: 'passthrough',
  }),
});

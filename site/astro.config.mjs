import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';
import { siteAssets } from '../scripts/site-assets.ts';

// The site's pages are rendered on demand, but only by the Worker's publish consumer
// (functions/publish.ts), which stores each page in R2; citizens are served the stored pages
// (functions/site-store.ts). `astro build` bundles the whole Worker — the API and admin of
// functions/ (wrangler.toml `main` = functions/worker.ts) with these pages — into dist/server.
export default defineConfig({
  output: 'server',
  trailingSlash: 'always',
  build: {
    // One round trip for first render: the small stylesheet goes inline into each page.
    inlineStylesheets: 'always',
  },
  session: { driver: { entrypoint: 'unstorage/drivers/null' } },
  integrations: [siteAssets()],
  vite: {
    // The province's registry (functions/worker.ts) stays an import in the built Worker: wrangler
    // bundles it from the file the config's `alias` names (scripts/province.ts), so a running
    // portal reloads when its registry changes and a deploy ships the registry it was given.
    plugins: [{ name: 'province-registry', enforce: 'pre', resolveId: (id) => (id === 'cong-khai-xa:province' ? { id, external: true } : null) }],
  },
  adapter: cloudflare({
    configPath: '../wrangler.toml',
    imageService: 'passthrough',
  }),
});

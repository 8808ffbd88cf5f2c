import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import cloudflare from '@astrojs/cloudflare';

// The baseline of issue #7: one trivial template over the disclosures table, prerendered in
// workerd from the same local D1 as the real site. Only `npm run bench` builds it.
const stateDir = resolve(process.env.PORTAL_STATE_DIR ?? resolve(import.meta.dirname, '../../.wrangler/state'));

export default defineConfig({
  output: 'static',
  session: { driver: { entrypoint: 'unstorage/drivers/null' } },
  adapter: cloudflare({ configPath: '../../wrangler.toml', persistState: { path: stateDir }, imageService: 'passthrough' }),
});

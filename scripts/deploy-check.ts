import { resolve } from 'node:path';
import { writeDeployConfig } from './province.ts';
import { ROOT, run } from './wrangler.ts';

/**
 * `npm run deploy:check`: `wrangler deploy --dry-run` on the real Worker and configuration,
 * without an account: `astro build` bundles the Worker (functions/worker.ts with the site's
 * pages) into site/dist/server with its generated wrangler.json, which is what `npm run deploy`
 * uploads, with the demo province's D1 bindings and bundled registry as `npm run deploy` adds them
 * (local ids stand in for the databases' real ones). Pages are not part of a deploy: the Worker
 * renders them into R2 after it.
 */
await run('astro', ['build', '--root', 'site']);
const config = await writeDeployConfig(resolve(ROOT, 'site/dist/server/wrangler.json'), resolve(ROOT, 'content/province.json'), {}, { placeholderIds: true });
const output = await run('wrangler', ['deploy', '--dry-run', '-c', config, '--outdir', resolve(ROOT, 'site/dist/deploy-check')]);
const upload = /Total Upload: .*/.exec(output)?.[0] ?? '';
console.log(`wrangler deploy --dry-run passed. ${upload}`);

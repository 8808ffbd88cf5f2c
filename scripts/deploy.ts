import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseProvince } from '../schema/province/communes.ts';
import { readIds, writeDeployConfig } from './province.ts';
import { ROOT, run } from './wrangler.ts';

/**
 * `npm run deploy [-- --registry FILE]`: builds the Worker and deploys it with one D1 binding
 * per commune of the registry (default content/province.json) and the registry bundled as a
 * module (scripts/province.ts writeDeployConfig). The databases' ids come from `<registry>.d1.json` (binding → id), written by
 * `npm run commune:add -- --remote --yes`; the seed commune's `DB` keeps wrangler.toml's.
 */
const { values } = parseArgs({ options: { registry: { type: 'string' } } });
const registryFile = resolve(values.registry ?? join(ROOT, 'content/province.json'));
// Checked before the build: a bad registry must not be deployed.
parseProvince(await readFile(registryFile, 'utf8'));
await run('astro', ['build', '--root', 'site']);
const config = await writeDeployConfig(resolve(ROOT, 'site/dist/server/wrangler.json'), registryFile, await readIds(registryFile));
console.log(await run('wrangler', ['deploy', '-c', config]));

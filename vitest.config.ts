import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Three projects, split by folder (`npm run test:unit` runs both; `--project node` or
// `--project workers` runs one). Browser tests have their own config.
// - node: pure modules (tests/schema, tests/site) in plain Node. No workerd isolate, no
//   migrations, no loopback servers: the same three files took 36.5 s in workerd and 4.0 s here
//   (issue 20); the whole project takes 4.4 s of test time (docs/benchmarks.md). A file here must
//   not import `cloudflare:test` or touch D1/R2.
// - workers: queries, routes and anything else on D1/R2 (tests/api) inside workerd, against a
//   real local D1 with the project's migrations applied. Each file starts on empty storage and a
//   freshly migrated D1 (tests/fresh-storage.ts), as it did when every file had a workerd of its own.
/** The registry the isolation tests install in the Worker (schema/province/communes.ts): two communes, an alias, a province host. */
const TEST_PROVINCE = {
  name: null,
  hosts: ['tinh.localhost'],
  communes: [
    { slug: 'xa-a', code: null, name: 'Xã A', kind: 'xa', binding: 'DB', hosts: ['xa-a.localhost'], aliases: ['xa-a-cu.localhost'], illustration: true },
    { slug: 'phuong-b', code: null, name: 'Phường B', kind: 'phuong', binding: 'DB_PHUONG_B', hosts: ['phuong-b.localhost'], illustration: true },
  ],
};

export default defineConfig(async () => {
  const migrations = await readD1Migrations('schema/migrations');
  // The province's own database (PROVINCE_DB: its administrators), migrated by the files that use it.
  const provinceMigrations = await readD1Migrations('schema/province-migrations');
  return {
    test: {
      projects: [
        {
          test: {
            name: 'node',
            environment: 'node',
            include: ['tests/schema/**/*.test.ts', 'tests/site/**/*.test.ts'],
            // Pure modules hold no state between files, so the files of a worker share one module
            // graph instead of importing zod and the schemas again for each file.
            pool: 'threads',
            isolate: false,
          },
        },
        {
          // The province's command-line scripts (commune:add, migrate all): run as `npm run` runs
          // them, in child processes on a temporary state folder's local D1 (no portal).
          test: { name: 'scripts', environment: 'node', include: ['tests/scripts/**/*.test.ts'], testTimeout: 120_000 },
        },
        {
          plugins: [
            cloudflareTest({
              // The Worker without the site's renderer: the deployed entry (functions/worker.ts)
              // bundles Astro's pages and exists only after `astro build`; the browser tests run it.
              main: './functions/index.ts',
              wrangler: { configPath: './wrangler.toml' },
              // RESTORE_DB and RESTORE_FILES: an empty second database and bucket for the backup
              // round-trip tests. TEST_PROVINCE and DB_PHUONG_B: a registry of two communes, the
              // second on a database of its own (tests/api/isolation.test.ts). Only that file makes
              // the Worker serve it (schema/province/commune-registry.ts serveRegistry, as the deployed entry
              // does with its bundled registry) and takes it back after: the other files test a
              // Worker without a registry (one commune on DB, unprefixed R2 keys; functions/tenancy.ts).
              miniflare: {
                bindings: { TEST_MIGRATIONS: migrations, TEST_PROVINCE_MIGRATIONS: provinceMigrations, TEST_PROVINCE: JSON.stringify(TEST_PROVINCE) },
                d1Databases: { RESTORE_DB: 'restore-test', DB_PHUONG_B: 'phuong-b' },
                r2Buckets: { RESTORE_FILES: 'restore-test-files' },
              },
            }),
          ],
          test: {
            name: 'workers',
            // One workerd for all files instead of one per file (~1.1 s of startup each, and the
            // Worker's module graph imported again for each; issue 20). Storage stays per file:
            // the setup file empties D1 and R2 and migrates before each file. What the Worker's
            // modules keep between files is harmless: the generated OpenAPI document (functions/api.ts).
            // Not set: maxWorkers (vitest's default, one less than the cores: 1 on the 2-core CI).
            // Not set: deps.optimizer. Pre-bundling zod, hono, docx… saved nothing measurable once
            // the modules load once per run, and the optimizer's bundle of mammoth
            // cannot open a DOCX (tests/api/report-78.test.ts).
            isolate: false,
            include: ['tests/api/**/*.test.ts'],
            setupFiles: ['tests/fresh-storage-setup.ts'],
            // A real siteverify on loopback for the optional Turnstile check (tests/api/turnstile.test.ts).
            globalSetup: ['tests/turnstile-server.ts'],
          },
        },
      ],
    },
  };
});

import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Unit, query and route tests run inside workerd against a real local D1 with the project's
// migrations applied (tests/apply-migrations.ts). Browser tests have their own config.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('schema/migrations');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        // RESTORE_DB and RESTORE_FILES: an empty second database and bucket for the backup
        // round-trip tests.
        miniflare: { bindings: { TEST_MIGRATIONS: migrations }, d1Databases: { RESTORE_DB: 'restore-test' }, r2Buckets: { RESTORE_FILES: 'restore-test-files' } },
      }),
    ],
    test: {
      include: ['tests/**/*.test.ts'],
      exclude: ['tests/browser/**', 'node_modules/**'],
      setupFiles: ['tests/apply-migrations.ts'],
      // A real publish hook on loopback that fails, then succeeds (tests/api/publish-retry.test.ts).
      // And a real siteverify on loopback for the optional Turnstile check (tests/api/turnstile.test.ts).
      globalSetup: ['tests/publish-hook-server.ts', 'tests/turnstile-server.ts'],
      // Without a publish hook the Worker says so on every write; expected in these tests.
      onConsoleLog: (log: string) => !log.includes('publish skipped'),
    },
  };
});

import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';

// TEST_MIGRATIONS is a test-only binding (vitest.config.ts); it is not part of the Worker's Env.
const { TEST_MIGRATIONS } = env as unknown as { TEST_MIGRATIONS: D1Migration[] };

// Applies only migrations not yet applied, so running it for every test file is safe.
await applyD1Migrations(env.DB, TEST_MIGRATIONS);

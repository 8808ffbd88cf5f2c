import { applyD1Migrations, env } from 'cloudflare:test';

declare module 'cloudflare:test' {
  interface ProvidedEnv extends Env {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

// Applies only migrations not yet applied, so running it for every test file is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

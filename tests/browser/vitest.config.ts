import { defineConfig } from 'vitest/config';

// Browser tests run in Node: a real local portal (wrangler dev + the static build, started by
// global-setup.ts exactly as `npm start` does) driven by headless Debian Chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Browser test files run one at a time (they drive one portal and one Chromium each), in
 * file-name order, the same on every machine (vitest's default orders by cached durations, which
 * a clean CI clone does not have). Under CI (CI=true) they run in REVERSE name order: no file may
 * depend on another having run before it. Each file either keys its data uniquely on the portal
 * it shares (global-setup.ts), or, where it changes what others read (the calendar, the demo's
 * documents), starts a portal of its own (browser.ts portalForThisFile), so each passes alone and
 * in any order.
 */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const byName = [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
    return process.env.CI === 'true' ? byName.reverse() : byName;
  }
}

// Browser tests run in Node: a real local portal (wrangler dev + the static build, started by
// global-setup.ts exactly as `npm start` does) driven by headless Debian Chromium.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    sequence: { sequencer: ByFileName },
  },
});

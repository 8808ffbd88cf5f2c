import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser test files share one portal (global-setup.ts) and some change its calendar for
 * good — reception-truth.test.ts enters the year's days off and edits the rule from today, as
 * an official would, and history never changes back. They run one at a time in file-name
 * order, the same on every machine (vitest's default orders by cached durations, which a clean
 * CI clone does not have), so each file meets the portal in a known state.
 */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
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

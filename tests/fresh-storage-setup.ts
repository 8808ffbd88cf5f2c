import { startFromFreshStorage } from './fresh-storage.ts';

// Runs before every test file of the workers project (setupFiles in vitest.config.ts).
await startFromFreshStorage();

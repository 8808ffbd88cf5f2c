import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalPortal } from '../../scripts/local-portal.ts';
import { demoCredentials } from '../../scripts/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    portalUrl: string;
    hookUrl: string;
    demoEmail: string;
    demoPassword: string;
    demoToken: string;
    /** The portal's state folder (its local D1 file), for tests that must move its clock. */
    stateDir: string;
  }
}

/** Starts a portal on a fresh database in a temporary folder, on a free port. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'cong-khai-test-'));
  const credentials = demoCredentials({});
  const portal = await startLocalPortal({ port: 0, stateDir: join(dir, 'state'), credentials, log: () => {} });
  project.provide('portalUrl', portal.url);
  project.provide('demoEmail', credentials.email);
  project.provide('demoPassword', credentials.password);
  project.provide('demoToken', credentials.apiToken);
  project.provide('hookUrl', '');
  project.provide('stateDir', join(dir, 'state'));
  return async () => {
    await portal.close();
    await rm(dir, { recursive: true, force: true });
  };
}

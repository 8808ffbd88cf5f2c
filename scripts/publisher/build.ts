import { resolve } from 'node:path';
import type { BuildPlan, PublishScope } from '../../schema/publish.ts';
import { BUILD_PLAN_VARIABLE } from '../post-build.ts';
import { run } from '../wrangler.ts';

/**
 * One build of the citizen site into a fresh folder. `astro build` runs in a child process:
 * it keeps both cores busy for seconds to minutes, and the front proxy of the same portal
 * must keep answering citizens meanwhile.
 */

export interface Build {
  /** The build folder; the site is its `client` subfolder. */
  dir: string;
  /** When this build began reading D1. */
  startedAt: string;
}

interface BuildOptions {
  stateDir: string;
  publicUrl: string;
  dir: string;
  scope: PublishScope;
  /** The build being served, whose detail pages an incremental build keeps. */
  previous: Build | null;
}

/**
 * Without a previous build to carry pages from, an incremental publish is a full one. Items
 * written after the previous build began may be missing from it (a minute of margin for
 * clocks): the plan has them rendered again whatever the scope says.
 */
function planFor(scope: PublishScope, previous: Build | null): BuildPlan | null {
  if ('all' in scope || !previous) return null;
  return {
    scope,
    since: new Date(Date.parse(previous.startedAt) - 60_000).toISOString(),
    previous: resolve(previous.dir, 'client'),
  };
}

export async function buildSite({ stateDir, publicUrl, dir, scope, previous }: BuildOptions): Promise<Build> {
  const startedAt = new Date().toISOString();
  const plan = planFor(scope, previous);
  await run('astro', ['build', '--root', 'site', '--outDir', dir], {
    PORTAL_STATE_DIR: stateDir,
    PUBLIC_BASE_URL: publicUrl,
    ...(plan ? { [BUILD_PLAN_VARIABLE]: JSON.stringify(plan) } : {}),
  });
  return { dir, startedAt };
}

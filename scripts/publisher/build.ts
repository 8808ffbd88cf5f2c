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
  /** Told the build's step and pages rendered so far, as it goes (see `BuildProgress`). */
  progress?: (event: BuildProgress) => void;
}

export type BuildProgress = { kind: 'step'; step: string } | { kind: 'page'; done: number };

/** Astro's own step lines, in words a newcomer reads while waiting. */
const STEPS: [RegExp, string][] = [
  [/Collecting build info/, 'chuẩn bị'],
  [/Building static entrypoints/, 'biên dịch các mẫu trang'],
  [/(generating|prerendering) static routes/, 'tạo các trang HTML'],
  [/\[portal-build\]/, 'chỉ mục tìm kiếm, ảnh chia sẻ'],
];

/** Reads astro's output: a step line, or a page written ("  ├─ /cong-khai/…/index.html (+12ms)"). */
function progressOf(line: string, done: number): BuildProgress | null {
  const text = line.replace(/\u001b\[[0-9;]*m/g, '');
  if (/[├└]─ \/\S*/.test(text)) return { kind: 'page', done: done + 1 };
  const step = STEPS.find(([pattern]) => pattern.test(text));
  return step ? { kind: 'step', step: step[1] } : null;
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

export async function buildSite({ stateDir, publicUrl, dir, scope, previous, progress }: BuildOptions): Promise<Build> {
  const startedAt = new Date().toISOString();
  const plan = planFor(scope, previous);
  let pages = 0;
  let step = '';
  const onLine = (line: string) => {
    const event = progressOf(line, pages);
    if (!event) return;
    if (event.kind === 'page') pages = event.done;
    else if (event.step === step) return;
    else step = event.step;
    progress?.(event);
  };
  const env = {
    PORTAL_STATE_DIR: stateDir,
    PUBLIC_BASE_URL: publicUrl,
    ...(plan ? { [BUILD_PLAN_VARIABLE]: JSON.stringify(plan) } : {}),
  };
  await run('astro', ['build', '--root', 'site', '--outDir', dir], env, progress ? onLine : undefined);
  return { dir, startedAt };
}

import { z } from 'zod';
import type { PublishScope, Unpublishable } from './publish.ts';

/**
 * The state of publishing, as the admin shows it: a publish hook call that fails is retried
 * with a growing delay — 1, 5, 30 minutes, then every hour — and the daily run republishes
 * everything whatever the state. Nothing a write asked for is forgotten: the scopes that did
 * not get through are merged into `pendingScope` and sent with the next try.
 */
export interface PublishState {
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** Vietnamese, for the official: what went wrong on the last failed try. */
  lastFailureReason: string | null;
  /** Failed tries since the last success. */
  attempts: number;
  nextTryAt: string | null;
  pendingScope: PublishScope | null;
}

/** Minutes to wait after the 1st, 2nd, 3rd failed try; later tries wait the last (the cap). */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 60] as const;

/** When to try again after `attempts` failed tries in a row (attempts ≥ 1), from `at`. */
export function nextTryAfter(attempts: number, at: string): string {
  const delay = RETRY_DELAYS_MINUTES[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MINUTES.length) - 1]!;
  return new Date(Date.parse(at) + delay * 60_000).toISOString();
}

/** Whether a retry is owed at `now`. */
export function retryDue(state: Pick<PublishState, 'pendingScope' | 'nextTryAt'>, now: string): boolean {
  return state.pendingScope !== null && state.nextTryAt !== null && state.nextTryAt <= now;
}

/**
 * The stamp every build writes at the root of the site (`/phien-ban.json`, scripts/post-build.ts):
 * when that build began reading D1, and the rows it left out. Read back by the Worker through
 * its assets binding, it tells which build citizens are really served — the only trace, in
 * production, of a Workers Build that failed after its deploy hook had accepted the call — and
 * what that build could not publish. The build writes nothing to D1: a build that wrote while
 * the Worker wrote could make either fail (SQLITE_BUSY on a local portal), and a build whose
 * credentials only read D1 still reports.
 */
export interface SiteStamp {
  readAt: string;
  /** Rows the build left out because they fail their schema (schema/publish.ts splitPublishable). */
  unpublishable: Unpublishable[];
}

const UnpublishableSchema: z.ZodType<Unpublishable> = z.object({ id: z.number().int(), slug: z.string(), reason: z.string() });

const SiteStampSchema = z.object({
  readAt: z.string(),
  // A site built before the stamp carried the list has none: nothing is known to be left out.
  unpublishable: z.array(UnpublishableSchema).default([]),
});

/** The stamp a served `/phien-ban.json` holds, or null when it holds none that can be read. */
export function parseSiteStamp(body: unknown): SiteStamp | null {
  const parsed = SiteStampSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

export const SITE_STAMP_PATH = '/phien-ban.json';

/** A build and its deploy take a few minutes (README, Deploy); past this, a missing build is a failed one. */
export const BUILD_GRACE_MINUTES = 20;

/**
 * Whether the served site is older than a publish the hook accepted more than
 * BUILD_GRACE_MINUTES ago: the hook said yes, but no build that read D1 after that call was
 * deployed. `stamp` is null when the served site carries none (or it could not be read).
 */
export function siteBehind(state: Pick<PublishState, 'lastSuccessAt'>, stamp: Pick<SiteStamp, 'readAt'> | null, now: string): boolean {
  if (state.lastSuccessAt === null) return false;
  if (Date.parse(now) - Date.parse(state.lastSuccessAt) < BUILD_GRACE_MINUTES * 60_000) return false;
  return stamp === null || stamp.readAt < state.lastSuccessAt;
}

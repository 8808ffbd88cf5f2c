import { EVERYTHING, mergeScopes, type PublishRequest, type PublishScope } from '../schema/publish.ts';
import { getPublishState, recordPublishFailure, recordPublishSuccess } from '../schema/db/publish-state.ts';
import { parseSiteStamp, retryDue, SITE_STAMP_PATH, type SiteStamp } from '../schema/publish-state.ts';

let warned = false;

/** The Cron Trigger of the daily republish (wrangler.toml); the other one retries failed publishes. */
export const DAILY_CRON = '5 17 * * *';

/**
 * Asks for the citizen site to be rebuilt from D1. In production PUBLISH_HOOK_URL is a
 * Workers Builds deploy hook (a secret; it rebuilds everything and ignores the body); under
 * `npm start` it is the local publisher, which reads the scope and rebuilds incrementally.
 * Without a hook nothing is published automatically. A lazy scope (a use case's "pages that
 * show this item", schema/publish.ts) is looked up only when there is a hook to tell.
 *
 * The outcome is stored (schema/db/publish-state.ts) for the admin home: a failed call keeps
 * what it owed pending, merged into the next call, and `retryPublish` tries again after
 * 1, 5, 30 minutes, then hourly (schema/publish-state.ts).
 */
export async function requestPublish(
  env: Env,
  reason: string,
  scope: PublishScope | (() => Promise<PublishScope>) = EVERYTHING,
  now: () => string = () => new Date().toISOString(),
): Promise<void> {
  const url = env.PUBLISH_HOOK_URL;
  if (!url) {
    // Said once per isolate: the setting is missing, not each write.
    if (!warned) console.warn(`publish skipped (${reason}): PUBLISH_HOOK_URL is not set`);
    warned = true;
    return;
  }
  const state = await getPublishState(env.DB);
  const wanted = mergeScopes(state.pendingScope, typeof scope === 'function' ? await scope() : scope);
  const failure = await callHook(url, env.PUBLISH_HOOK_TOKEN, { reason, scope: wanted });
  if (failure === null) {
    await recordPublishSuccess(env.DB, now());
    return;
  }
  // The write itself succeeded; the retry (and the daily run) publish what this call could not.
  console.error(`publish hook failed (${reason}): ${failure}`);
  await recordPublishFailure(env.DB, wanted, failure, state.attempts, now());
}

/** null when the hook took the request; else why not, in Vietnamese for the admin. */
async function callHook(url: string, token: string | undefined, body: PublishRequest): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      // A hook that hangs is a failed try, not a stuck one.
      signal: AbortSignal.timeout(20_000),
    });
    // The body is not needed; reading it frees the connection.
    await res.body?.cancel();
    return res.ok ? null : `Máy chủ xuất bản trả lời mã lỗi ${res.status}.`;
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return timedOut ? 'Máy chủ xuất bản không trả lời trong 20 giây.' : `Không gọi được máy chủ xuất bản (${(error as Error).message}).`;
  }
}

/** The frequent Cron Trigger: tries again what a failed publish left pending, once it is due. */
export async function retryPublish(env: Env, now: () => string = () => new Date().toISOString()): Promise<boolean> {
  if (!env.PUBLISH_HOOK_URL) return false;
  const state = await getPublishState(env.DB);
  if (!retryDue(state, now())) return false;
  await requestPublish(env, `retry ${state.attempts + 1}`, state.pendingScope!, now);
  return true;
}

/**
 * The stamp of the build citizens are served (scripts/post-build.ts), read from the Worker's
 * own static assets. null when the site has none or it cannot be read (e.g. no build yet).
 */
export async function servedSiteStamp(env: Env, base: string): Promise<SiteStamp | null> {
  try {
    const res = await env.ASSETS.fetch(new URL(SITE_STAMP_PATH, base));
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    return parseSiteStamp(await res.json());
  } catch {
    return null;
  }
}

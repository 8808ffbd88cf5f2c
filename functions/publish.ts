import { EVERYTHING, type PublishRequest, type PublishScope } from '../schema/publish.ts';

let warned = false;

/**
 * Asks for the citizen site to be rebuilt from D1. In production PUBLISH_HOOK_URL is a
 * Workers Builds deploy hook (a secret; it rebuilds everything and ignores the body); under
 * `npm start` it is the local publisher, which reads the scope and rebuilds incrementally.
 * Without a hook nothing is published automatically. A lazy scope (a use case's "pages that
 * show this item", schema/publish.ts) is looked up only when there is a hook to tell.
 */
export async function requestPublish(env: Env, reason: string, scope: PublishScope | (() => Promise<PublishScope>) = EVERYTHING): Promise<void> {
  const url = env.PUBLISH_HOOK_URL;
  if (!url) {
    // Said once per isolate: the setting is missing, not each write.
    if (!warned) console.warn(`publish skipped (${reason}): PUBLISH_HOOK_URL is not set`);
    warned = true;
    return;
  }
  try {
    const body: PublishRequest = { reason, scope: typeof scope === 'function' ? await scope() : scope };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(env.PUBLISH_HOOK_TOKEN ? { authorization: `Bearer ${env.PUBLISH_HOOK_TOKEN}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) console.error(`publish hook answered ${res.status} (${reason})`);
  } catch (error) {
    // The write itself succeeded; the daily cron republishes if a hook call is lost.
    console.error(`publish hook unreachable (${reason})`, error);
  }
}

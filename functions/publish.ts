import type { Disclosure } from '../schema/disclosure.ts';
import { affectedSlugs } from '../schema/db/disclosures.ts';

/**
 * Asks for the citizen site to be rebuilt from D1. In production PUBLISH_HOOK_URL is a build
 * hook of the hosting (a secret); under `npm start` it is the local publisher, which rebuilds
 * into a fresh folder and swaps it in. Without a hook nothing is published automatically.
 */
let warned = false;

/**
 * What a change touches. Detail pages are one per disclosure and make up most of a large site,
 * so a change names the disclosures whose pages changed (none, for calendar or statistics
 * changes) and a publisher that keeps its previous output re-renders only those; every list,
 * feed and index page is rebuilt either way. "all" rebuilds everything (unit settings, the
 * daily run, whose posting states change on every page).
 */
export type PublishScope = { all: true } | { disclosures: string[] };
export const EVERYTHING: PublishScope = { all: true };
export const NO_DETAIL_PAGES: PublishScope = { disclosures: [] };

export async function requestPublish(env: Env, reason: string, scope: PublishScope = EVERYTHING): Promise<void> {
  const url = env.PUBLISH_HOOK_URL;
  if (!url) {
    // Said once per isolate: the setting is missing, not each write.
    if (!warned) console.warn(`publish skipped (${reason}): PUBLISH_HOOK_URL is not set`);
    warned = true;
    return;
  }
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(env.PUBLISH_HOOK_TOKEN ? { authorization: `Bearer ${env.PUBLISH_HOOK_TOKEN}` } : {}),
      },
      body: JSON.stringify({ reason, scope }),
    });
    if (!res.ok) console.error(`publish hook answered ${res.status} (${reason})`);
  } catch (error) {
    // The write itself succeeded; the daily cron republishes if a hook call is lost.
    console.error(`publish hook unreachable (${reason})`, error);
  }
}

/**
 * Publishes a change to one disclosure: the detail pages that show it are looked up here, inside
 * the `waitUntil` work, so the official's answer does not wait for that query.
 */
export async function publishDisclosureChange(env: Env, reason: string, d: Pick<Disclosure, 'slug' | 'cites' | 'documentNumber'>): Promise<void> {
  await requestPublish(env, reason, { disclosures: await affectedSlugs(env.DB, d) });
}

/**
 * What a change touches on the citizen site. Detail pages are one per disclosure and make up
 * most of a large site, so a change names the disclosures whose pages changed (none, for
 * calendar or statistics changes) and a publisher that keeps its previous output re-renders
 * only those; every list, feed and index page is rebuilt either way. "all" rebuilds everything
 * (unit settings, the daily run, whose posting states change on every page).
 */
export type PublishScope = { all: true } | { disclosures: string[] };
export const EVERYTHING: PublishScope = { all: true };
export const NO_DETAIL_PAGES: PublishScope = { disclosures: [] };

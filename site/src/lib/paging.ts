import { categoryPath, DISCLOSURES_PATH, listPagePath } from '../../../schema/publishing/paths.ts';
/**
 * List pages numbered from the oldest item, so that a page keeps its items as the list grows:
 * page 1 holds the 20 oldest, the last page the newest few, and the list's own URL (`/cong-khai/`)
 * the newest 20. A new item changes the list's own URL and the last page only (and the page
 * before it when the new item opens a page), not every page as numbering from the newest did
 * (schema/publishing/publish-jobs.ts pathsOfScope renders just those). Each page shows its items newest
 * first. Page N keeps its URL `…/trang/N/`; every number that existed before still answers.
 */
export const PAGE_SIZE = 20;

/** How many numbered pages a list of `count` items has: none while the list's own URL shows them all. */
export const pageCount = (count: number, size = PAGE_SIZE): number => (count > size ? Math.ceil(count / size) : 0);

/**
 * The numbered pages of a list given newest first: `[page 1, page 2, …]`, page 1 the oldest
 * items. Each page newest first. Empty while the list fits on its own URL.
 */
export function numberedPages<T>(newestFirst: readonly T[], size = PAGE_SIZE): T[][] {
  const n = newestFirst.length;
  return Array.from({ length: pageCount(n, size) }, (_, i) => newestFirst.slice(Math.max(0, n - (i + 1) * size), n - i * size));
}

/** The numbered page of the item at `index` (0 = newest) of a list of `count` items. */
export const pageOfIndex = (index: number, count: number, size = PAGE_SIZE): number => Math.floor((count - 1 - index) / size) + 1;

/**
 * The numbered list pages that show these items (by slug): of the list of all disclosures and
 * of the item's category. `disclosures` newest first, as the site lists them.
 */
export function listPagesShowing(disclosures: readonly { slug: string; category: string }[], slugs: readonly string[]): string[] {
  const wanted = new Set(slugs);
  const out = new Set<string>();
  const byCategory = new Map<string, string[]>();
  for (const d of disclosures) {
    const list = byCategory.get(d.category) ?? [];
    list.push(d.slug);
    byCategory.set(d.category, list);
  }
  disclosures.forEach((d, i) => {
    if (!wanted.has(d.slug)) return;
    if (pageCount(disclosures.length)) out.add(listPagePath(DISCLOSURES_PATH, pageOfIndex(i, disclosures.length)));
    const inCategory = byCategory.get(d.category)!;
    if (pageCount(inCategory.length)) out.add(listPagePath(categoryPath({ slug: d.category }), pageOfIndex(inCategory.indexOf(d.slug), inCategory.length)));
  });
  return [...out];
}

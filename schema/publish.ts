import { z } from 'zod';
import type { Disclosure } from './disclosure.ts';

/**
 * What a change touches on the citizen site. Detail pages are one per disclosure and make up
 * most of a large site, so a change names the disclosures whose pages changed (none, for
 * calendar or statistics changes) and a publisher that keeps its previous output re-renders
 * only those; every list, feed and index page is rebuilt either way. "all" rebuilds everything
 * (unit settings, the daily run, whose posting states change on every page).
 */
const PublishScopeSchema = z.union([
  z.object({ all: z.literal(true) }),
  // Slugs are made by schema/text.ts slugify: lower-case ASCII letters, digits and hyphens.
  z.object({ disclosures: z.array(z.string().regex(/^[a-z0-9-]+$/)) }),
]);
export type PublishScope = z.output<typeof PublishScopeSchema>;
export const EVERYTHING: PublishScope = { all: true };
export const NO_DETAIL_PAGES: PublishScope = { disclosures: [] };

/** Two scopes asked for while a build runs are served by one build that covers both. */
export function mergeScopes(a: PublishScope | null, b: PublishScope): PublishScope {
  if (!a) return b;
  if ('all' in a || 'all' in b) return EVERYTHING;
  return { disclosures: [...new Set([...a.disclosures, ...b.disclosures])] };
}

/**
 * What the Worker POSTs to the publish hook (functions/publish.ts) and the local publisher
 * reads (scripts/publisher/queue.ts). A production build hook ignores the body.
 */
export const PublishRequestSchema = z.object({ reason: z.string(), scope: PublishScopeSchema });
export type PublishRequest = z.output<typeof PublishRequestSchema>;

/**
 * What one build of the site renders, handed by the local publisher to `astro build`
 * (site/integrations/portal-build.ts reads it; pages see it through portal-data.ts).
 * - `scope`: every page, or the lists plus the named detail pages;
 * - `since`: in an incremental build, detail pages of items changed after this instant are
 *   rendered too (they may be missing from the previous build, and a list must never link to
 *   a page the build does not have);
 * - `previous`: the client folder of the build being replaced, whose other detail pages are
 *   carried over.
 * No plan (`npm run build`, production) is a full build.
 */
export const BuildPlanSchema = z.object({
  scope: PublishScopeSchema,
  since: z.string(),
  previous: z.string(),
});
export type BuildPlan = z.output<typeof BuildPlanSchema>;

/** Whether an incremental build renders the detail page of `d`; null when it renders them all. */
export function detailPageFilter(plan: BuildPlan | null): ((d: Pick<Disclosure, 'slug' | 'updatedAt'>) => boolean) | null {
  if (!plan || 'all' in plan.scope) return null;
  const named = new Set(plan.scope.disclosures);
  return (d) => named.has(d.slug) || d.updatedAt >= plan.since;
}

// ——— Which detail pages show a disclosure ———

/** What the citation relation needs of a disclosure. */
export type Citing = Pick<Disclosure, 'slug' | 'documentNumber' | 'cites'>;

/** `a` cites `b`: `a` names the document number of `b` among its grounds ("Căn cứ, thực hiện"). */
const cites = (a: Citing, b: Citing): boolean => b.documentNumber !== '' && a.cites.includes(b.documentNumber);

export interface RelatedDocuments<T> {
  /** The numbers the item cites, in its order, each with the document when the portal holds it. */
  cited: { number: string; doc: T | undefined }[];
  /** The documents that cite the item, in the order of `all`. */
  citedBy: T[];
}

/**
 * The "Văn bản liên quan" section of a detail page: the documents it cites and those citing it.
 * Of two documents with the same number, the later one in `all` is linked.
 */
export function relatedDocuments<T extends Citing>(item: Citing, all: readonly T[]): RelatedDocuments<T> {
  return {
    cited: item.cites.map((number) => ({ number, doc: all.findLast((d) => d.documentNumber === number && cites(item, d)) })),
    citedBy: all.filter((d) => cites(d, item)),
  };
}

/**
 * The detail pages that show `changed` (its own, and every page whose related documents name
 * it): what a change to it must re-render. Give the version before a change too when the
 * number or citations changed: pages that showed the old version must drop it.
 *
 * @example pagesShowing([before, after], await listCitations(db)) // ['ke-hoach-28', 'bao-cao-78']
 */
export function pagesShowing(changed: Citing | readonly Citing[], all: readonly Citing[]): string[] {
  const versions: readonly Citing[] = Array.isArray(changed) ? changed : [changed as Citing];
  const slugs = new Set(versions.map((v) => v.slug));
  for (const page of all) {
    if (versions.some((v) => cites(page, v) || cites(v, page))) slugs.add(page.slug);
  }
  return [...slugs];
}

/** A stored row the build leaves out, and why (the first rule it breaks, in Vietnamese). */
export interface Unpublishable {
  id: number;
  slug: string;
  reason: string;
}

/**
 * The rows a build may publish, and the ones it must leave out. A row stored before a rule
 * existed (a control character in a title, a year out of range) fails the schema at build time;
 * it is left out and reported instead of stopping every page of the site.
 */
export function splitPublishable<T extends { id: number; slug: string }>(
  rows: readonly T[],
  schema: z.ZodType,
): { publishable: T[]; left: Unpublishable[] } {
  const publishable: T[] = [];
  const left: Unpublishable[] = [];
  for (const row of rows) {
    const checked = schema.safeParse(row);
    if (checked.success) publishable.push(row);
    else left.push({ id: row.id, slug: row.slug, reason: checked.error.issues[0]?.message ?? 'không hợp lệ' });
  }
  return { publishable, left };
}

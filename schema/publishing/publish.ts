import { z } from '../core/zod.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';

/** The parts of the citizen site a change can touch (schema/publishing/publish-jobs.ts maps each to its routes). */
export const SITE_AREAS = ['disclosures', 'reception', 'statistics', 'community', 'consultations'] as const;
export type SiteArea = (typeof SITE_AREAS)[number];

/**
 * What a change touches on the citizen site. Detail pages of disclosures are one per item and
 * make up most of a large site, so a change names the disclosures whose pages changed (none,
 * for calendar or statistics changes), and the areas of the site whose pages show what changed
 * (no areas named: every area). "all" renders everything (unit settings, the daily run, a new
 * deploy's templates).
 */
const PublishScopeSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({
    // Slugs are made by schema/core/text.ts slugify: lower-case ASCII letters, digits and hyphens.
    disclosures: z.array(z.string().regex(/^[a-z0-9-]+$/)),
    areas: z.array(z.enum(SITE_AREAS)).optional(),
    // Categories an item left: every numbered page of their lists is rendered again, since the
    // pages after the item's place shift (site/src/lib/paging.ts numbers them from the oldest).
    relist: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional(),
  }),
]);
export type PublishScope = z.output<typeof PublishScopeSchema>;
export const EVERYTHING: PublishScope = { all: true };

/** The pages of `areas` only, no disclosure detail page. */
export const areaPages = (...areas: SiteArea[]): PublishScope => ({ disclosures: [], areas });

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

import { categoryFeedPath, categoryPath } from '../../../../../schema/publishing/paths.ts';
import type { APIRoute, GetStaticPaths } from 'astro';
import { committeeName } from '../../../../../schema/unit/unit.ts';
import { atomFeed, disclosureEntry } from '../../../lib/atom.ts';
import { portalData } from '../../../lib/portal-data.ts';
import { siteOrigin } from '../../../lib/site-url.ts';
import { notFound, propsFor } from '../../../lib/static-props.ts';

/** One Atom feed per disclosure category. */
export const getStaticPaths = (async () => {
  const { categories } = await portalData();
  return categories.map((category) => ({ params: { category: category.slug }, props: { category } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const { category } = found;
  const { unit, disclosures } = await portalData();
  const publisher = committeeName(unit);
  const body = atomFeed({
    title: `${category.label} – ${publisher}`,
    path: categoryFeedPath(category),
    listPath: categoryPath(category),
    origin: siteOrigin(site, unit),
    publisher,
    demo: unit.demoData,
    entries: disclosures.filter((d) => d.status !== 'draft' && d.category === category.slug).map(disclosureEntry),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};

import type { APIRoute } from 'astro';
import { Feed } from 'feed';
import { CONSULTATION_SUBJECTS } from '../../../schema/consultation.ts';
import { consultationPath } from '../../../schema/paths.ts';
import { xmlSafe } from '../../../schema/text.ts';
import { committeeName } from '../../../schema/unit.ts';
import { portalData } from '../lib/portal-data.ts';
import { absoluteUrl, siteOrigin } from '../lib/site-url.ts';

/** Atom feed of published consultations, newest first: a new one, and its result when published. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, consultations } = await portalData();
  const publisher = committeeName(unit);
  const origin = siteOrigin(site, unit);
  const path = '/lay-y-kien.xml';
  const updated = consultations.map((c) => c.consultation.updatedAt).sort().at(-1) ?? '2024-01-01T00:00:00.000Z';
  const feed = new Feed({
    title: `Lấy ý kiến Nhân dân – ${publisher}`,
    id: absoluteUrl(origin, path),
    link: absoluteUrl(origin, '/lay-y-kien/'),
    language: 'vi',
    updated: new Date(updated),
    copyright: publisher,
    author: { name: publisher },
    feedLinks: { atom: absoluteUrl(origin, path) },
  });
  for (const { consultation: c } of consultations.slice(0, 50)) {
    const url = absoluteUrl(origin, consultationPath(c));
    feed.addItem({
      title: c.summaryStatus === 'published' ? `${c.title} (đã có kết quả tiếp thu, giải trình)` : c.title,
      id: url,
      link: url,
      description: `${CONSULTATION_SUBJECTS[c.subject]}. ${c.summary}`,
      date: new Date(c.updatedAt),
      published: new Date(c.publishedAt ?? c.createdAt),
    });
  }
  // xmlSafe over the whole document, as site/src/lib/atom.ts explains.
  return new Response(xmlSafe(feed.atom1()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};

import type { APIRoute } from 'astro';
import { CONSULTATION_SUBJECTS } from '../../../schema/consultation/consultation.ts';
import { consultationPath } from '../../../schema/publishing/paths.ts';
import { committeeName } from '../../../schema/unit/unit.ts';
import { atomFeed } from '../lib/atom.ts';
import { portalData } from '../lib/portal-data.ts';
import { siteOrigin } from '../lib/site-url.ts';

/** Atom feed of published consultations, newest first: a new one, and its result when published. */
export const GET: APIRoute = async ({ site }) => {
  const { unit, consultations } = await portalData();
  const publisher = committeeName(unit);
  const body = atomFeed({
    title: `Lấy ý kiến Nhân dân – ${publisher}`,
    path: '/lay-y-kien.xml',
    listPath: '/lay-y-kien/',
    origin: siteOrigin(site, unit),
    publisher,
    demo: unit.demoData,
    entries: consultations.map(({ consultation: c }) => ({
      path: consultationPath(c),
      title: c.summaryStatus === 'published' ? `${c.title} (đã có kết quả tiếp thu, giải trình)` : c.title,
      summary: `${CONSULTATION_SUBJECTS[c.subject]}. ${c.summary}`,
      updatedAt: c.updatedAt,
      publishedAt: c.publishedAt ?? c.createdAt,
    })),
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};

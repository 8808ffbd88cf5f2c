import type { APIRoute } from 'astro';
import { formatDate } from '../../../../schema/dates.ts';
import { documentTypeLabel } from '../../../../schema/document-number.ts';
import { attachmentText } from '../../lib/attachment-text.ts';
import { portalData } from '../../lib/portal-data.ts';

/**
 * What the search index holds, one record per public item; read by scripts/post-build.ts,
 * which builds the Pagefind index from it, then removed.
 */
export const GET: APIRoute = async () => {
  const { disclosures, categoryBySlug, attachments } = await portalData();
  const records = [];
  for (const d of disclosures) {
    const inFiles = await attachmentText(attachments.get(d.id) ?? []);
    records.push({
      url: `/cong-khai/${d.slug}/`,
      title: d.title,
      kind: d.documentType === 'KH' ? 'Kế hoạch' : d.documentType === 'BC' ? 'Báo cáo' : 'Công khai',
      meta: [d.documentNumber && `${d.documentNumber} (${documentTypeLabel(d.documentType)})`, formatDate(d.issuedOn), categoryBySlug.get(d.category)?.label]
        .filter(Boolean)
        .join(' · '),
      text: [d.summary, d.body, inFiles].filter(Boolean).join('\n\n'),
      withdrawn: d.status === 'withdrawn',
    });
  }
  return new Response(JSON.stringify(records));
};

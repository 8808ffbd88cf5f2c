import { Hono } from 'hono';
import { getConsultation } from '../../schema/consultation/consultations.db.ts';
import { sessionAccount } from '../auth.ts';
import type { AppEnv } from '../env.ts';

/**
 * The draft document of a consultation, from R2, with the headers that stop a browser from
 * running it as a page (as /tep/<id>/<name> serves disclosures' files). A draft consultation's
 * file is for signed-in officials only.
 */
export const consultationFiles = new Hono<AppEnv>().get('/:id{[0-9]+}/:name', async (c) => {
  const consultation = await getConsultation(c.env.DB, Number(c.req.param('id')));
  const doc = consultation?.draftDocument;
  if (!consultation || !doc || (consultation.status === 'draft' && !(await sessionAccount(c)))) return c.notFound();
  const object = await c.env.FILES.get(doc.objectKey);
  if (!object) return c.notFound();
  const inline = ['application/pdf', 'image/png', 'image/jpeg'].includes(doc.contentType);
  return new Response(object.body, {
    headers: {
      'Content-Type': doc.contentType,
      'Content-Length': String(doc.sizeBytes),
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      // The name stays when a new draft replaces the file, so the answer is not cached for long.
      'Cache-Control': consultation.status === 'draft' ? 'private, no-store' : 'public, max-age=300',
      ETag: `"${doc.sha256}"`,
    },
  });
});

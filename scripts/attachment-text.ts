import { extractText, getDocumentProxy } from 'unpdf';
import type { Attachment } from '../schema/db/attachments.ts';

/**
 * Words inside text-based PDF attachments, for the search index. Read after the build from the
 * local R2 (scripts/post-build.ts) with unpdf, a build of pdf.js that needs no canvas; a
 * scanned PDF simply yields no text. Capped, so one huge file cannot swell the index.
 */
const MAX_CHARS = 20_000;

export async function attachmentText(bucket: R2Bucket, files: Attachment[]): Promise<string> {
  const parts: string[] = [];
  for (const file of files) {
    if (file.contentType !== 'application/pdf') continue;
    try {
      const object = await bucket.get(file.objectKey);
      if (!object) continue;
      const pdf = await getDocumentProxy(new Uint8Array(await object.arrayBuffer()));
      const { text } = await extractText(pdf, { mergePages: true });
      parts.push(text.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, MAX_CHARS));
    } catch (error) {
      // A damaged PDF must not stop the site from publishing; it is just not searchable.
      console.warn(`no text from attachment ${file.id}: ${(error as Error).message}`);
    }
  }
  return parts.join('\n\n');
}

import { ATTACHMENT_TYPES, attachmentTooLarge, MAX_ATTACHMENT_BYTES, safeFileName, sniffType } from '../attachment.ts';
import { sha256Hex } from '../crypto.ts';
import { attachmentExists, insertAttachment, type Attachment } from '../db/attachments.ts';
import { getDisclosure } from '../db/disclosures.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { authorize } from '../roles.ts';
import type { Outcome, WriteContext } from './context.ts';
import { publication } from './disclosures.ts';

/**
 * Attaching a file to a disclosure: checked by its bytes (never its name), stored in R2 under
 * the item and its SHA-256, recorded with its audit row. Shared by the admin form and the API.
 */
export async function attachFile(ctx: WriteContext, disclosureId: number, file: unknown): Promise<Outcome<Attachment>> {
  const target = await getDisclosure(ctx.db, disclosureId);
  if (!target) throw new NotFoundError('Không tìm thấy nội dung công khai này.');
  authorize(ctx.actor, target.status === 'draft' ? 'disclosure.attach-draft' : 'disclosure.attach-published');
  const refuse = (message: string) => new ValidationError([{ field: 'file', message }]);
  if (!(file instanceof File) || file.size === 0) throw refuse('Chưa chọn tệp đính kèm.');
  if (file.size > MAX_ATTACHMENT_BYTES) throw refuse(attachmentTooLarge(file.name));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes, file.name);
  if (!type) throw refuse(`Tệp "${file.name}" không phải PDF, ảnh PNG/JPEG hoặc tệp Word/Excel (kiểm tra theo nội dung tệp, không theo tên).`);
  const sha256 = await sha256Hex(bytes);
  // Keyed by item and content: the bytes behind a URL never change, so it can be cached forever.
  const objectKey = `tep/${disclosureId}/${sha256}`;
  if (await attachmentExists(ctx.db, objectKey)) {
    throw refuse(`Tệp "${file.name}" đã được đính kèm vào nội dung này.`);
  }
  const { mime } = ATTACHMENT_TYPES[type];
  if (!ctx.files) throw new Error('attachFile needs the FILES (R2) binding');
  await ctx.files.put(objectKey, bytes, { httpMetadata: { contentType: mime }, customMetadata: { sha256 } });
  const attachment = await insertAttachment(
    ctx.db,
    { disclosureId, fileName: safeFileName(file.name, type), type, contentType: mime, sizeBytes: bytes.byteLength, sha256, objectKey },
    ctx.actor,
    ctx.now,
  );
  // A draft's files are not public yet; a public item's page lists its files.
  return { value: attachment, publish: publication(target, 'attachment', ctx) };
}

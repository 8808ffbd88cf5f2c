import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, safeFileName, sniffType } from '../schema/attachment.ts';
import { sha256Hex } from '../schema/crypto.ts';
import { insertAttachment, type Attachment } from '../schema/db/attachments.ts';
import type { Actor } from '../schema/db/audit.ts';

/** Storing an uploaded file: checks, R2, metadata and audit. Shared by the admin form and the API. */

export type Stored = { ok: true; attachment: Attachment } | { ok: false; message: string };

export async function storeAttachment(env: Env, disclosureId: number, file: unknown, actor: Actor): Promise<Stored> {
  if (!(file instanceof File) || file.size === 0) return { ok: false, message: 'Chưa chọn tệp đính kèm.' };
  if (file.size > MAX_ATTACHMENT_BYTES) return { ok: false, message: `Tệp "${file.name}" lớn quá 10 MB. Hãy nén hoặc chia nhỏ tệp.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes, file.name);
  if (!type) return { ok: false, message: `Tệp "${file.name}" không phải PDF, ảnh PNG/JPEG hoặc tệp Word/Excel (kiểm tra theo nội dung tệp, không theo tên).` };
  const sha256 = await sha256Hex(bytes);
  // Keyed by item and content: the bytes behind a URL never change, so it can be cached forever.
  const objectKey = `tep/${disclosureId}/${sha256}`;
  if (await env.DB.prepare('SELECT 1 FROM attachments WHERE object_key = ?').bind(objectKey).first()) {
    return { ok: false, message: `Tệp "${file.name}" đã được đính kèm vào nội dung này.` };
  }
  const { mime } = ATTACHMENT_TYPES[type];
  await env.FILES.put(objectKey, bytes, { httpMetadata: { contentType: mime }, customMetadata: { sha256 } });
  const attachment = await insertAttachment(
    env.DB,
    { disclosureId, fileName: safeFileName(file.name, type), type, contentType: mime, sizeBytes: bytes.byteLength, sha256, objectKey },
    actor,
    new Date().toISOString(),
  );
  return { ok: true, attachment };
}




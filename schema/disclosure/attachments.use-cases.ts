import {
  ATTACHMENT_TYPES,
  AttachSchema,
  attachmentTooLarge,
  AttachmentWithdrawSchema,
  MAX_ATTACHMENT_BYTES,
  safeFileName,
  sniffType,
} from './attachment.ts';
import { pdfText } from './attachment-text.ts';
import { sha256Hex } from '../core/crypto.ts';
import {
  auditInsertedAttachment,
  findAttachment,
  getAttachment,
  insertAttachment,
  insertAttachmentStatement,
  setAttachmentState,
  type Attachment,
  type NewAttachment,
} from './attachments.db.ts';
import { getDisclosure, saveDisclosure } from './disclosures.db.ts';
import type { Disclosure } from './disclosure.ts';
import { NotFoundError, RuleError, ValidationError, VersionConflictError } from '../core/errors.ts';
import type { FieldError } from '../core/validation.ts';
import { parseInput } from '../core/validation.ts';
import { authorize } from '../accounts/roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';
import { checkCreate, createDisclosure, publication } from './disclosures.use-cases.ts';
import {
  assertMayChangePublished,
  assertNoOpenRevision,
  attachNote,
  fourEyesOn,
  propose,
  withdrawNote,
  type Change,
} from '../lifecycle/revisions.use-cases.ts';

/**
 * Attaching a file to a disclosure: checked by its bytes (never its name), stored in R2 under
 * the item and its SHA-256, recorded with its audit row. Shared by the admin form and the API.
 * On a published item a file added or withdrawn is an edit of it (issue 15.2): an approver's,
 * with a public reason, a new version and a line in its public history; with four eyes it
 * waits for a second approver (schema/lifecycle/revisions.use-cases.ts).
 */

/** A file that passed the checks, ready to store. */
interface CheckedFile {
  name: string;
  bytes: Uint8Array;
  type: keyof typeof ATTACHMENT_TYPES;
  sha256: string;
}

/** Checks a file by its bytes; a refusal names the field `file`. */
async function checkFile(file: unknown): Promise<CheckedFile | FieldError> {
  const refuse = (message: string) => ({ field: 'file', message });
  if (!(file instanceof File) || file.size === 0) return refuse('Chưa chọn tệp đính kèm.');
  if (file.size > MAX_ATTACHMENT_BYTES) return refuse(attachmentTooLarge(file.name));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes, file.name);
  if (!type) return refuse(`Tệp "${file.name}" không phải PDF, ảnh PNG/JPEG hoặc tệp Word/Excel (kiểm tra theo nội dung tệp, không theo tên).`);
  return { name: file.name, bytes, type, sha256: await sha256Hex(bytes) };
}

const refused = (x: CheckedFile | FieldError): x is FieldError => 'field' in x;

/**
 * Puts the bytes into R2 (keyed by item and content, so a URL's bytes never change) and describes
 * the row, with a PDF's words for search. Every way a file gets attached (the API, the admin
 * form, a form's kept file, a file waiting for four eyes) comes through here, so each one is
 * searchable by its words once it is attached; a PDF without readable text gives null.
 */
async function putFile(ctx: WriteContext, disclosureId: number, file: CheckedFile): Promise<NewAttachment> {
  const objectKey = `tep/${disclosureId}/${file.sha256}`;
  const { mime } = ATTACHMENT_TYPES[file.type];
  if (!ctx.files) throw new Error('attachments need the FILES (R2) binding');
  const textContent = file.type === 'pdf' ? await pdfText(file.bytes) : null;
  await ctx.files.put(objectKey, file.bytes, { httpMetadata: { contentType: mime }, customMetadata: { sha256: file.sha256 } });
  return {
    disclosureId,
    fileName: safeFileName(file.name, file.type),
    type: file.type,
    contentType: mime,
    sizeBytes: file.bytes.byteLength,
    sha256: file.sha256,
    objectKey,
    textContent,
  };
}

export async function attachFile(ctx: WriteContext, disclosureId: number, file: unknown, raw: unknown = {}): Promise<Outcome<Change<Attachment>>> {
  const target = await getDisclosure(ctx.db, disclosureId);
  if (!target) throw new NotFoundError('Không tìm thấy nội dung công khai này.');
  const { changeNote } = parseInput(AttachSchema, raw ?? {});
  const live = target.status !== 'draft';
  authorize(ctx.actor, live ? 'disclosure.attach-published' : 'disclosure.attach-draft');
  const checked = await checkFile(file);
  const errors: FieldError[] = refused(checked) ? [checked] : [];
  if (live && changeNote === '') {
    errors.push({ field: 'changeNote', message: 'Nội dung này đã công khai: hãy ghi lý do thêm tệp, lý do hiện trong lịch sử sửa đổi công khai.' });
  }
  if (errors.length || refused(checked)) throw new ValidationError(errors);
  if (await findAttachment(ctx.db, `tep/${disclosureId}/${checked.sha256}`)) {
    throw new ValidationError([{ field: 'file', message: `Tệp "${checked.name}" đã được đính kèm vào nội dung này.` }]);
  }
  if (!live) {
    const attachment = await insertAttachment(ctx.db, await putFile(ctx, disclosureId, checked), ctx.actor, ctx.now);
    return { value: { live: attachment, pending: null }, publish: null };
  }
  await assertNoOpenRevision(ctx.db, disclosureId);
  const row = await putFile(ctx, disclosureId, checked);
  if (await fourEyesOn(ctx.db)) {
    const first = [insertAttachmentStatement(ctx.db, row, 'pending', ctx.actor, ctx.now), auditInsertedAttachment(ctx.db, row, 'pending', ctx.actor, ctx.now)];
    const pending = await propose(ctx, { disclosureId, baseVersion: target.version, kind: 'attach', fields: null, changeNote, attachment: { objectKey: row.objectKey } }, first);
    return { value: { live: null, pending }, publish: null };
  }
  const version = target.version + 1;
  const after: Disclosure = { ...target, version };
  const also = [insertAttachmentStatement(ctx.db, row, 'attached', ctx.actor, ctx.now, version), auditInsertedAttachment(ctx.db, row, 'attached', ctx.actor, ctx.now)];
  const saved = await saveDisclosure(ctx.db, target, after, { action: 'attach', changeNote: attachNote(row.fileName, changeNote), writer: ctx.actor.accountId }, ctx.actor, ctx.now, also);
  if (!saved) throw new VersionConflictError((await getDisclosure(ctx.db, disclosureId))?.version ?? target.version);
  const attachment = (await findAttachment(ctx.db, row.objectKey))!;
  return { value: { live: attachment, pending: null }, publish: publication(after, 'attachment added', ctx) };
}

/**
 * Withdraws a file, with a reason: it is no longer served at /tep/…, and once the item is
 * public its page says "Tệp đã rút: <tên> — <lý do>". On a published item this is an edit of
 * it (new version, public change note), waiting for a second approver under four eyes.
 */
export async function withdrawAttachment(ctx: WriteContext, disclosureId: number, attachmentId: number, raw: unknown): Promise<Outcome<Change<Attachment>>> {
  const { reason } = parseInput(AttachmentWithdrawSchema, raw);
  const file = await getAttachment(ctx.db, attachmentId);
  if (!file || file.disclosureId !== disclosureId) throw new NotFoundError('Không tìm thấy tệp đính kèm này.');
  const target = (await getDisclosure(ctx.db, disclosureId))!;
  if (file.state !== 'attached') throw new RuleError('reason', 'Chỉ rút được tệp đang đính kèm (không phải tệp chờ duyệt, đã rút hay bị từ chối).');
  const live = target.status !== 'draft';
  if (!live) {
    await ctx.db.batch(setAttachmentState(ctx.db, file, { from: 'attached', to: 'withdrawn', withdrawalReason: reason }, 'withdraw', ctx.actor, ctx.now));
    return { value: { live: (await getAttachment(ctx.db, attachmentId))!, pending: null }, publish: null };
  }
  assertMayChangePublished(ctx);
  await assertNoOpenRevision(ctx.db, disclosureId);
  if (await fourEyesOn(ctx.db)) {
    const pending = await propose(ctx, { disclosureId, baseVersion: target.version, kind: 'withdraw_attachment', fields: null, changeNote: reason, attachment: { id: file.id } });
    return { value: { live: null, pending }, publish: null };
  }
  const version = target.version + 1;
  const after: Disclosure = { ...target, version };
  const also = setAttachmentState(ctx.db, file, { from: 'attached', to: 'withdrawn', withdrawalReason: reason, whenVersion: version }, 'withdraw', ctx.actor, ctx.now);
  const saved = await saveDisclosure(ctx.db, target, after, { action: 'withdraw-attachment', changeNote: withdrawNote(file.fileName, reason), writer: ctx.actor.accountId }, ctx.actor, ctx.now, also);
  if (!saved) throw new VersionConflictError((await getDisclosure(ctx.db, disclosureId))?.version ?? target.version);
  return { value: { live: (await getAttachment(ctx.db, attachmentId))!, pending: null }, publish: publication(after, 'attachment withdrawn', ctx) };
}

/**
 * "Thêm nội dung" with its file in one submit: the file is checked before anything is stored,
 * and a refused file comes back with every problem of the form at once, nothing saved. The file
 * belongs to the item from its creation, so it needs no reason of its own.
 */
export async function createDisclosureWithFile(ctx: WriteContext, raw: unknown, file: unknown): Promise<Outcome<Disclosure>> {
  const checked = await checkFile(file);
  if (refused(checked)) {
    const errors = await checkCreate(ctx.db, raw).then(
      () => [],
      (e: unknown) => (e instanceof ValidationError ? e.errors : []),
    );
    throw new ValidationError([...errors, checked]);
  }
  const created = await createDisclosure(ctx, raw);
  await insertAttachment(ctx.db, await putFile(ctx, created.value.id, checked), ctx.actor, ctx.now);
  return created;
}

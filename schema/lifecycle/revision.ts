import { z } from '../core/zod.ts';
import { codesOf } from '../core/codes.ts';
import { requiredText } from '../core/text.ts';
import { RECORD_KIND_CODES, type RecordKind } from './record-kinds.ts';

/**
 * A change to a published item that waits for a second approver ("four eyes", issue 16): an
 * edit of its fields, a file added or a file withdrawn. Citizens keep seeing the published
 * version until an approver other than the author approves it; then it goes live with its
 * public reason and a new version. A rejection keeps its reason and changes nothing public.
 */
export const REVISION_KINDS = {
  edit: 'Sửa nội dung',
  attach: 'Thêm tệp đính kèm',
  withdraw_attachment: 'Rút tệp đính kèm',
  draft_document: 'Thay tệp dự thảo',
  offline_counts: 'Sửa số ý kiến nhận ngoài cổng',
  summary: 'Sửa kết quả tiếp thu, giải trình',
  withdraw: 'Thu hồi nội dung',
} as const;
export const REVISION_KIND_CODES = codesOf(REVISION_KINDS);

/** The record kinds whose published changes wait for a second approver: every registered kind (schema/lifecycle/record-kinds.ts). */
export type RevisionEntity = RecordKind;

const REVISION_DECISIONS = { approved: 'Đã duyệt', rejected: 'Bị từ chối' } as const;
const REVISION_DECISION_CODES = codesOf(REVISION_DECISIONS);

export const PendingRevisionSchema = z.object({
  id: z.number().int(),
  entity: z.enum(RECORD_KIND_CODES).meta({ description: 'Loại nội dung được đề nghị thay đổi' }),
  disclosureId: z.number().int().nullable().meta({ description: 'Nội dung công khai (entity = disclosure)' }),
  recordId: z.number().int().nullable().meta({ description: 'Mã nội dung với các loại khác (quyết định, giám sát, lấy ý kiến)' }),
  baseVersion: z.number().int(),
  kind: z.enum(REVISION_KIND_CODES),
  fields: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Các trường đề nghị sửa (mọi loại trừ attach, withdraw_attachment)' }),
  attachmentId: z.number().int().nullable().meta({ description: 'Tệp được thêm hoặc rút (kind = attach, withdraw_attachment)' }),
  changeNote: z.string().meta({ description: 'Lý do, hiện trong lịch sử sửa đổi công khai khi được duyệt' }),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  decision: z.enum(REVISION_DECISION_CODES).nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.number().int().nullable(),
  rejectionReason: z.string().nullable(),
});
/** `fields`: the proposed fields as stored (a disclosure's form fields plus its derived document type; a record's fields). */
export type PendingRevision = z.output<typeof PendingRevisionSchema>;

/** Rejecting a pending change needs a reason, kept with it for its author. */
export const RejectSchema = z.object({ reason: requiredText('Lý do từ chối', 500) });

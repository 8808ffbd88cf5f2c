import { z } from 'zod';
import { codesOf } from './codes.ts';
import type { DisclosureFields } from './disclosure.ts';
import { requiredText } from './text.ts';

/**
 * A change to a published item that waits for a second approver ("four eyes", issue 16): an
 * edit of its fields, a file added or a file withdrawn. Citizens keep seeing the published
 * version until an approver other than the author approves it; then it goes live with its
 * public reason and a new version. A rejection keeps its reason and changes nothing public.
 */
export const REVISION_KINDS = { edit: 'Sửa nội dung', attach: 'Thêm tệp đính kèm', withdraw_attachment: 'Rút tệp đính kèm' } as const;
export const REVISION_KIND_CODES = codesOf(REVISION_KINDS);

export const REVISION_DECISIONS = { approved: 'Đã duyệt', rejected: 'Bị từ chối' } as const;
export const REVISION_DECISION_CODES = codesOf(REVISION_DECISIONS);

/** The fields an edit proposes, as stored: the form's fields plus the derived document type. */
export type ProposedFields = DisclosureFields & { documentType: string };

export const PendingRevisionSchema = z.object({
  id: z.number().int(),
  disclosureId: z.number().int(),
  baseVersion: z.number().int(),
  kind: z.enum(REVISION_KIND_CODES),
  fields: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Các trường đề nghị sửa (chỉ với kind = edit)' }),
  attachmentId: z.number().int().nullable().meta({ description: 'Tệp được thêm hoặc rút (kind = attach, withdraw_attachment)' }),
  changeNote: z.string().meta({ description: 'Lý do, hiện trong lịch sử sửa đổi công khai khi được duyệt' }),
  createdAt: z.string(),
  createdBy: z.number().int().nullable(),
  decision: z.enum(REVISION_DECISION_CODES).nullable(),
  decidedAt: z.string().nullable(),
  decidedBy: z.number().int().nullable(),
  rejectionReason: z.string().nullable(),
});
export type PendingRevision = Omit<z.output<typeof PendingRevisionSchema>, 'fields'> & { fields: ProposedFields | null };

/** Rejecting a pending change needs a reason, kept with it for its author. */
export const RejectSchema = z.object({ reason: requiredText('Lý do từ chối', 500) });

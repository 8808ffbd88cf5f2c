import { z } from '../core/zod.ts';
import { MIN_REASON_LENGTH } from '../disclosure/channels.ts';
import { optionalText } from '../core/text.ts';

/**
 * Statistics are public as soon as they are saved, so replacing a period's figures is an edit of
 * a published item: it needs a reason that citizens read beside the figures, and the figures it
 * replaced stay readable below them (migration 0021). The past never changes.
 */

/** As short as a reason may be and still say what changed ("Sửa số hồ sơ đất đai nhập nhầm"). */
export const MIN_REPLACE_REASON_LENGTH = MIN_REASON_LENGTH;

export const REPLACE_REASON_LABEL = 'Lý do thay số liệu';

/** The reason sent with a save; empty when none was given (a new period needs none). */
export const ReplaceReasonSchema = z.object({ reason: optionalText(REPLACE_REASON_LABEL, 500) });

/** The refusal when a stored period is replaced without a real reason; null when the reason will do. */
export function replaceReasonProblem(reason: string): string | null {
  if (reason.length >= MIN_REPLACE_REASON_LENGTH) return null;
  return reason === ''
    ? `Kỳ này đã có số liệu công khai: hãy ghi lý do thay (ít nhất ${MIN_REPLACE_REASON_LENGTH} ký tự, ví dụ "Sửa số hồ sơ lĩnh vực đất đai nhập nhầm"). Lý do hiện trên trang công khai cùng bảng cũ.`
    : `Lý do thay quá ngắn (${reason.length} ký tự): hãy ghi rõ điều gì sai và đã sửa gì, ít nhất ${MIN_REPLACE_REASON_LENGTH} ký tự.`;
}

/** A replaced version of a period's figures, as it was public until `replacedAt`. */
export interface ReplacedVersion<T> {
  version: number;
  /** When this version was saved, and why (null: the period's first figures). */
  savedAt: string;
  changeReason: string | null;
  replacedAt: string;
  figures: T;
}

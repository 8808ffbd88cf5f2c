import { z } from '../core/zod.ts';
import { dateField } from '../core/dates.ts';
import { documentNumberField } from '../disclosure/document-number.ts';
import { optionalText } from '../core/text.ts';

/**
 * What the records of the people's pillars (decisions by the people, supervision boards and
 * their activities) share: a draft → published life as disclosures have, a version that guards
 * every save, a public reason for editing a published record, and fields whose value the
 * commune may not know. Unknown is null (never 0): report 78/BC-UBND gives no date or number
 * for most of what it tells about these pillars.
 */

/**
 * A count that may be unknown: a whole number, a string of digits as a form posts it, or
 * empty / null / missing for "not known" (stored as NULL, shown as "—").
 *
 * @example optionalCount('Số hộ tham gia').parse('') // null
 */
export function optionalCount(label: string) {
  return z.preprocess(
    (v) => (v === undefined || v === null ? null : typeof v === 'string' ? (v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
    z
      .number({ error: `${label}: phải là số.` })
      .int({ error: `${label}: phải là số nguyên.` })
      .min(0, { error: `${label}: không được âm.` })
      .max(10_000_000, { error: `${label}: số quá lớn.` })
      .nullable(),
  );
}

/** A date that may be unknown: empty, null or missing is null. */
export function optionalDate(label: string) {
  return z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : v), dateField(label).nullable());
}

/** A document number that may be unknown ("" when not given). */
export const optionalDocumentNumber = documentNumberField.default('');

/** A yes / no that may be unknown: true, false, "true"/"false" from a form, or empty for unknown. */
export function optionalBoolean(label: string) {
  return z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? null : v === 'true' || v === 'co' ? true : v === 'false' || v === 'khong' ? false : v),
    z.boolean({ error: `${label}: hãy chọn có, không, hoặc để trống nếu chưa rõ.` }).nullable(),
  );
}

/**
 * Zod runs an object's refinements even when a field failed, with the failing value in place:
 * the rules that span fields look only at values that passed, so one mistake is reported once.
 */
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
/** A count that passed its own check, or null. */
export const known = (n: unknown): number | null => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null);

/** `a` not after `b`, when both are known dates. */
export const ordered = (a: unknown, b: unknown) => !isDate(a) || !isDate(b) || a <= b;

/** What an edit carries besides the fields: the version it was made on, and the public reason. */
export const EditSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1, { error: 'Số phiên bản không hợp lệ.' }),
  changeNote: optionalText('Lý do sửa đổi', 500),
});

export const RecordPublishSchema = z.object({
  version: z.coerce.number({ error: 'Thiếu số phiên bản.' }).int().min(1, { error: 'Số phiên bản không hợp lệ.' }),
});

/** The state every stored record of these pillars carries. */
export const RecordStateSchema = z.object({
  id: z.number().int(),
  slug: z.string(),
  status: z.enum(['draft', 'published', 'withdrawn']),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** A withdrawn record stays public, marked "Đã thu hồi" with the date and the reason. */
  withdrawnAt: z.string().nullable(),
  withdrawalReason: z.string().nullable().meta({ description: 'Lý do thu hồi, hiện trên trang công khai' }),
  /** Account that last wrote the record: the four-eyes rule compares it with the publisher. */
  lastEditorId: z.number().int().nullable(),
});
export type RecordState = z.output<typeof RecordStateSchema>;

/** One public edit of a published record: when, which version, and why. */
export interface RecordRevision {
  version: number;
  changedAt: string;
  changeNote: string;
}

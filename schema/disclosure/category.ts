import { z } from '../core/zod.ts';
import { ChannelMinimumsSchema, type ChannelMinimums } from './channels.ts';
import { CHANNEL_CODES, CHANNELS } from './disclosure.ts';
import { optionalText, requiredText } from '../core/text.ts';

/**
 * A category of disclosed content (nội dung công khai). The seeded list follows Law
 * 10/2022/QH15, Điều 11; an approver edits the labels and descriptions, enters the clause
 * (khoản) once checked against the law text, and adds the commune's own categories. A slug
 * never changes once made (it is in every URL of the category); a category in use is never deleted.
 */
export const CategorySchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/, { error: 'Mã nội dung công khai chỉ gồm chữ thường không dấu, số và dấu gạch ngang.' }),
  label: requiredText('Tên nội dung công khai', 200),
  legalRef: optionalText('Căn cứ pháp lý', 200),
  /** The clause of Điều 11 this category is, when confirmed; null for the commune's own or unconfirmed. */
  lawClause: z.number().int().min(1).max(14).nullable().default(null),
  description: optionalText('Mô tả', 1000),
  /** Minimum consecutive days per channel (the loudspeaker: 3); a shorter record is warned about, not refused. */
  channelMinimums: ChannelMinimumsSchema,
  sortOrder: z.number().int().default(0),
});
export type Category = z.output<typeof CategorySchema>;

/** A clause as typed: "3", 3, or blank for none. */
const clauseField = z.preprocess(
  (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v),
  z
    .number({ error: 'Khoản (Điều 11): phải là số từ 1 đến 14, hoặc để trống.' })
    .int({ error: 'Khoản (Điều 11): phải là số từ 1 đến 14, hoặc để trống.' })
    .min(1, { error: 'Khoản (Điều 11): phải là số từ 1 đến 14, hoặc để trống.' })
    .max(14, { error: 'Khoản (Điều 11): phải là số từ 1 đến 14, hoặc để trống.' })
    .nullable(),
);
const orderField = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v) : v),
  z.number({ error: 'Thứ tự: phải là số nguyên.' }).int({ error: 'Thứ tự: phải là số nguyên.' }).min(0, { error: 'Thứ tự: không được âm.' }).max(100_000, { error: 'Thứ tự: số quá lớn.' }).optional(),
);

/** The most days a category may require of one channel: a minimum longer than the 30-day posting is rare, 90 is a typing error's guard. */
export const MAX_CHANNEL_MINIMUM_DAYS = 90;

/** One channel's minimum as typed: whole days 1–90; blank or null for none. */
const minimumDays = (label: string) => {
  const message = `${label}: số ngày liên tục tối thiểu phải là số nguyên từ 1 đến ${MAX_CHANNEL_MINIMUM_DAYS}, hoặc để trống nếu không yêu cầu.`;
  return z.preprocess(
    (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(MAX_CHANNEL_MINIMUM_DAYS, { error: message }).optional(),
  );
};

/**
 * The minimum consecutive days a category requires per channel (the loudspeaker: 3), as an
 * approver sets them; a channel left out or blank requires none. Unknown channel codes are refused.
 */
const ChannelMinimumsEditSchema = z
  .strictObject(Object.fromEntries(CHANNEL_CODES.map((code) => [code, minimumDays(CHANNELS[code])])) as Record<(typeof CHANNEL_CODES)[number], ReturnType<typeof minimumDays>>, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `Hình thức công khai không có trong danh sách: ${issue.keys.join(', ')}.` : 'Số ngày tối thiểu theo hình thức phải là một đối tượng, ví dụ {"loudspeaker": 3}.'),
  })
  .transform((m) => Object.fromEntries(Object.entries(m).filter(([, days]) => days !== undefined)) as ChannelMinimums)
  .meta({ description: `Số ngày liên tục tối thiểu theo hình thức (1–${MAX_CHANNEL_MINIMUM_DAYS}); hình thức không ghi là không yêu cầu`, examples: [{ loudspeaker: 3 }] });

/** What an approver edits; the slug is not among them (URLs stay stable). */
export const CategoryEditSchema = z.object({
  label: requiredText('Tên nội dung công khai', 200).meta({ examples: ['Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện'] }),
  description: optionalText('Mô tả', 1000),
  legalRef: optionalText('Căn cứ pháp lý', 200),
  lawClause: clauseField.default(null),
  sortOrder: orderField,
  /** Absent: the category keeps its minimums (a client that does not know them changes nothing). */
  channelMinimums: ChannelMinimumsEditSchema.optional(),
});

/** A new category: its slug is made from the label unless given, and then never changes. */
export const CategoryCreateSchema = CategoryEditSchema.extend({
  slug: z
    .string({ error: 'Mã nội dung công khai phải là chữ.' })
    .trim()
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, { error: 'Mã nội dung công khai chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "quy-hoach".' })
    .max(60, { error: 'Mã nội dung công khai tối đa 60 ký tự.' })
    .default(''),
});

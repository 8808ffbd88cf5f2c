import { z } from 'zod';
import { ChannelMinimumsSchema } from './channels.ts';
import { optionalText, requiredText } from './text.ts';

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

/** What an approver edits; the slug is not among them (URLs stay stable). */
export const CategoryEditSchema = z.object({
  label: requiredText('Tên nội dung công khai', 200).meta({ examples: ['Kế hoạch phát triển kinh tế - xã hội và kết quả thực hiện'] }),
  description: optionalText('Mô tả', 1000),
  legalRef: optionalText('Căn cứ pháp lý', 200),
  lawClause: clauseField.default(null),
  sortOrder: orderField,
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

import { z } from 'zod';
import { optionalText, requiredText } from './text.ts';

/**
 * A category of disclosed content. The seeded list follows Law 10/2022/QH15, Điều 11; the
 * commune can relabel, reorder or add to it, so it lives in the database, not in code.
 */
export const CategorySchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/, { error: 'Mã lĩnh vực chỉ gồm chữ thường không dấu, số và dấu gạch ngang.' }),
  label: requiredText('Tên lĩnh vực', 200),
  legalRef: optionalText('Căn cứ pháp lý', 200),
  sortOrder: z.number().int().default(0),
});
export type Category = z.output<typeof CategorySchema>;

import type { z } from 'zod';
import { errorSummary, fieldErrors, type FieldError } from '../schema/validation.ts';
import { categoryExists } from '../schema/db/categories.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates disclosure input for the API and the admin form alike: the zod schema, then the
 * one rule that needs the database (the category exists). All problems are returned at once.
 */
export async function checkDisclosure<S extends z.ZodType<{ category: string }>>(
  db: D1Database,
  schema: S,
  raw: unknown,
): Promise<Checked<z.output<S>>> {
  const parsed = schema.safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  const category = parsed.success ? parsed.data.category : (raw as { category?: unknown } | null)?.category;
  if (typeof category === 'string' && /^[a-z0-9-]{1,60}$/.test(category) && !(await categoryExists(db, category))) {
    errors.push({ field: 'category', message: 'Lĩnh vực công khai không có trong danh mục: hãy chọn một mục trong danh sách.' });
  }
  return errors.length || !parsed.success ? { ok: false, errors } : { ok: true, value: parsed.data };
}

/** The API's 422 body for field errors. */
export function validationBody(errors: FieldError[]) {
  return { error: { code: 'validation', message: `Dữ liệu chưa hợp lệ. ${errorSummary(errors.length)}`, fields: errors } };
}

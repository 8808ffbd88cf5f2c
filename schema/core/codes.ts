import { z } from './zod.ts';

/**
 * Enumerations are written once, as `{ code: 'Vietnamese label' } as const`: the codes are
 * what the database and the API store (and what the SQL CHECK lists must equal, see
 * tests/api/sql-checks.test.ts), the labels are what people read. The zod enum, the type
 * and the select options of a form all come from that one object.
 *
 * @example
 * export const STATUSES = { draft: 'Bản nháp', published: 'Đã công khai' } as const;
 * export type Status = CodeOf<typeof STATUSES>;
 * const StatusSchema = codeEnum(STATUSES, 'Trạng thái không hợp lệ.');
 */
export type CodeOf<T extends Record<string, string>> = keyof T & string;

/** The codes of a label map, in declaration order, typed as a non-empty tuple for `z.enum`. */
export function codesOf<T extends Record<string, string>>(labels: T): [CodeOf<T>, ...CodeOf<T>[]] {
  return Object.keys(labels) as [CodeOf<T>, ...CodeOf<T>[]];
}

/** The zod enum of a label map's codes, with a Vietnamese message for any other value. */
export function codeEnum<T extends Record<string, string>>(labels: T, error: string) {
  return z.enum(codesOf(labels), { error });
}

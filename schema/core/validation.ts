import type { z } from 'zod';
import { ValidationError, type FieldError } from './errors.ts';

export type { FieldError } from './errors.ts';

/** Flattens a zod error to the first message per field, in the order fields were checked. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Map<string, string>();
  for (const issue of error.issues) {
    // A channel's own record is named to its cell ("channelDetails.loudspeaker.end", "channelMinimums.loudspeaker"), which the form's input carries.
    const field = issue.path.length ? (issue.path[0] === 'channelDetails' || issue.path[0] === 'channelMinimums' ? issue.path.join('.') : String(issue.path[0])) : '_';
    if (!seen.has(field)) seen.set(field, issue.message);
  }
  return [...seen].map(([field, message]) => ({ field, message }));
}

/** The summary line above a list of field errors. */
export function errorSummary(count: number): string {
  return count === 1 ? 'Có 1 chỗ cần sửa.' : `Có ${count} chỗ cần sửa.`;
}

/** The parsed value, or a ValidationError naming each bad field (the API answers 422, the form re-renders). */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

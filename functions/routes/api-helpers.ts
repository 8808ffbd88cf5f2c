import type { Context } from 'hono';
import type { z } from 'zod';
import { HTTPException } from 'hono/http-exception';
import { errorSummary, fieldErrors, type FieldError } from '../../schema/validation.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import type { AppEnv } from '../env.ts';

/** Shared pieces of the JSON API: reading bodies and shaping 4xx answers. */

export function apiError(status: 400 | 403 | 404 | 409 | 413 | 415 | 422, code: string, message: string, extra: object = {}) {
  return new HTTPException(status, { res: Response.json({ error: { code, message, ...extra } }, { status }) });
}

/** The API's 422 body for field errors. */
export function validationBody(errors: FieldError[]) {
  return { error: { code: 'validation', message: `Dữ liệu chưa hợp lệ. ${errorSummary(errors.length)}`, fields: errors } };
}

/** 422 with each bad field and its Vietnamese reason. */
export function validationError(errors: FieldError[]) {
  return new HTTPException(422, { res: Response.json(validationBody(errors), { status: 422 }) });
}

/** Reads a JSON body; wrong content types and malformed JSON get a clear 4xx. */
export async function readJson(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw apiError(415, 'unsupported_media_type', 'Nội dung gửi lên phải là JSON (Content-Type: application/json).');
  }
  try {
    return await c.req.json();
  } catch {
    throw apiError(400, 'malformed_json', 'Nội dung gửi lên không phải JSON hợp lệ.');
  }
}

/** The parsed value, or a 422 naming each bad field. */
export function parseOrFail<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(fieldErrors(parsed.error));
  return parsed.data;
}

/** The answer to a use case's refusal (schema/errors.ts), or null for an unexpected error. */
export function apiRefusal(error: unknown): Response | null {
  const answer = (status: number, body: object) => Response.json({ error: body }, { status });
  if (error instanceof ValidationError) return Response.json(validationBody(error.errors), { status: 422 });
  if (error instanceof NotFoundError) return answer(404, { code: 'not_found', message: error.message });
  if (error instanceof VersionConflictError) {
    return answer(409, { code: 'version_conflict', message: error.message, currentVersion: error.currentVersion });
  }
  if (error instanceof ForbiddenError) return answer(403, { code: 'review', message: error.message });
  if (error instanceof RuleError) return answer(422, { code: 'rule', message: error.message, fields: [{ field: error.field, message: error.message }] });
  return null;
}

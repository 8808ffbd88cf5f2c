import type { Context } from 'hono';
import type { z } from 'zod';
import { HTTPException } from 'hono/http-exception';
import { fieldErrors, type FieldError } from '../../schema/validation.ts';
import type { AppEnv } from '../env.ts';
import { validationBody } from '../validate.ts';

/** Shared pieces of the JSON API: reading bodies and shaping 4xx answers. */

export function apiError(status: 400 | 403 | 404 | 409 | 413 | 415 | 422, code: string, message: string, extra: object = {}) {
  return new HTTPException(status, { res: Response.json({ error: { code, message, ...extra } }, { status }) });
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

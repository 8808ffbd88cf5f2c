import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createRoute, OpenAPIHono, z, type Hook, type RouteConfig } from '@hono/zod-openapi';
import type { ApiScope } from '../../schema/accounts/api-scopes.ts';
import { errorSummary, fieldErrors, type FieldError } from '../../schema/core/validation.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../../schema/core/errors.ts';
import { requireToken } from '../auth.ts';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '../../schema/core/idempotency.db.ts';
import type { AppEnv } from '../env.ts';
import { idempotent } from '../idempotency.ts';
import { errors, type Tag } from '../openapi.ts';

/** Shared pieces of the JSON API: its routes, reading bodies and shaping 4xx answers. */

export function apiError(status: 400 | 403 | 404 | 409 | 413 | 415 | 422, code: string, message: string, extra: object = {}) {
  return new HTTPException(status, { res: Response.json({ error: { code, message, ...extra } }, { status }) });
}

/** The API's 422 body for field errors. */
function validationBody(errors: FieldError[]) {
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

/** The answer to a use case's refusal (schema/core/errors.ts), or null for an unexpected error. */
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

/**
 * Path and query parameters are checked by the route (`request.params`/`request.query`): a path
 * that names nothing is a 404, as an unknown address is; a bad query value is a 422.
 */
const answerInvalid: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  if (result.target === 'param') return c.json({ error: { code: 'not_found', message: 'Không có địa chỉ API này. Xem /api/v1/.' } }, 404);
  return c.json(validationBody(fieldErrors(result.error)), 422);
};

/** One resource's sub-app of /api/v1; its routes make the OpenAPI document. */
export const apiApp = () => new OpenAPIHono<AppEnv>({ defaultHook: answerInvalid });

/** An integer id in the path: `/{id}`. */
export const pathId = <N extends string>(name: N, description: string) =>
  z.object({ [name]: z.coerce.number().int().min(1).openapi({ param: { name, in: 'path' }, description, example: 1 }) } as Record<N, z.ZodCoercedNumber>);

const IdempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .optional()
    .openapi({
      description: 'Khóa do phần mềm gửi tự chọn cho mỗi thao tác (ví dụ một UUID). Gửi lại cùng khóa, cùng nội dung thì nhận lại câu trả lời lần đầu.',
      example: '1f0c6a52-3b7e-4c1e-9a53-0f6f1e2d8c11',
    }),
});

type ApiRouteConfig = Omit<RouteConfig, 'security' | 'middleware'> & { operationId: string; summary: string; tags: [Tag] };

/**
 * An /api/v1 operation that needs a token holding `scope`. The scope is written once: the
 * middleware enforces it and the document's security requirement states it. Writes (every
 * method but GET) also take `Idempotency-Key`. A read whose handler sends its queries with
 * `readWithToken` (functions/auth.ts) says so with `tokenInBatch`: its token is then checked in
 * the same D1 batch as its reads. A write whose use case writes with one D1 batch, nothing
 * before it, says so with `tokenGuarded`: a token the isolate has seen is checked by that batch.
 */
export function apiRoute<const R extends ApiRouteConfig>(
  scope: ApiScope,
  route: R,
  { tokenInBatch = false, tokenGuarded = false }: { tokenInBatch?: boolean; tokenGuarded?: boolean } = {},
) {
  const write = route.method !== 'get';
  if (write && tokenInBatch) throw new Error(`${route.operationId}: only a read may check its token in its batch`);
  if (!write && tokenGuarded) throw new Error(`${route.operationId}: only a write has a batch to guard`);
  return createRoute({
    ...route,
    security: [{ bearer: [scope] }],
    middleware: write ? [requireToken(scope, { guarded: tokenGuarded }), idempotent] : [requireToken(scope, { inBatch: tokenInBatch })],
    request: write ? { ...route.request, headers: IdempotencyHeaders } : route.request,
    responses: { ...route.responses, ...errors(401, 403) },
  }) as unknown as R;
}

import { z } from '@hono/zod-openapi';
import type { ApiScope } from '../../schema/api-scopes.ts';
import { RecordPublishSchema, type RecordState } from '../../schema/community-record.ts';
import type { RecordTable } from '../../schema/db/community-records.ts';
import type { Outcome, WriteContext } from '../../schema/use-cases/context.ts';
import { act } from '../act.ts';
import { errors, json, jsonBody, type Tag } from '../openapi.ts';
import { apiApp, apiError, apiRoute, pathId, readJson } from './api-helpers.ts';

/**
 * The five operations of a record of the people's pillars — list, create, read, edit, publish —
 * described once for decisions, supervision boards and activities. Each is a createRoute with
 * its scope, schemas and example, so the OpenAPI document lists them like every other route.
 */

type Cases<F> = {
  create: (ctx: WriteContext, raw: unknown) => Promise<Outcome<F & RecordState>>;
  update: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<F & RecordState>>;
  publish: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<F & RecordState>>;
};

export interface RecordApi<F> {
  /** "decision" → operationIds listDecisions, createDecision, … */
  name: string;
  plural: string;
  label: string;
  tag: Tag;
  scopes: { read: ApiScope; write: ApiScope };
  table: RecordTable<F>;
  cases: Cases<F>;
  schemas: { create: z.ZodType; update: z.ZodType; answer: z.ZodType };
  examples: { create: object; update: object };
  /** The record's public page. */
  url: (r: F & RecordState) => string;
}

export function recordApi<F>(r: RecordApi<F>) {
  const app = apiApp();
  const tags: [Tag] = [r.tag];
  const IdParam = pathId('id', `Mã ${r.label}`);
  const upper = r.name[0]!.toUpperCase() + r.name.slice(1);
  const pluralUpper = r.plural[0]!.toUpperCase() + r.plural.slice(1);
  const present = (x: F & RecordState) => ({ ...x, url: r.url(x) });
  const Answer = r.schemas.answer;
  const notFound = () => apiError(404, 'not_found', `Không tìm thấy ${r.label} này.`);

  app.openapi(
    apiRoute(r.scopes.read, {
      method: 'get',
      path: '/',
      operationId: `list${pluralUpper}`,
      summary: `Danh sách ${r.label}, kể cả bản nháp, mới sửa trước`,
      tags,
      responses: { 200: json(z.object({ items: z.array(Answer) }), 'Danh sách') },
    }),
    async (c) => c.json({ items: (await r.table.list(c.env.DB)).map(present) }, 200),
  );
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'post',
      path: '/',
      operationId: `create${upper}`,
      summary: `Tạo ${r.label} (và công khai ngay nếu publish = true)`,
      tags,
      request: { body: jsonBody(r.schemas.create, r.examples.create as never) },
      responses: { 201: json(Answer, 'Đã tạo'), ...errors(400, 409, 413, 415, 422) },
    }),
    async (c) => {
      const body = await readJson(c);
      const created = await act(c, (ctx) => r.cases.create(ctx, body));
      return c.json(present(created), 201, { Location: `${c.req.path.replace(/\/$/, '')}/${created.id}` });
    },
  );
  app.openapi(
    apiRoute(r.scopes.read, {
      method: 'get',
      path: '/{id}',
      operationId: `get${upper}`,
      summary: `Một ${r.label}`,
      tags,
      request: { params: IdParam },
      responses: { 200: json(Answer, 'Nội dung'), ...errors(404) },
    }),
    async (c) => {
      const found = await r.table.get(c.env.DB, c.req.valid('param').id);
      if (!found) throw notFound();
      return c.json(present(found), 200);
    },
  );
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'put',
      path: '/{id}',
      operationId: `update${upper}`,
      summary: `Sửa ${r.label} (gửi kèm version đang sửa; nội dung đã công khai cần changeNote)`,
      tags,
      request: { params: IdParam, body: jsonBody(r.schemas.update, r.examples.update as never) },
      responses: { 200: json(Answer, 'Đã lưu'), ...errors(400, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = await readJson(c);
      return c.json(present(await act(c, (ctx) => r.cases.update(ctx, id, body))), 200);
    },
  );
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'post',
      path: '/{id}/publish',
      operationId: `publish${upper}`,
      summary: `Công khai ${r.label} (người duyệt; đơn vị bật bốn mắt thì người sửa sau cùng không tự công khai)`,
      tags,
      request: { params: IdParam, body: jsonBody(RecordPublishSchema, { version: 1 }) },
      responses: { 200: json(Answer, 'Đã công khai'), ...errors(400, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = await readJson(c);
      return c.json(present(await act(c, (ctx) => r.cases.publish(ctx, id, body))), 200);
    },
  );
  return app;
}

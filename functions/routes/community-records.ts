import { z } from '@hono/zod-openapi';
import type { ApiScope } from '../../schema/accounts/api-scopes.ts';
import { RecordPublishSchema, type RecordState } from '../../schema/community/community-record.ts';
import type { RecordTable } from '../../schema/community/community-records.db.ts';
import { editOver, type FieldList } from '../../schema/core/fields.ts';
import { openRevisionOf } from '../../schema/lifecycle/pending-revisions.db.ts';
import { WithdrawSchema } from '../../schema/disclosure/disclosure.ts';
import { RejectSchema, type PendingRevision } from '../../schema/lifecycle/revision.ts';
import type { Outcome, WriteContext } from '../../schema/core/context.use-cases.ts';
import type { Change } from '../../schema/lifecycle/revisions.use-cases.ts';
import { act } from '../act.ts';
import { errors, json, jsonBody, PendingRevisionAnswer, type Tag } from '../openapi.ts';
import { apiApp, apiError, apiRoute, pathId, readJson } from './api-helpers.ts';

/**
 * The operations of a record of the people's pillars — list, create, read, edit, publish,
 * withdraw, and the pending change of four eyes (read, approve, reject) — described once for
 * decisions, supervision boards and activities. Each is a createRoute with
 * its scope, schemas and example, so the OpenAPI document lists them like every other route.
 */

type Cases<F> = {
  create: (ctx: WriteContext, raw: unknown) => Promise<Outcome<F & RecordState>>;
  update: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<Change<F & RecordState>>>;
  publish: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<F & RecordState>>;
  withdraw: (ctx: WriteContext, id: number, raw: unknown) => Promise<Outcome<Change<F & RecordState>>>;
  approve: (ctx: WriteContext, id: number, revisionId: number) => Promise<Outcome<F & RecordState>>;
  reject: (ctx: WriteContext, id: number, revisionId: number, raw: unknown) => Promise<Outcome<PendingRevision>>;
};

/** A change waiting for a second approver: 202, with where to read it. */
const PENDING = {
  ...json(PendingRevisionAnswer, 'Đơn vị bật duyệt bốn mắt: thay đổi được lưu chờ một người duyệt khác duyệt; trang công khai chưa đổi'),
  headers: { Location: { description: 'Địa chỉ API của thay đổi chờ duyệt', schema: { type: 'string' as const } } },
};

export interface RecordApi<F> {
  /** "decision" → operationIds listDecisions, createDecision, … */
  name: string;
  plural: string;
  label: string;
  tag: Tag;
  scopes: { read: ApiScope; write: ApiScope };
  table: RecordTable<F>;
  /** The record's declared fields (schema/core/fields.ts): an edit that leaves one out keeps its value. */
  fields: Partial<FieldList<F>>; // stored-only columns (a decision's applied thresholds) are not edited
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
  const RevisionParams = pathId('id', `Mã ${r.label}`).merge(pathId('revisionId', 'Mã thay đổi chờ duyệt'));
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
      description:
        'Chỉ các trường được gửi thay đổi: trường không gửi giữ nguyên giá trị đang lưu; gửi null hoặc "" để xóa một trường không bắt buộc. ' +
        'Khi đơn vị bật duyệt bốn mắt, sửa nội dung đã công khai trả 202 với thay đổi chờ duyệt: trang công khai giữ bản cũ ' +
        'cho đến khi một người duyệt khác duyệt (POST …/revisions/{revisionId}/approve).',
      tags,
      request: { params: IdParam, body: jsonBody(r.schemas.update, r.examples.update as never) },
      responses: { 200: json(Answer, 'Đã lưu'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [sent, stored] = await Promise.all([readJson(c), r.table.get(c.env.DB, id)]);
      // Only the fields sent change (schema/core/fields.ts editOver); the use case still checks the version.
      const body = stored ? editOver(Object.keys(r.fields), stored, sent) : sent;
      const { live, pending } = await act(c, (ctx) => r.cases.update(ctx, id, body));
      if (pending) return c.json(pending, 202, { Location: `${c.req.path.replace(/\/$/, '')}/revisions/pending` });
      return c.json(present(live), 200);
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
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'post',
      path: '/{id}/withdraw',
      operationId: `withdraw${upper}`,
      summary: `Thu hồi ${r.label} đã công khai (người duyệt, cần lý do; trang công khai vẫn còn, ghi "Đã thu hồi", ngày và lý do)`,
      description: 'Khi đơn vị bật duyệt bốn mắt, việc thu hồi trả 202 với thay đổi chờ duyệt, như một lần sửa: một người duyệt khác duyệt thì mới thu hồi.',
      tags,
      request: { params: IdParam, body: jsonBody(WithdrawSchema, { version: 2, reason: 'Biên bản hội nghị ghi sai số hộ; Ủy ban nhân dân sẽ công khai lại sau khi đối chiếu' }) },
      responses: { 200: json(Answer, 'Đã thu hồi'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = await readJson(c);
      const { live, pending } = await act(c, (ctx) => r.cases.withdraw(ctx, id, body));
      if (pending) return c.json(pending, 202, { Location: `${c.req.path.replace(/\/withdraw\/?$/, '')}/revisions/pending` });
      return c.json(present(live), 200);
    },
  );
  app.openapi(
    apiRoute(r.scopes.read, {
      method: 'get',
      path: '/{id}/revisions/pending',
      operationId: `getPending${upper}Revision`,
      summary: `Thay đổi đang chờ duyệt của ${r.label} (nếu có)`,
      tags,
      request: { params: IdParam },
      responses: { 200: json(PendingRevisionAnswer, 'Thay đổi chờ duyệt'), ...errors(404) },
    }),
    async (c) => {
      const open = await openRevisionOf(c.env.DB, { entity: r.table.entity, id: c.req.valid('param').id });
      if (!open) throw apiError(404, 'not_found', 'Nội dung này không có thay đổi nào chờ duyệt.');
      return c.json(open, 200);
    },
  );
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'post',
      path: '/{id}/revisions/{revisionId}/approve',
      operationId: `approve${upper}Revision`,
      summary: 'Duyệt thay đổi chờ duyệt: thay đổi lên trang công khai, phiên bản mới, lý do hiện trong lịch sử',
      description: 'Chỉ người duyệt khác người đề nghị thay đổi (403 nếu là chính người đề nghị).',
      tags,
      request: { params: RevisionParams },
      responses: { 200: json(Answer, 'Đã duyệt, nội dung sau khi thay đổi'), ...errors(403, 404, 409, 422) },
    }),
    async (c) => {
      const { id, revisionId } = c.req.valid('param');
      return c.json(present(await act(c, (ctx) => r.cases.approve(ctx, id, revisionId))), 200);
    },
  );
  app.openapi(
    apiRoute(r.scopes.write, {
      method: 'post',
      path: '/{id}/revisions/{revisionId}/reject',
      operationId: `reject${upper}Revision`,
      summary: 'Từ chối thay đổi chờ duyệt (cần lý do); trang công khai không đổi',
      tags,
      request: { params: RevisionParams, body: jsonBody(RejectSchema, { reason: 'Số liệu chưa khớp với biên bản hội nghị' }) },
      responses: { 200: json(PendingRevisionAnswer, 'Đã từ chối'), ...errors(400, 403, 404, 413, 415, 422) },
    }),
    async (c) => {
      const { id, revisionId } = c.req.valid('param');
      const body = await readJson(c);
      return c.json(await act(c, (ctx) => r.cases.reject(ctx, id, revisionId, body)), 200);
    },
  );
  return app;
}

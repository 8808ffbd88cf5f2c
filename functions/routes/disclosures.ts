import { z } from '@hono/zod-openapi';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_SIZE } from '../../schema/disclosure/attachment.ts';
import {
  disclosureEditOver,
  DisclosureCreateSchema,
  DisclosureUpdateSchema,
  PublishSchema,
  STATUSES,
  WithdrawSchema,
  type Disclosure,
} from '../../schema/disclosure/disclosure.ts';
import { disclosureCountQuery, disclosureListQuery, disclosureQuery, getDisclosure } from '../../schema/disclosure/disclosures.db.ts';
import { attachmentPath, disclosurePath } from '../../schema/publishing/paths.ts';
import { AttachmentWithdrawSchema } from '../../schema/disclosure/attachment.ts';
import { attachmentListQuery, type Attachment } from '../../schema/disclosure/attachments.db.ts';
import { openRevision } from '../../schema/lifecycle/pending-revisions.db.ts';
import { RejectSchema } from '../../schema/lifecycle/revision.ts';
import { attachFile, withdrawAttachment } from '../../schema/disclosure/attachments.use-cases.ts';
import {
  approveRevision,
  createDisclosure,
  publishDisclosure,
  rejectRevision,
  updateDisclosure,
  withdrawDisclosure,
} from '../../schema/disclosure/disclosures.use-cases.ts';
import { act } from '../act.ts';
import { readWithToken } from '../auth.ts';
import {
  AttachmentAnswer,
  AttachmentStateAnswer,
  CREATE_EXAMPLE,
  DisclosureAnswer,
  DisclosureListAnswer,
  errors,
  itemsOf,
  json,
  jsonBody,
  PendingRevisionAnswer,
  UPDATE_EXAMPLE,
} from '../openapi.ts';
import { apiApp, apiError, apiRoute, pathId, readJson } from './api-helpers.ts';

/**
 * JSON API for disclosures: /api/v1/disclosures. Every route needs a bearer token. Each route
 * is its own OpenAPI description; the use cases validate and apply the rules, and their
 * refusals become 4xx answers in functions/index.ts.
 */

const PAGE_SIZE = 50;

const present = (d: Disclosure) => ({ ...d, url: disclosurePath(d) });
const presentFile = ({ objectKey: _key, ...a }: Attachment) => ({ ...a, url: attachmentPath(a) });

/** A change waiting for a second approver: 202, with where to approve it. */
const PENDING = {
  ...json(PendingRevisionAnswer, 'Đơn vị bật duyệt bốn mắt: thay đổi được lưu chờ một người duyệt khác duyệt; trang công khai chưa đổi'),
  headers: { Location: { description: 'Địa chỉ API của thay đổi chờ duyệt', schema: { type: 'string' as const } } },
};
const pendingAt = (r: { disclosureId: number | null }) => ({ Location: `/api/v1/disclosures/${r.disclosureId}/revisions/pending` });


const tags: ['Công khai'] = ['Công khai'];
const IdParam_ = () => pathId('id', 'Mã nội dung công khai');
const IdParam = IdParam_();
const RevisionParams = IdParam_().merge(pathId('revisionId', 'Mã thay đổi chờ duyệt'));
const STATUS_CODES = Object.keys(STATUSES) as [keyof typeof STATUSES, ...(keyof typeof STATUSES)[]];

// Lenient, as it always was: an unknown status lists every status, a page that is not a number is page 1.
// A page number past MAX_PAGE is refused (422) rather than served as some other page: it is a
// client's bug (1e20 once reached D1 as a non-integer OFFSET and answered 500), and a page
// between the last one and MAX_PAGE already answers an empty list, as any page past the end.
const MAX_PAGE = 1_000_000;
const PAGE_RANGE = { error: `Số trang phải từ 1 đến ${MAX_PAGE.toLocaleString('vi-VN')}.` };
const ListQuery = z.object({
  status: z
    .preprocess((v) => (STATUS_CODES.includes(v as never) ? v : undefined), z.enum(STATUS_CODES).optional())
    .openapi({ type: 'string', enum: STATUS_CODES, description: 'Chỉ lấy nội dung ở trạng thái này' }),
  category: z.string().optional().openapi({ description: 'Chỉ lấy các mục thuộc nội dung công khai này (mã theo danh mục Điều 11)', example: 'ngan-sach' }),
  page: z
    .preprocess((v) => Math.max(1, Number.parseInt(String(v), 10) || 1), z.number().int(PAGE_RANGE).min(1, PAGE_RANGE).max(MAX_PAGE, PAGE_RANGE))
    .optional()
    .openapi({ type: 'integer', minimum: 1, maximum: MAX_PAGE, description: `Trang, ${PAGE_SIZE} nội dung một trang`, example: 1 }),
});

export const disclosuresApi = apiApp();

disclosuresApi.openapi(
  apiRoute('disclosures:read', {
    method: 'get',
    path: '/',
    operationId: 'listDisclosures',
    summary: 'Danh sách nội dung công khai, mới nhất trước',
    tags,
    request: { query: ListQuery },
    responses: { 200: json(DisclosureListAnswer, 'Một trang danh sách'), ...errors(422) },
  }, { tokenInBatch: true }),
  async (c) => {
    const { status, category, page = 1 } = c.req.valid('query');
    const options = { statuses: status ? [status] : undefined, category: category || undefined };
    const [items, total] = await readWithToken(
      c,
      disclosureListQuery(c.env.DB, { ...options, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      disclosureCountQuery(c.env.DB, options),
    );
    return c.json({ items: items.map(present), page, pageSize: PAGE_SIZE, total }, 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/',
    operationId: 'createDisclosure',
    summary: 'Tạo nội dung công khai (và công khai ngay nếu publish = true)',
    description: 'Công khai ngay cần mã của tài khoản duyệt; tài khoản biên tập chỉ tạo bản nháp khi đơn vị bật duyệt bốn mắt.',
    tags,
    request: { body: jsonBody(DisclosureCreateSchema, CREATE_EXAMPLE) },
    responses: {
      201: { ...json(DisclosureAnswer, 'Đã tạo'), headers: { Location: { description: 'Địa chỉ API của nội dung vừa tạo', schema: { type: 'string' } } } },
      ...errors(400, 409, 413, 415, 422),
    },
    // createDisclosure writes one batch (insertDisclosure), nothing before it.
  }, { tokenGuarded: true }),
  async (c) => {
    const body = await readJson(c);
    const created = await act(c, (ctx) => createDisclosure(ctx, body));
    return c.json(present(created), 201, { Location: `/api/v1/disclosures/${created.id}` });
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:read', {
    method: 'get',
    path: '/{id}',
    operationId: 'getDisclosure',
    summary: 'Một nội dung công khai',
    tags,
    request: { params: IdParam },
    responses: { 200: json(DisclosureAnswer, 'Nội dung'), ...errors(404) },
  }, { tokenInBatch: true }),
  async (c) => {
    const [found] = await readWithToken(c, disclosureQuery(c.env.DB, c.req.valid('param').id));
    if (!found) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    return c.json(present(found), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'put',
    path: '/{id}',
    operationId: 'updateDisclosure',
    summary: 'Sửa nội dung (gửi kèm version đang sửa; nội dung đã công khai cần changeNote)',
    description:
      'Chỉ các trường được gửi thay đổi: trường không gửi giữ nguyên giá trị đang lưu; gửi null hoặc "" để xóa một trường không bắt buộc. ' +
      'Khi đơn vị bật duyệt bốn mắt, sửa nội dung đã công khai trả 202 với thay đổi chờ duyệt: trang công khai giữ bản cũ ' +
      'cho đến khi một người duyệt khác duyệt (POST …/revisions/{revisionId}/approve).',
    tags,
    request: { params: IdParam, body: jsonBody(DisclosureUpdateSchema, UPDATE_EXAMPLE) },
    responses: { 200: json(DisclosureAnswer, 'Đã lưu'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const [sent, stored] = await Promise.all([readJson(c), getDisclosure(c.env.DB, id)]);
    // Only the fields sent change (schema/core/fields.ts editOver); the use case still checks the version.
    const body = stored ? disclosureEditOver(stored, sent) : sent;
    const { live, pending } = await act(c, (ctx) => updateDisclosure(ctx, id, body));
    if (pending) return c.json(pending, 202, pendingAt(pending));
    return c.json(present(live), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/publish',
    operationId: 'publishDisclosure',
    summary: 'Công khai một bản nháp, hoặc công khai lại nội dung đã thu hồi',
    tags,
    request: { params: IdParam, body: jsonBody(PublishSchema, { version: 1 }) },
    responses: { 200: json(DisclosureAnswer, 'Đã công khai'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(present(await act(c, (ctx) => publishDisclosure(ctx, id, body))), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/attachments',
    operationId: 'attachFile',
    summary: `Đính kèm một tệp (PDF, ảnh PNG/JPEG, Word, Excel; tối đa ${MAX_ATTACHMENT_SIZE})`,
    description:
      'Loại tệp được kiểm tra theo nội dung tệp, không theo tên. Tệp của bản nháp chỉ công khai khi nội dung được công khai. ' +
      'Thêm tệp vào nội dung đã công khai là một lần sửa: cần người duyệt và trường changeNote (lý do, hiện trong lịch sử sửa đổi); ' +
      'khi đơn vị bật duyệt bốn mắt, tệp chờ một người duyệt khác (202).',
    tags,
    request: {
      params: IdParam,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: { type: 'string', contentMediaType: 'application/octet-stream', maxLength: MAX_ATTACHMENT_BYTES, description: 'Tệp đính kèm' },
                changeNote: { type: 'string', maxLength: 500, description: 'Lý do thêm tệp (bắt buộc khi nội dung đã công khai)' },
              },
            },
            example: { file: 'bao-cao-quyet-toan-2024.pdf', changeNote: 'Bổ sung bản scan có chữ ký' },
          },
        },
      },
    },
    responses: { 201: json(AttachmentAnswer, 'Đã đính kèm'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getDisclosure(c.env.DB, id))) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    if (!/^multipart\/form-data\b/i.test(c.req.header('content-type') ?? '')) {
      throw apiError(415, 'unsupported_media_type', 'Gửi tệp dạng multipart/form-data, trường "file".');
    }
    const body = await c.req.parseBody();
    const changeNote = typeof body.changeNote === 'string' ? body.changeNote : undefined;
    const { live, pending } = await act(c, (ctx) => attachFile(ctx, id, body.file, { changeNote }));
    if (pending) return c.json(pending, 202, pendingAt(pending));
    return c.json({ ...live, url: attachmentPath(live) }, 201);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/withdraw',
    operationId: 'withdrawDisclosure',
    summary: 'Thu hồi nội dung đang công khai (trang vẫn còn, ghi rõ lý do)',
    tags,
    request: {
      params: IdParam,
      body: jsonBody(WithdrawSchema, { version: 2, reason: 'Văn bản đã được thay thế bằng Quyết định số 20/QĐ-UBND' }),
    },
    description: 'Khi đơn vị bật duyệt bốn mắt, việc thu hồi trả 202 với thay đổi chờ duyệt, như một lần sửa: một người duyệt khác duyệt thì mới thu hồi.',
    responses: { 200: json(DisclosureAnswer, 'Đã thu hồi'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    const { live, pending } = await act(c, (ctx) => withdrawDisclosure(ctx, id, body));
    if (pending) return c.json(pending, 202, pendingAt(pending));
    return c.json(present(live), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:read', {
    method: 'get',
    path: '/{id}/attachments',
    operationId: 'listAttachments',
    summary: 'Mọi tệp của một nội dung, kể cả tệp chờ duyệt, đã rút, bị từ chối',
    tags,
    request: { params: IdParam },
    responses: { 200: json(itemsOf('AttachmentList', AttachmentStateAnswer), 'Danh sách tệp'), ...errors(404) },
  }, { tokenInBatch: true }),
  async (c) => {
    const { id } = c.req.valid('param');
    const [found, files] = await readWithToken(c, disclosureQuery(c.env.DB, id), attachmentListQuery(c.env.DB, id));
    if (!found) throw apiError(404, 'not_found', 'Không tìm thấy nội dung công khai này.');
    return c.json({ items: files.map(presentFile) }, 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/attachments/{attachmentId}/withdraw',
    operationId: 'withdrawAttachment',
    summary: 'Rút một tệp đính kèm (cần lý do; tệp không còn tải được, trang công khai ghi "Tệp đã rút")',
    description: 'Với nội dung đã công khai đây là một lần sửa (phiên bản mới, lý do hiện trong lịch sử); khi đơn vị bật duyệt bốn mắt, chờ một người duyệt khác (202).',
    tags,
    request: {
      params: IdParam_().merge(pathId('attachmentId', 'Mã tệp đính kèm')),
      body: jsonBody(AttachmentWithdrawSchema, { reason: 'Tải nhầm bản dự thảo; bản chính thức đã được đính kèm' }),
    },
    responses: { 200: json(AttachmentStateAnswer, 'Đã rút tệp'), 202: PENDING, ...errors(400, 403, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id, attachmentId } = c.req.valid('param');
    const body = await readJson(c);
    const { live, pending } = await act(c, (ctx) => withdrawAttachment(ctx, id, attachmentId, body));
    if (pending) return c.json(pending, 202, pendingAt(pending));
    return c.json(presentFile(live), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:read', {
    method: 'get',
    path: '/{id}/revisions/pending',
    operationId: 'getPendingRevision',
    summary: 'Thay đổi đang chờ duyệt của một nội dung (nếu có)',
    tags,
    request: { params: IdParam },
    responses: { 200: json(PendingRevisionAnswer, 'Thay đổi chờ duyệt'), ...errors(404) },
  }),
  async (c) => {
    const open = await openRevision(c.env.DB, c.req.valid('param').id);
    if (!open) throw apiError(404, 'not_found', 'Nội dung này không có thay đổi nào chờ duyệt.');
    return c.json(open, 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/revisions/{revisionId}/approve',
    operationId: 'approveRevision',
    summary: 'Duyệt thay đổi chờ duyệt: thay đổi lên trang công khai, phiên bản mới, lý do hiện trong lịch sử',
    description: 'Chỉ người duyệt khác người đề nghị thay đổi (403 review nếu là chính người đề nghị).',
    tags,
    request: { params: RevisionParams },
    responses: { 200: json(DisclosureAnswer, 'Đã duyệt, nội dung sau khi thay đổi'), ...errors(403, 404, 409, 422) },
  }),
  async (c) => {
    const { id, revisionId } = c.req.valid('param');
    return c.json(present(await act(c, (ctx) => approveRevision(ctx, id, revisionId))), 200);
  },
);

disclosuresApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/{id}/revisions/{revisionId}/reject',
    operationId: 'rejectRevision',
    summary: 'Từ chối thay đổi chờ duyệt (cần lý do); trang công khai không đổi',
    tags,
    request: { params: RevisionParams, body: jsonBody(RejectSchema, { reason: 'Số liệu chưa khớp với báo cáo 78/BC-UBND' }) },
    responses: { 200: json(PendingRevisionAnswer, 'Đã từ chối'), ...errors(400, 403, 404, 413, 415, 422) },
  }),
  async (c) => {
    const { id, revisionId } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => rejectRevision(ctx, id, revisionId, body)), 200);
  },
);

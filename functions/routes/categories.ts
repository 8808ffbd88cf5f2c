import { z } from '@hono/zod-openapi';
import { CategoryCreateSchema, CategoryEditSchema } from '../../schema/disclosure/category.ts';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { createCategory, deleteCategory, updateCategory } from '../../schema/disclosure/categories.use-cases.ts';
import { act } from '../act.ts';
import { CategoryAnswer, errors, itemsOf, json, jsonBody } from '../openapi.ts';
import { apiApp, apiRoute, readJson } from './api-helpers.ts';

/**
 * JSON API for the list of disclosure categories: /api/v1/categories. Everyone with a read
 * token reads it; changing it needs a write token of an approver (the use case checks the role).
 */

const tags: ['Công khai'] = ['Công khai'];
const slugParam = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,60}$/).openapi({ param: { name: 'slug', in: 'path' }, description: 'Mã nội dung công khai (không đổi)', example: 'ngan-sach' }),
});
const EDIT_EXAMPLE = {
  label: 'Dự toán, quyết toán và tình hình thực hiện ngân sách',
  description: 'Dự toán ngân sách, báo cáo thực hiện quý, 6 tháng, năm và quyết toán.',
  legalRef: 'Điều 11 Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15',
  lawClause: null,
  channelMinimums: { loudspeaker: 3 },
};

export const categoriesApi = apiApp();

categoriesApi.openapi(
  apiRoute('disclosures:read', {
    method: 'get',
    path: '/',
    operationId: 'listCategories',
    summary: 'Danh mục nội dung công khai (Điều 11 Luật 10/2022/QH15 và nội dung đơn vị thêm)',
    tags,
    responses: { 200: json(itemsOf('CategoryList', CategoryAnswer), 'Danh mục') },
  }),
  async (c) => c.json({ items: await listCategories(c.env.DB) }, 200),
);

categoriesApi.openapi(
  apiRoute('disclosures:write', {
    method: 'post',
    path: '/',
    operationId: 'createCategory',
    summary: 'Thêm một nội dung công khai vào danh mục (chỉ người duyệt)',
    description: 'Mã (slug) tạo từ tên nếu không gửi, và không đổi được về sau.',
    tags,
    request: { body: jsonBody(CategoryCreateSchema, { ...EDIT_EXAMPLE, label: 'Kết quả thực hiện hương ước, quy ước', slug: 'huong-uoc-quy-uoc', lawClause: null }) },
    responses: { 201: json(CategoryAnswer, 'Đã thêm'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => createCategory(ctx, body)), 201);
  },
);

categoriesApi.openapi(
  apiRoute('disclosures:write', {
    method: 'put',
    path: '/{slug}',
    operationId: 'updateCategory',
    summary: 'Sửa tên, mô tả, khoản, căn cứ, số ngày tối thiểu theo hình thức của một nội dung công khai (chỉ người duyệt; mã không đổi)',
    description: 'Không gửi channelMinimums thì giữ nguyên số ngày tối thiểu đang có; gửi {} thì bỏ mọi yêu cầu.',
    tags,
    request: { params: slugParam, body: jsonBody(CategoryEditSchema, EDIT_EXAMPLE) },
    responses: { 200: json(CategoryAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { slug } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => updateCategory(ctx, slug, body)), 200);
  },
);

categoriesApi.openapi(
  apiRoute('disclosures:write', {
    method: 'delete',
    path: '/{slug}',
    operationId: 'deleteCategory',
    summary: 'Xóa một nội dung công khai chưa có mục nào (chỉ người duyệt)',
    tags,
    request: { params: slugParam },
    responses: { 200: json(z.object({ deleted: z.literal(true) }), 'Đã xóa'), ...errors(404, 409, 422) },
  }),
  async (c) => {
    const { slug } = c.req.valid('param');
    await act(c, (ctx) => deleteCategory(ctx, slug));
    return c.json({ deleted: true as const }, 200);
  },
);

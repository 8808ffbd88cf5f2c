import { z } from '@hono/zod-openapi';
import { ConsultationCreateSchema, ConsultationSchema, ModerationSchema } from '../../schema/consultation/consultation.ts';
import { listConsultations } from '../../schema/consultation/consultations.db.ts';
import { createConsultation, moderateOpinion } from '../../schema/consultation/consultations.use-cases.ts';
import { act } from '../act.ts';
import { errors, itemsOf, json, jsonBody } from '../openapi.ts';
import { apiApp, apiRoute, pathId, readJson } from './api-helpers.ts';

/**
 * JSON API for consultations: /api/v1/consultations. Opinions are given by citizens on the
 * portal's form (POST /gop-y/<slug>), not here; an integrator can moderate them.
 */

const tags: ['Lấy ý kiến'] = ['Lấy ý kiến'];

// The stored record as answered; named once in components/schemas.
const ConsultationAnswer = ConsultationSchema.openapi('Consultation');
const OpinionAnswer = z
  .object({ id: z.number().int(), receipt: z.string(), status: z.enum(['pending', 'published', 'hidden']), publishedBody: z.string(), hideReason: z.string() })
  .openapi('OpinionModerated');

/** Posting this as it stands creates and publishes a consultation. */
const CREATE_EXAMPLE: z.input<typeof ConsultationCreateSchema> = {
  title: 'Lấy ý kiến dự thảo kế hoạch phát triển kinh tế - xã hội năm 2026',
  subject: 'socio_economic_plan',
  summary: 'Dự thảo kế hoạch phát triển kinh tế - xã hội năm 2026 của thị trấn.',
  opensOn: '2025-10-01',
  closesOn: '2025-10-30',
  channels: ['meeting', 'portal'],
  publish: true,
};

export const consultationsApi = apiApp();

consultationsApi.openapi(
  apiRoute('consultations:read', {
    method: 'get',
    path: '/',
    operationId: 'listConsultations',
    summary: 'Mọi nội dung lấy ý kiến, kể cả bản nháp, mới nhất trước',
    tags,
    responses: { 200: json(itemsOf('ConsultationList', ConsultationAnswer), 'Danh sách') },
  }),
  async (c) => c.json({ items: await listConsultations(c.env.DB) }, 200),
);

consultationsApi.openapi(
  apiRoute('consultations:write', {
    method: 'post',
    path: '/',
    operationId: 'createConsultation',
    summary: 'Tạo nội dung lấy ý kiến (công khai ngay nếu publish = true)',
    description: 'Khi hình thức có "portal" và đang trong thời gian lấy ý kiến, trang công khai có mẫu để người dân gửi ý kiến.',
    tags,
    request: { body: jsonBody(ConsultationCreateSchema, CREATE_EXAMPLE) },
    responses: { 201: json(ConsultationAnswer, 'Đã tạo'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => createConsultation(ctx, body)), 201);
  },
);

consultationsApi.openapi(
  apiRoute('consultations:write', {
    method: 'post',
    path: '/opinions/{id}/moderation',
    operationId: 'moderateOpinion',
    summary: 'Duyệt một ý kiến người dân: đăng (đã bỏ thông tin cá nhân) hoặc không đăng (kèm lý do)',
    tags,
    request: {
      params: pathId('id', 'Mã ý kiến'),
      body: jsonBody(ModerationSchema, { decision: 'publish', publishedBody: 'Đề nghị làm đường bê tông ở tổ 3 trước mùa mưa.', showName: false }),
    },
    responses: { 200: json(OpinionAnswer, 'Đã duyệt'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    const o = await act(c, (ctx) => moderateOpinion(ctx, id, body));
    return c.json({ id: o.id, receipt: o.receipt, status: o.status, publishedBody: o.publishedBody, hideReason: o.hideReason }, 200);
  },
);

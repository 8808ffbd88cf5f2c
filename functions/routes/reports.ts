import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import {
  REPORT_STATUSES,
  ReportDraftUpdateSchema,
  ReportPeriodSchema,
  reportFileName,
  ReportFiguresSchema,
  ReportTextSchema,
  StoredReportPeriodSchema,
  type ReportDraft,
  type ReportFigures,
} from '../../schema/report/democracy-report.ts';
import { computeReportFigures, findReportForPeriod, getReport, listReports } from '../../schema/report/democracy-reports.db.ts';
import { getDisclosure } from '../../schema/disclosure/disclosures.db.ts';
import { getUnitOn } from '../../schema/unit/unit-names.db.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { reportDocx } from '../../schema/report/report-docx.ts';
import { provinceOf } from '../../schema/province/commune-registry.ts';
import { codesOf } from '../../schema/core/codes.ts';
import { createReport, draftText, offeredText, publishReport, updateReport } from '../../schema/report/democracy-reports.use-cases.ts';
import { parseInput } from '../../schema/core/validation.ts';
import { act } from '../act.ts';
import { errors, itemsOf, json, jsonBody } from '../openapi.ts';
import { apiApp, apiRoute, pathId, readJson } from './api-helpers.ts';

/**
 * JSON API for the periodic report on grassroots democracy: /api/v1/reports. The figures of a
 * period (each with its source) and its draft as a Word file are read; drafts are made, edited
 * and published through the same use cases as the admin.
 */

const tags: ['Báo cáo'] = ['Báo cáo'];

const ReportAnswer = ReportTextSchema.extend({
  id: z.number().int(),
  period: StoredReportPeriodSchema,
  status: z.enum(codesOf(REPORT_STATUSES)),
  version: z.number().int(),
  disclosureId: z.number().int().nullable().meta({ description: 'Nội dung công khai (loại BC) khi báo cáo đã công khai' }),
  figures: ReportFiguresSchema.nullable().meta({ description: 'Số liệu đã chốt lúc công khai; null khi còn là bản nháp' }),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi('Report');
const FiguresAnswer = ReportFiguresSchema.openapi('ReportFigures');

const answer = (r: ReportDraft) => {
  const { lastEditorId: _editor, ...rest } = r;
  return rest;
};

/** A period in the query: `?kind=half&year=2024&number=1` (dates optional: the whole period). */
const PeriodQuery = z.object({
  kind: z.enum(['half', 'year']).openapi({ description: 'half: 6 tháng; year: năm', example: 'half' }),
  year: z.string().openapi({ description: 'Năm', example: '2024' }),
  number: z.string().optional().openapi({ description: 'Kỳ: 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm); báo cáo năm: 1', example: '1' }),
  from: z.string().optional().openapi({ description: 'Số liệu từ ngày (mặc định: đầu kỳ)', example: '2024-01-01' }),
  to: z.string().optional().openapi({ description: 'Số liệu đến ngày (mặc định: cuối kỳ)', example: '2024-06-30' }),
});

const CREATE_EXAMPLE = { kind: 'half' as const, year: 2025, number: 2, from: '2025-07-01', to: '2025-12-15' };
const UPDATE_EXAMPLE = { version: 1, documentNumber: '95/BC-UBND', leadership: 'Ủy ban nhân dân đã ban hành kế hoạch thực hiện dân chủ ở cơ sở năm 2025.' };

export const reportsApi = apiApp();

reportsApi.openapi(
  apiRoute('reports:read', {
    method: 'get',
    path: '/figures',
    operationId: 'getReportFigures',
    summary: 'Số liệu của báo cáo thực hiện dân chủ ở cơ sở cho một kỳ, mỗi số kèm nguồn',
    description: 'Số liệu cổng chưa có là null (không phải 0).',
    tags,
    request: { query: PeriodQuery },
    responses: { 200: json(FiguresAnswer, 'Số liệu'), ...errors(422) },
  }),
  async (c) => {
    const period = parseInput(ReportPeriodSchema, c.req.valid('query'));
    return c.json(await computeReportFigures(c.env.DB, period, await draftText(c.env.DB, period, provinceOf().name)), 200);
  },
);

reportsApi.openapi(
  apiRoute('reports:read', {
    method: 'get',
    path: '/docx',
    operationId: 'getReportDocx',
    summary: 'Bản Word (DOCX) của báo cáo một kỳ, theo thể thức Nghị định 30/2020/NĐ-CP',
    description: 'Dùng phần nhận định của bản nháp đã lưu cho kỳ này (nếu có); số liệu tính tại thời điểm gọi, hoặc số liệu đã chốt nếu báo cáo đã công khai.',
    tags,
    request: { query: PeriodQuery },
    responses: {
      200: {
        description: 'Tệp Word',
        content: { 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errors(422),
    },
  }),
  async (c) => {
    const period = parseInput(ReportPeriodSchema, c.req.valid('query'));
    const stored = await findReportForPeriod(c.env.DB, period);
    return (await reportDocxResponse(c, stored ?? { ...(await offeredText(c.env.DB, period, provinceOf().name)), period })) as never;
  },
);

reportsApi.openapi(
  apiRoute('reports:read', {
    method: 'get',
    path: '/',
    operationId: 'listReports',
    summary: 'Các báo cáo đã lập (bản nháp và đã công khai)',
    tags,
    responses: { 200: json(itemsOf('ReportList', ReportAnswer), 'Danh sách') },
  }),
  async (c) => c.json({ items: (await listReports(c.env.DB)).map(answer) }, 200),
);

reportsApi.openapi(
  apiRoute('reports:write', {
    method: 'post',
    path: '/',
    operationId: 'createReport',
    summary: 'Lập bản nháp báo cáo cho một kỳ (nội dung chép từ báo cáo kỳ trước, nếu có)',
    tags,
    request: { body: jsonBody(ReportPeriodSchema, CREATE_EXAMPLE) },
    responses: { 201: json(ReportAnswer, 'Đã lập'), ...errors(400, 409, 413, 415, 422) },
  }),
  async (c) => {
    const body = await readJson(c);
    return c.json(answer(await act(c, (ctx) => createReport(ctx, body, provinceOf().name))), 201);
  },
);

reportsApi.openapi(
  apiRoute('reports:write', {
    method: 'put',
    path: '/{id}',
    operationId: 'updateReport',
    summary: 'Sửa phần nhận định, số ký hiệu, nơi nhận của bản nháp (gửi kèm version đang sửa)',
    tags,
    request: { params: pathId('id', 'Mã báo cáo'), body: jsonBody(ReportDraftUpdateSchema, UPDATE_EXAMPLE) },
    responses: { 200: json(ReportAnswer, 'Đã lưu'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    return c.json(answer(await act(c, (ctx) => updateReport(ctx, id, body))), 200);
  },
);

reportsApi.openapi(
  apiRoute('reports:write', {
    method: 'post',
    path: '/{id}/publish',
    operationId: 'publishReport',
    summary: 'Công khai báo cáo: chốt số liệu, đăng thành nội dung công khai loại BC (người duyệt; quy tắc hai người)',
    tags,
    request: { params: pathId('id', 'Mã báo cáo'), body: jsonBody(z.object({ version: z.number().int(), category: z.string() }), { version: 2, category: 'thong-tin-khac' }) },
    responses: { 200: json(ReportAnswer, 'Đã công khai'), ...errors(400, 404, 409, 413, 415, 422) },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = await readJson(c);
    const published = await act(c, (ctx) => publishReport(ctx, id, body));
    return c.json(answer((await getReport(c.env.DB, published.id)) ?? published), 200);
  },
);

/**
 * The Word file of a report, stored or not (the API's and the admin's download): its frozen
 * figures once published, else the figures as they are now. The header names the committee as it
 * is called on the report's date — the published report's issue date, else today in Vietnam — as
 * the published report's issuer does: a rename planned for a later date does not show early.
 */
export async function reportDocxResponse(
  c: Context<AppEnv>,
  report: Parameters<typeof reportDocx>[0] & { figures?: ReportFigures | null; disclosureId?: number | null },
): Promise<Response> {
  const published = report.disclosureId ? await getDisclosure(c.env.DB, report.disclosureId) : null;
  const reportDate = published?.issuedOn ?? todayInVietnam();
  const [figures, unit] = await Promise.all([report.figures ?? computeReportFigures(c.env.DB, report.period, report), getUnitOn(c.env.DB, reportDate)]);
  const bytes = await reportDocx(report, figures, { unit, registryProvince: provinceOf().name, baseUrl: unit?.publicBaseUrl || new URL(c.req.url).origin, date: { on: reportDate, issued: Boolean(published) } });
  return new Response(bytes, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Content-Disposition': `attachment; filename="${reportFileName(report.period)}"`,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

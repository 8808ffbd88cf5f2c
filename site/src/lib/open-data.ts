import Papa from 'papaparse';
import { z } from 'zod';
import { DisclosureSchema } from '../../../schema/disclosure.ts';
import { CategorySchema } from '../../../schema/category.ts';
import { periodKey, periodLabel } from '../../../schema/period.ts';
import { PROCEDURE_COLUMN_KEYS, PROCEDURE_COLUMNS, ProcedureRowSchema } from '../../../schema/procedure-stats.ts';
import type { PortalData } from './portal-data.ts';

/**
 * The open-data sets of /du-lieu/: each is built from the same zod schema that validates
 * its input, so the published JSON Schema and the files always agree.
 */

export interface Field {
  name: string;
  description: string;
}

export interface Dataset {
  key: string;
  title: string;
  description: string;
  schema: z.ZodType;
  fields: Field[];
  rows(data: PortalData): Record<string, unknown>[];
}

const PublicDisclosureSchema = DisclosureSchema.omit({ version: true, createdAt: true, lastEditorId: true });

const SessionRowSchema = z.object({
  date: z.string().meta({ description: 'Ngày tiếp (YYYY-MM-DD, giờ Việt Nam)' }),
  startTime: z.string(),
  endTime: z.string(),
  kind: z.enum(['regular', 'unscheduled', 'joint']),
  status: z.enum(['scheduled', 'cancelled', 'moved']),
  place: z.string(),
  hostTitle: z.string(),
  hostName: z.string(),
  originalDate: z.string().optional(),
  reason: z.string().optional(),
  lateChange: z.boolean(),
});

const ProcedureDataRowSchema = ProcedureRowSchema.extend({ period: z.string(), periodLabel: z.string() });

export const DATASETS: Dataset[] = [
  {
    key: 'cong-khai',
    title: 'Nội dung công khai',
    description: 'Mọi nội dung đã công khai hoặc đã thu hồi, mới nhất trước.',
    schema: PublicDisclosureSchema,
    fields: [
      { name: 'id', description: 'Mã nội dung' },
      { name: 'slug', description: 'Phần cuối của địa chỉ trang /cong-khai/<slug>/' },
      { name: 'title', description: 'Tiêu đề' },
      { name: 'category', description: 'Mã lĩnh vực (xem tệp linh-vuc)' },
      { name: 'documentNumber', description: 'Số, ký hiệu văn bản, ví dụ 28/KH-UBND' },
      { name: 'documentType', description: 'Loại văn bản theo ký hiệu (KH, BC, QĐ…; CV là công văn)' },
      { name: 'issuedOn', description: 'Ngày ban hành (YYYY-MM-DD)' },
      { name: 'issuer', description: 'Cơ quan ban hành' },
      { name: 'summary', description: 'Tóm tắt' },
      { name: 'body', description: 'Nội dung đầy đủ' },
      { name: 'channels', description: 'Hình thức công khai (mã, phân cách bằng dấu chấm phẩy trong CSV)' },
      { name: 'postingStart', description: 'Ngày bắt đầu niêm yết' },
      { name: 'postingEnd', description: 'Ngày kết thúc niêm yết (trống nếu công khai thường xuyên)' },
      { name: 'permanent', description: 'Công khai thường xuyên' },
      { name: 'status', description: 'published (đang công khai) hoặc withdrawn (đã thu hồi)' },
      { name: 'publishedAt', description: 'Thời điểm đăng lên cổng (UTC)' },
      { name: 'withdrawalReason', description: 'Lý do thu hồi' },
    ],
    rows: (d) => d.disclosures.map((x) => PublicDisclosureSchema.parse(x)),
  },
  {
    key: 'linh-vuc',
    title: 'Lĩnh vực công khai',
    description: 'Danh mục lĩnh vực theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.',
    schema: CategorySchema,
    fields: [
      { name: 'slug', description: 'Mã lĩnh vực' },
      { name: 'label', description: 'Tên lĩnh vực' },
      { name: 'legalRef', description: 'Căn cứ pháp lý' },
      { name: 'sortOrder', description: 'Thứ tự hiển thị' },
    ],
    rows: (d) => d.categories.map((c) => CategorySchema.parse(c)),
  },
  {
    key: 'lich-tiep-cong-dan',
    title: 'Lịch tiếp công dân',
    description: 'Các buổi tiếp công dân từ đầu kỳ lưu trữ đến một năm tới, kể cả buổi đã hủy hoặc đã dời.',
    schema: SessionRowSchema,
    fields: [
      { name: 'date', description: 'Ngày tiếp (YYYY-MM-DD)' },
      { name: 'startTime', description: 'Giờ bắt đầu (giờ Việt Nam)' },
      { name: 'endTime', description: 'Giờ kết thúc' },
      { name: 'kind', description: 'regular (định kỳ), unscheduled (đột xuất), joint (phối hợp)' },
      { name: 'status', description: 'scheduled (theo lịch), cancelled (đã hủy), moved (đã dời)' },
      { name: 'place', description: 'Địa điểm' },
      { name: 'hostTitle', description: 'Chức vụ người tiếp' },
      { name: 'hostName', description: 'Họ tên người tiếp (nếu công bố)' },
      { name: 'originalDate', description: 'Ngày theo lịch ban đầu, nếu buổi tiếp bị dời' },
      { name: 'reason', description: 'Lý do hủy, dời hoặc đổi người tiếp' },
      { name: 'lateChange', description: 'Thay đổi dưới 5 ngày làm việc trước buổi tiếp' },
    ],
    rows: (d) => d.reception.sessions.map((s) => SessionRowSchema.parse(s)),
  },
  {
    key: 'thu-tuc-hanh-chinh',
    title: 'Kết quả giải quyết thủ tục hành chính',
    description: 'Mỗi dòng là một lĩnh vực trong một kỳ báo cáo (mẫu Biểu 06/VPCP/KSTT).',
    schema: ProcedureDataRowSchema,
    fields: [
      { name: 'period', description: 'Mã kỳ: 2024-h1 (6 tháng đầu năm), 2024-q3 (quý), 2024-m03 (tháng), 2024 (năm)' },
      { name: 'periodLabel', description: 'Tên kỳ' },
      { name: 'field', description: 'Lĩnh vực' },
      ...PROCEDURE_COLUMN_KEYS.map((k) => ({ name: k, description: PROCEDURE_COLUMNS[k] })),
    ],
    rows: (d) => d.procedureReports.flatMap((r) => r.rows.map((row) => ProcedureDataRowSchema.parse({ period: periodKey(r.period), periodLabel: periodLabel(r.period), ...row }))),
  },
];

/** CSV with BOM and CRLF (Excel shows Vietnamese correctly); arrays are joined with ";". */
export function toCsv(dataset: Dataset, rows: Record<string, unknown>[]): string {
  const names = dataset.fields.map((f) => f.name);
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : v === undefined || v === null ? '' : String(v));
  return `\uFEFF${Papa.unparse([names, ...rows.map((r) => names.map((n) => cell(r[n])))], { newline: '\r\n' })}\r\n`;
}

export function jsonSchemaOf(dataset: Dataset): unknown {
  return { title: dataset.title, description: dataset.description, type: 'array', items: z.toJSONSchema(dataset.schema, { io: 'output', unrepresentable: 'any' }) };
}

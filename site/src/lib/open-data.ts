import { z } from '../../../schema/core/zod.ts';
import { DisclosureSchema, MIN_POSTING_DAYS, PLAN_STATUSES } from '../../../schema/disclosure/disclosure.ts';
import { CategorySchema } from '../../../schema/disclosure/category.ts';
import { csvFile, type CsvCell } from '../../../schema/core/csv.ts';
import { periodKey, periodLabel } from '../../../schema/statistics/period.ts';
import { PROCEDURE_COLUMNS, ProcedureRowSchema } from '../../../schema/statistics/procedure-stats.ts';
import {
  correctionLine,
  NOT_RECORDED,
  NOTICE_WORKING_DAYS,
  SESSION_KIND_CODES,
  SESSION_KINDS,
  SESSION_STATUS_CODES,
  STATUS_LABELS,
  type Session,
} from '../../../schema/reception/reception.ts';
import { PROVISIONAL_LABEL } from '../../../schema/calendar/holidays.ts';
import { DEMO_MARK } from '../../../schema/unit/unit.ts';
import type { PortalData } from './portal-data.ts';
import {
  ConsultationRowSchema,
  ConsultationThemeRowSchema,
  consultationDatasetRows,
  CONSULTATION_COLUMNS,
  OpinionRowSchema,
  OPINION_COLUMNS,
  THEME_COLUMNS,
} from './consultation-data.ts';
import { COMMUNITY_DATASETS } from './community-datasets.ts';
import { dataset, type Dataset } from './dataset.ts';

/**
 * The open-data sets of /du-lieu/: each is built from the same zod schema that validates
 * its input, so the published JSON Schema and the files always agree. A dataset has one
 * column list: the JSON rows carry exactly those keys (null where a value is unknown), the
 * CSV exactly those columns in the same order (an empty cell where the JSON has null), and
 * the JSON Schema describes them with the same descriptions.
 */

export type { Dataset } from './dataset.ts';

/** Column names in file order. */
export const columnNames = (d: Dataset): string[] => Object.keys(d.columns);

/** The rows as both files carry them: exactly the dataset's columns, in order, null where unknown. */
export function records(d: Dataset, data: PortalData): Record<string, unknown>[] {
  const names = columnNames(d);
  return d.rows(data).map((row: Record<string, unknown>) => Object.fromEntries(names.map((n) => [n, row[n] ?? null])));
}

const PublicDisclosureSchema = DisclosureSchema.omit({ version: true, createdAt: true, lastEditorId: true });

const SessionRowSchema = z.object({
  date: z.string(),
  // Null while the rule gives no hours or place (issue 12): an empty CSV cell, null in JSON.
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  kind: z.enum(SESSION_KIND_CODES),
  status: z.enum(SESSION_STATUS_CODES),
  place: z.string().nullable(),
  hostTitle: z.string(),
  hostName: z.string(),
  originalDate: z.string().optional(),
  reason: z.string().optional(),
  lateChange: z.boolean(),
  provisional: z.boolean(),
  record: z.enum(['held', 'not_held', 'unrecorded']).nullable(),
  heldBy: z.string().nullable(),
  citizensReceived: z.number().int().nullable(),
  corrections: z.array(z.string()),
  dataMark: z.literal(DEMO_MARK).nullable(),
});

/**
 * A session as a row: the announcement as it was, what was recorded after the day (a past
 * session nobody recorded is "unrecorded", never "held"), its corrections beside it, and the
 * demo mark while the unit's data is an illustration.
 */
const sessionRow = (s: Session, today: string, demo: boolean): z.output<typeof SessionRowSchema> =>
  SessionRowSchema.parse({
    ...s,
    record: s.record ? (s.record.held ? 'held' : 'not_held') : s.date < today && s.status !== 'cancelled' ? 'unrecorded' : null,
    heldBy: s.record?.held ? [s.record.heldByName, s.record.heldByTitle].filter(Boolean).join(', ') || null : null,
    citizensReceived: s.record?.citizensReceived ?? null,
    corrections: s.corrections.map(correctionLine),
    dataMark: demo ? DEMO_MARK : null,
  });

const ReportFigureRowSchema = z.object({
  documentNumber: z.string(),
  periodLabel: z.string(),
  from: z.string(),
  to: z.string(),
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  sourcePath: z.string(),
});

const ProcedureDataRowSchema = ProcedureRowSchema.extend({ period: z.string(), periodLabel: z.string() });

/**
 * Every dataset ends with `demoData`: true on every row while the unit shows illustrative data
 * (the "Dữ liệu minh họa" setting of /admin/don-vi), false otherwise. A column rather than file
 * metadata, so the CSV carries it too and a row copied out of the file still says it.
 */
function withDemoColumn(d: Dataset): Dataset {
  return {
    ...d,
    schema: d.schema.extend({ demoData: z.boolean() }),
    columns: { ...d.columns, demoData: 'Dữ liệu minh họa: true khi cổng đang hiển thị dữ liệu minh họa, không phải thông tin chính thức' },
    rows: (data) => {
      const demoData = data.unit?.demoData ?? false;
      return d.rows(data).map((row: Record<string, unknown>) => ({ ...row, demoData }));
    },
  };
}

export const DATASETS: Dataset[] = [
  dataset({
    key: 'cong-khai',
    title: 'Nội dung công khai',
    description: 'Mọi nội dung đã công khai hoặc đã thu hồi, mới nhất trước.',
    schema: PublicDisclosureSchema,
    columns: {
      id: 'Mã nội dung',
      slug: 'Phần cuối của địa chỉ trang /cong-khai/<slug>/',
      title: 'Tiêu đề',
      category: 'Mã nội dung công khai theo Điều 11 (xem tệp linh-vuc)',
      documentNumber: 'Số, ký hiệu văn bản, ví dụ 28/KH-UBND',
      documentType: 'Loại văn bản theo ký hiệu (KH, BC, QĐ…; CV là công văn)',
      issuedOn: 'Ngày ban hành (YYYY-MM-DD)',
      issuer: 'Cơ quan ban hành',
      summary: 'Tóm tắt',
      body: 'Nội dung đầy đủ',
      channels: 'Hình thức công khai (mã, phân cách bằng dấu chấm phẩy trong CSV)',
      postingStart: 'Ngày bắt đầu niêm yết',
      postingEnd: 'Ngày kết thúc niêm yết (trống nếu công khai thường xuyên)',
      permanent: 'Công khai thường xuyên',
      shortPostingReason: `Căn cứ pháp lý khi niêm yết dưới ${MIN_POSTING_DAYS} ngày`,
      shortPostingGround: 'Loại căn cứ khi niêm yết ngắn hạn: specific_law, superior_deadline, event_date, other; trống nếu không áp dụng',
      channelDetails: 'Ngày bắt đầu, kết thúc và nơi niêm yết của từng hình thức (JSON theo mã hình thức)',
      periodLabel: 'Thời kỳ của kế hoạch, báo cáo (ví dụ "Năm 2024")',
      recordedAfter: 'true: nhập lên cổng sau để ghi nhận việc công khai đã làm trước đó (ngày đưa lên cổng không phải ngày công khai)',
      postedPeriod: 'Thời gian công khai thực tế khi không rõ ngày (ví dụ "6 tháng đầu năm 2024")',
      planStatusOn: 'Ngày cập nhật tình trạng kế hoạch (trống nếu chưa cập nhật)',
      planStatus: `Tình trạng kế hoạch: ${Object.entries(PLAN_STATUSES).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', ')}; trống nếu không phải kế hoạch`,
      cites: 'Số, ký hiệu các văn bản được trích dẫn (phân cách bằng dấu chấm phẩy trong CSV)',
      status: 'published (đang công khai) hoặc withdrawn (đã thu hồi)',
      publishedAt: 'Thời điểm đăng lên cổng (UTC)',
      updatedAt: 'Thời điểm sửa đổi gần nhất (UTC)',
      withdrawnAt: 'Thời điểm thu hồi (UTC; trống nếu chưa thu hồi)',
      withdrawalReason: 'Lý do thu hồi',
      channelMinimums: 'Số ngày liên tục tối thiểu theo hình thức áp dụng cho nội dung này, theo danh mục lúc công khai (JSON, ví dụ {"loudspeaker":3})',
    },
    rows: (d) => d.disclosures.map((x) => PublicDisclosureSchema.parse(x)),
  }),
  dataset({
    key: 'linh-vuc',
    title: 'Danh mục nội dung công khai',
    description: 'Các nội dung công khai theo Điều 11 Luật Thực hiện dân chủ ở cơ sở.',
    schema: CategorySchema,
    columns: {
      slug: 'Mã nội dung công khai',
      label: 'Tên nội dung công khai',
      legalRef: 'Căn cứ pháp lý',
      lawClause: 'Khoản của Điều 11 Luật 10/2022/QH15 (trống nếu chưa đối chiếu hoặc là nội dung do đơn vị thêm)',
      description: 'Mô tả',
      channelMinimums: 'Số ngày liên tục tối thiểu theo hình thức (JSON, ví dụ {"loudspeaker":3})',
      sortOrder: 'Thứ tự hiển thị',
    },
    rows: (d) => d.categories.map((c) => CategorySchema.parse(c)),
  }),
  dataset({
    key: 'lich-tiep-cong-dan',
    title: 'Lịch tiếp công dân',
    description: 'Các buổi tiếp công dân từ đầu kỳ lưu trữ đến một năm tới, kể cả buổi đã hủy hoặc đã dời.',
    schema: SessionRowSchema,
    columns: {
      date: 'Ngày tiếp (YYYY-MM-DD, giờ Việt Nam)',
      startTime: 'Giờ bắt đầu (giờ Việt Nam; trống nếu chưa có thông tin)',
      endTime: 'Giờ kết thúc (trống nếu chưa có thông tin)',
      kind: Object.entries(SESSION_KINDS).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', '),
      status: Object.entries(STATUS_LABELS).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', '),
      place: 'Địa điểm (trống nếu chưa có thông tin)',
      hostTitle: 'Chức vụ người tiếp',
      hostName: 'Họ tên người tiếp (nếu công bố)',
      originalDate: 'Ngày theo lịch ban đầu, nếu buổi tiếp bị dời',
      reason: 'Lý do hủy, dời hoặc đổi người tiếp',
      lateChange: `Thay đổi dưới ${NOTICE_WORKING_DAYS} ngày làm việc trước buổi tiếp`,
      provisional: `Ngày nghỉ của năm đó là ${PROVISIONAL_LABEL} (tính theo mặc định, chưa có danh sách chính thức)`,
      record: `Ghi nhận sau buổi tiếp: held (đã tiếp), not_held (không diễn ra), unrecorded (${NOT_RECORDED}); trống nếu buổi tiếp chưa đến hoặc đã hủy trước`,
      heldBy: 'Người đã tiếp, nếu khác người theo lịch (trống: đúng lịch hoặc chưa ghi nhận)',
      citizensReceived: 'Số lượt công dân được tiếp (trống: chưa có số liệu, không phải 0)',
      corrections: 'Các đính chính công bố bên cạnh thông báo ban đầu ("Đính chính ngày …: …"; phân cách bằng dấu chấm phẩy trong CSV)',
      dataMark: `"${DEMO_MARK}" khi dữ liệu của đơn vị là dữ liệu minh họa, không phải thông tin chính thức; trống nếu không`,
    },
    rows: (d) => d.reception.sessions.map((s) => sessionRow(s, d.today, d.unit.demoData)),
  }),
  dataset({
    key: 'thu-tuc-hanh-chinh',
    title: 'Kết quả giải quyết thủ tục hành chính',
    description: 'Mỗi dòng là một lĩnh vực trong một kỳ báo cáo (mẫu Biểu 06/VPCP/KSTT).',
    schema: ProcedureDataRowSchema,
    columns: {
      period: 'Mã kỳ: 2024-h1 (6 tháng đầu năm), 2024-q3 (quý), 2024-m03 (tháng), 2024 (năm)',
      periodLabel: 'Tên kỳ',
      field: 'Lĩnh vực',
      ...PROCEDURE_COLUMNS,
    },
    rows: (d) => d.procedureReports.flatMap((r) => r.rows.map((row) => ProcedureDataRowSchema.parse({ period: periodKey(r.period), periodLabel: periodLabel(r.period), ...row }))),
  }),
  dataset({
    key: 'bao-cao-so-lieu',
    title: 'Số liệu các báo cáo thực hiện dân chủ ở cơ sở',
    description: 'Mỗi số liệu của mỗi báo cáo 6 tháng, năm đã công khai, như lúc công khai, kèm trang nguồn; ô trống là chưa có số liệu.',
    schema: ReportFigureRowSchema,
    columns: {
      documentNumber: 'Số, ký hiệu của báo cáo',
      periodLabel: 'Kỳ báo cáo',
      from: 'Số liệu từ ngày (YYYY-MM-DD)',
      to: 'Số liệu đến ngày (YYYY-MM-DD)',
      key: 'Mã số liệu, ví dụ procedures.receivedTotal',
      label: 'Tên số liệu',
      value: 'Giá trị (trống: chưa có số liệu, không phải 0)',
      sourcePath: 'Trang nguồn trên cổng',
    },
    rows: (data) =>
      data.disclosures.flatMap((d) => {
        const f = data.reportFigures.get(d.id);
        if (!f) return [];
        const all = [f.disclosures.total, ...f.decisions.figures, ...f.consultations.figures, ...f.supervision.figures, ...f.procedures.figures, ...f.reception.figures, ...f.petitions.figures, ...(f.agency?.figures ?? [])];
        return all.map((x) => ({ documentNumber: d.documentNumber, periodLabel: f.periodLabel, from: f.period.from, to: f.period.to, key: x.key, label: x.label, value: x.value, sourcePath: x.source.path }));
      }),
  }),
  dataset({
    key: 'lay-y-kien',
    title: 'Lấy ý kiến Nhân dân',
    description: 'Những nội dung đã công khai để lấy ý kiến Nhân dân (Điều 25–29 Luật Thực hiện dân chủ ở cơ sở), với số ý kiến.',
    schema: ConsultationRowSchema,
    columns: CONSULTATION_COLUMNS,
    rows: (d) => consultationDatasetRows(d.consultations).consultations,
  }),
  dataset({
    key: 'lay-y-kien-ket-qua',
    title: 'Kết quả tiếp thu, giải trình ý kiến Nhân dân',
    description: 'Mỗi dòng là một nhóm ý kiến của một đợt lấy ý kiến đã công bố kết quả.',
    schema: ConsultationThemeRowSchema,
    columns: THEME_COLUMNS,
    rows: (d) => consultationDatasetRows(d.consultations).themes,
  }),
  dataset({
    key: 'y-kien',
    title: 'Ý kiến Nhân dân đã đăng',
    description: 'Ý kiến gửi trên cổng đã được cán bộ duyệt đăng (đã bỏ thông tin cá nhân). Không có số điện thoại, thư điện tử hay ý kiến không đăng.',
    schema: OpinionRowSchema,
    columns: OPINION_COLUMNS,
    rows: (d) => consultationDatasetRows(d.consultations).opinions,
  }),
  ...COMMUNITY_DATASETS,
].map(withDemoColumn);

/** CSV with BOM and CRLF (Excel shows Vietnamese correctly); arrays are joined with ";", null is an empty cell. */
export function toCsv(dataset: Dataset, rows: Record<string, unknown>[]): string {
  const names = columnNames(dataset);
  const cell = (v: unknown): CsvCell =>
    Array.isArray(v) ? v.join(';') : v === undefined || v === null ? '' : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return csvFile([names, ...rows.map((r) => names.map((n) => cell(r[n])))]);
}

/**
 * The JSON Schema of a dataset's file: an array of rows with every column required, in the
 * columns' order, described as on /du-lieu/; a field zod leaves optional is null when unknown.
 */
export function jsonSchemaOf(dataset: Dataset): unknown {
  const shape = dataset.schema.shape as Record<string, z.ZodType>;
  const row = z.object(
    Object.fromEntries(
      Object.entries(dataset.columns).map(([name, description]) => {
        const field = shape[name]!;
        return [name, (field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType).nullable() : field).meta({ description })];
      }),
    ),
  );
  return { title: dataset.title, description: dataset.description, type: 'array', items: z.toJSONSchema(row, { io: 'output', unrepresentable: 'any' }) };
}

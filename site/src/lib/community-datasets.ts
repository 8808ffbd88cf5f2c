import { z } from '../../../schema/zod.ts';
import { DECISION_FORMS, DECISION_MATTERS, DECISION_PATHS, DecisionSchema, SCOPES, VOTER_UNITS, voteVerdict } from '../../../schema/decision.ts';
import { ACTIVITY_KINDS, ActivitySchema, BOARD_KINDS, BoardSchema } from '../../../schema/supervision.ts';
import { dataset, type Dataset } from './dataset.ts';

/**
 * The open-data sets of decisions by the people and of supervision, for /du-lieu/ (open-data.ts
 * lists them with the others). Unknown numbers and dates are null in JSON, empty in CSV.
 */

const codes = (labels: Record<string, string>) => Object.entries(labels).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', ');
const STATE = { version: true, createdAt: true, lastEditorId: true } as const;

// The verdict as the page states it (schema/decision.ts voteVerdict), so a reader of the file needs no rule of their own.
const DecisionRow = DecisionSchema.omit(STATE).extend({
  result: z.string(),
  turnoutPercent: z.number().nullable(),
  sharePercent: z.number().nullable(),
  quorumMet: z.boolean().nullable(),
  thresholdMet: z.boolean().nullable(),
});
const BoardRow = BoardSchema.omit(STATE).extend({ members: z.string() });
const ActivityRow = ActivitySchema.omit(STATE);

/** The state columns every set carries: a withdrawn record keeps its row, with when and why. */
const published = {
  slug: 'Phần cuối của địa chỉ trang',
  publishedAt: 'Thời điểm đăng lên cổng (UTC)',
  updatedAt: 'Thời điểm sửa đổi gần nhất (UTC)',
  status: 'Trạng thái: published (đang công khai), withdrawn (đã thu hồi)',
  withdrawnAt: 'Thời điểm thu hồi (UTC); trống nếu chưa thu hồi',
  withdrawalReason: 'Lý do thu hồi; trống nếu chưa thu hồi',
};

export const COMMUNITY_DATASETS: Dataset[] = [
  dataset({
    key: 'nhan-dan-quyet-dinh',
    title: 'Nhân dân bàn và quyết định',
    description: 'Những việc Nhân dân đã bàn và quyết định, mới nhất trước; số liệu chưa rõ để trống.',
    schema: DecisionRow,
    columns: {
      id: 'Mã nội dung',
      ...published,
      title: 'Tên nội dung',
      matter: `Loại nội dung: ${codes(DECISION_MATTERS)}`,
      path: `Cách quyết định: ${codes(DECISION_PATHS)}; trống nếu theo loại nội dung`,
      scope: `Phạm vi: ${codes(SCOPES)}; trống nếu chưa rõ`,
      places: 'Tên các thôn, tổ dân phố (phân cách bằng dấu chấm phẩy trong CSV)',
      form: `Hình thức: ${codes(DECISION_FORMS)}`,
      heldFrom: 'Ngày bắt đầu (YYYY-MM-DD)',
      heldTo: 'Ngày kết thúc',
      periodLabel: 'Thời kỳ diễn ra khi không rõ ngày (ví dụ "6 tháng đầu năm 2024")',
      voterUnit: `Đơn vị tính: ${codes(VOTER_UNITS)}`,
      eligible: 'Số được tham gia',
      participating: 'Số tham gia',
      votesFor: 'Số tán thành',
      votesAgainst: 'Số không tán thành',
      votesBlank: 'Số phiếu trắng, không ý kiến',
      passed: 'Được thông qua (true/false; trống nếu chưa rõ): trên passPercent% tổng số hộ (cử tri) được tham gia tán thành, không phải số tham gia',
      summary: 'Nội dung',
      recognisingBody: 'Cơ quan công nhận',
      recognisedBy: 'Số, ký hiệu văn bản công nhận (trống: chưa được công nhận)',
      recognisedOn: 'Ngày văn bản công nhận',
      source: 'Nguồn',
      quorumPercent: 'Ngưỡng tham dự áp dụng cho nội dung này (%): hội nghị cần trên mức này của tổng số hộ (cử tri); giữ nguyên khi đơn vị đổi ngưỡng sau khi công khai',
      passPercent: 'Ngưỡng tán thành áp dụng cho nội dung này (%): trên mức này của tổng số hộ (cử tri); giữ nguyên khi đơn vị đổi ngưỡng sau khi công khai',
      result: 'Kết quả như trang công khai ghi: "Được thông qua", "Được thông qua, chưa được công nhận", "Không được thông qua" hoặc "—" nếu chưa rõ',
      turnoutPercent: 'Số tham gia, tính theo % tổng số hộ (cử tri) được tham gia; trống nếu chưa rõ',
      sharePercent: 'Số tán thành, tính theo % tổng số hộ (cử tri) được tham gia (không phải số tham gia); trống nếu chưa rõ',
      quorumMet: 'Đạt ngưỡng tham dự (true/false; trống nếu không phải hội nghị hoặc chưa rõ số liệu)',
      thresholdMet: 'Đạt ngưỡng tán thành (true/false; trống nếu chưa rõ số liệu)',
    },
    rows: (d) => d.community.decisions.map((x) => DecisionRow.parse({ ...x, ...voteVerdict(x) })),
  }),
  dataset({
    key: 'giam-sat-ban',
    title: 'Ban thanh tra nhân dân, Ban giám sát đầu tư của cộng đồng và tổ giám sát',
    description: 'Các ban, tổ giám sát với thành viên, nhiệm kỳ và quyết định thành lập.',
    schema: BoardRow,
    columns: {
      id: 'Mã ban, tổ',
      ...published,
      kind: `Loại: ${codes(BOARD_KINDS)}`,
      name: 'Tên ban, tổ',
      parentId: 'Mã ban cấp trên (với tổ giám sát)',
      termFrom: 'Nhiệm kỳ từ ngày',
      termTo: 'Nhiệm kỳ đến ngày',
      foundedBy: 'Số, ký hiệu quyết định thành lập',
      foundedOn: 'Ngày quyết định thành lập',
      recognisedByBody: 'Cơ quan công nhận ban (trống nếu chưa ghi)',
      members: 'Thành viên: "Họ tên (chức danh, thôn)", phân cách bằng dấu chấm phẩy',
      summary: 'Giới thiệu',
      source: 'Nguồn',
    },
    rows: (d) =>
      d.community.boards.map((b) =>
        BoardRow.parse({ ...b, members: b.members.map((m) => `${m.name} (${[m.role, m.village].filter(Boolean).join(', ')})`).join('; ') }),
      ),
  }),
  dataset({
    key: 'giam-sat-hoat-dong',
    title: 'Kế hoạch, kết quả giám sát và kiến nghị',
    description: 'Kế hoạch của các ban, kết quả giám sát, kiến nghị và trả lời của Ủy ban nhân dân.',
    schema: ActivityRow,
    columns: {
      id: 'Mã hoạt động',
      ...published,
      boardId: 'Mã ban, tổ (xem tệp giam-sat-ban)',
      kind: `Loại: ${codes(ACTIVITY_KINDS)}`,
      title: 'Tiêu đề',
      heldOn: 'Ngày',
      periodLabel: 'Thời kỳ của kế hoạch',
      body: 'Nội dung',
      recommendation: 'Kiến nghị',
      response: 'Trả lời của Ủy ban nhân dân',
      respondedOn: 'Ngày trả lời',
      works: 'Công trình được giám sát: địa chỉ /cong-khai/<slug>/ của dự án (phân cách bằng dấu chấm phẩy)',
      source: 'Nguồn',
    },
    rows: (d) => d.community.activities.map((x) => ActivityRow.parse(x)),
  }),
];

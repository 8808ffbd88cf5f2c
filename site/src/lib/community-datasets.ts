import { z } from '../../../schema/core/zod.ts';
import { DECISION_FIELDS, DecisionSchema, voteVerdict } from '../../../schema/community/decision.ts';
import { dataColumnsOf } from '../../../schema/core/fields.ts';
import { ACTIVITY_FIELDS, ActivitySchema, BOARD_FIELDS, BoardSchema } from '../../../schema/community/supervision.ts';
import { dataset, type Dataset } from './dataset.ts';

/**
 * The open-data sets of decisions by the people and of supervision, for /du-lieu/ (open-data.ts
 * lists them with the others). Unknown numbers and dates are null in JSON, empty in CSV.
 */

const STATE = { version: true, createdAt: true, lastEditorId: true } as const;

// The verdict as the page states it (schema/community/decision.ts voteVerdict), so a reader of the file needs no rule of their own.
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
      ...dataColumnsOf(DECISION_FIELDS),
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
      ...dataColumnsOf(BOARD_FIELDS),
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
      ...dataColumnsOf(ACTIVITY_FIELDS),
    },
    rows: (d) => d.community.activities.map((x) => ActivityRow.parse(x)),
  }),
];

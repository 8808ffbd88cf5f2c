import { z } from '../../../schema/core/zod.ts';
import { codesOf } from '../../../schema/core/codes.ts';
import {
  CONSULTATION_CHANNEL_CODES,
  CONSULTATION_CHANNELS,
  CONSULTATION_SUBJECTS,
  consultationCounts,
  ConsultationSchema,
  THEME_OUTCOMES,
  type Consultation,
  type ConsultationCounts,
  type PublicOpinion,
} from '../../../schema/consultation/consultation.ts';
import { listConsultations, listPublicOpinions, tallyOpinions } from '../../../schema/consultation/consultations.db.ts';
import { splitPublishable } from '../../../schema/publishing/publish.ts';

/**
 * What the citizen site shows of consultations, read once per build with portal-data.ts. Only
 * published consultations, and of their opinions only the moderated public shape
 * (schema/consultation/consultations.db.ts listPublicOpinions): no contact, no raw text, no hidden opinion.
 */
export interface PublicConsultation {
  consultation: Consultation;
  counts: ConsultationCounts;
  opinions: PublicOpinion[];
}

export async function loadConsultations(db: D1Database): Promise<PublicConsultation[]> {
  const [rows, tallies, opinions] = await Promise.all([listConsultations(db, { publicOnly: true }), tallyOpinions(db), listPublicOpinions(db)]);
  // One bad row never stops the build: it is left out, and the build log names it.
  const { publishable, left } = splitPublishable(rows, ConsultationSchema);
  for (const row of left) console.warn(`Không xuất bản được: nội dung lấy ý kiến số ${row.id} (${row.slug}): ${row.reason}`);
  return publishable.map((consultation) => {
    const tally = tallies.get(consultation.id) ?? { received: 0, published: 0, pending: 0 };
    return {
      consultation,
      counts: consultationCounts(consultation, tally),
      opinions: opinions.filter((o) => o.consultation === consultation.slug),
    };
  });
}

// ——— Open data (/du-lieu/): declared here, listed in open-data.ts DATASETS ———

const codeList = (labels: Record<string, string>) => Object.entries(labels).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', ');

export const ConsultationRowSchema = z.object({
  slug: z.string(),
  title: z.string(),
  subject: z.enum(codesOf(CONSULTATION_SUBJECTS)),
  opensOn: z.string().optional(),
  closesOn: z.string().optional(),
  channels: z.array(z.enum(CONSULTATION_CHANNEL_CODES)),
  received: z.number().int().optional(),
  publishedOpinions: z.number().int(),
  takenUp: z.number().int().optional(),
  summaryStatus: z.enum(['none', 'draft', 'published']),
  finalDocumentNumber: z.string(),
  illustration: z.boolean(),
  publishedAt: z.string().optional(),
});
export const CONSULTATION_COLUMNS: { [K in keyof z.output<typeof ConsultationRowSchema>]-?: string } = {
  slug: 'Phần cuối của địa chỉ trang /lay-y-kien/<slug>/',
  title: 'Tên nội dung lấy ý kiến',
  subject: `Nội dung theo Điều 25: ${codeList(CONSULTATION_SUBJECTS)}`,
  opensOn: 'Ngày bắt đầu lấy ý kiến (YYYY-MM-DD; trống nếu không rõ)',
  closesOn: 'Ngày kết thúc lấy ý kiến (YYYY-MM-DD; trống nếu không rõ)',
  channels: `Hình thức lấy ý kiến (mã, phân cách bằng dấu chấm phẩy trong CSV): ${codeList(CONSULTATION_CHANNELS)}`,
  received: 'Tổng số ý kiến nhận được (trống nếu có hình thức chưa có số liệu)',
  publishedOpinions: 'Số ý kiến đăng trên cổng',
  takenUp: 'Số ý kiến được tiếp thu (trống nếu chưa có kết quả hoặc không rõ)',
  summaryStatus: 'Kết quả tiếp thu, giải trình: published (đã công bố); none hoặc draft (chưa công bố)',
  finalDocumentNumber: 'Số, ký hiệu văn bản cuối cùng đã tiếp thu ý kiến',
  illustration: 'Ví dụ minh họa, không phải nội dung thật',
  publishedAt: 'Thời điểm đăng lên cổng (UTC)',
};

export const ConsultationThemeRowSchema = z.object({
  consultation: z.string(),
  theme: z.string(),
  opinions: z.number().int().optional(),
  outcome: z.enum(codesOf(THEME_OUTCOMES)),
  response: z.string(),
});
export const THEME_COLUMNS: { [K in keyof z.output<typeof ConsultationThemeRowSchema>]-?: string } = {
  consultation: 'Mã nội dung lấy ý kiến (slug, xem tệp lay-y-kien)',
  theme: 'Nhóm ý kiến',
  opinions: 'Số ý kiến của nhóm (trống nếu không rõ)',
  outcome: `Cách xử lý: ${codeList(THEME_OUTCOMES)}`,
  response: 'Nội dung tiếp thu hoặc giải trình',
};

export const OpinionRowSchema = z.object({
  receipt: z.string(),
  consultation: z.string(),
  text: z.string(),
  authorName: z.string(),
  authorPlace: z.string(),
  receivedOn: z.string(),
});
export const OPINION_COLUMNS: { [K in keyof z.output<typeof OpinionRowSchema>]-?: string } = {
  receipt: 'Số phiếu nhận',
  consultation: 'Mã nội dung lấy ý kiến (slug)',
  text: 'Ý kiến như đã đăng (đã bỏ thông tin cá nhân)',
  authorName: 'Họ tên người gửi, nếu được đăng',
  authorPlace: 'Thôn, tổ dân phố, nếu được đăng',
  receivedOn: 'Thời điểm nhận (UTC)',
};

/** The three data sets' rows; unknown numbers are left out (null in JSON, empty in CSV), never 0. */
export function consultationDatasetRows(all: PublicConsultation[]) {
  // A withdrawn consultation stays on its page, marked; the data sets hold the live ones (as before withdrawal existed).
  const list = all.filter(({ consultation: c }) => c.status === 'published');
  const orUndefined = <T>(v: T | null) => (v === null ? undefined : v);
  return {
    consultations: list.map(({ consultation: c, counts }) =>
      ConsultationRowSchema.parse({
        slug: c.slug,
        title: c.title,
        subject: c.subject,
        opensOn: orUndefined(c.opensOn),
        closesOn: orUndefined(c.closesOn),
        channels: c.channels,
        received: orUndefined(counts.received),
        publishedOpinions: counts.published,
        takenUp: orUndefined(counts.takenUp),
        summaryStatus: c.summaryStatus,
        finalDocumentNumber: c.finalDocumentNumber,
        illustration: c.illustration,
        publishedAt: orUndefined(c.publishedAt),
      }),
    ),
    themes: list
      .filter(({ consultation: c }) => c.summaryStatus === 'published')
      .flatMap(({ consultation: c }) => c.themes.map((t) => ConsultationThemeRowSchema.parse({ consultation: c.slug, ...t, opinions: orUndefined(t.opinions) }))),
    // Parsed through the row schema: a field not in it (a contact) could not pass into the file.
    opinions: list.flatMap(({ opinions }) => opinions.map((o) => OpinionRowSchema.parse(o))),
  };
}

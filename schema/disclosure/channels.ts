import { z } from '../core/zod.ts';
import { codesOf } from '../core/codes.ts';
import { dateField, daysBetween, formatDate, type IsoDate } from '../core/dates.ts';
import { optionalText } from '../core/text.ts';

/**
 * Channels with dates (issue 12): each form of disclosure used records its own days (and, for
 * posting boards, the places), because the law sets minimums per channel — the loudspeaker
 * system at least three consecutive days for several items (law-brief.md; which items exactly is
 * configuration, per category). A record shorter than its category's minimum is not refused: the
 * official is warned and the public page says so. A posting shorter than 30 days needs a legal
 * ground chosen from a list and a reason long enough to be one.
 */

/** Channel codes, as in schema/disclosure/disclosure.ts CHANNELS (repeated here to avoid an import cycle). */
const CHANNEL_KEYS = ['office_board', 'community_house', 'portal', 'loudspeaker', 'village_head', 'other'] as const;
type ChannelKey = (typeof CHANNEL_KEYS)[number];

/** Channels that are physical boards: their places are recorded. */
export const BOARD_CHANNELS: readonly ChannelKey[] = ['office_board', 'community_house'];

const ChannelDetailSchema = z.object({
  start: dateField('Ngày bắt đầu của hình thức này').optional(),
  end: dateField('Ngày kết thúc của hình thức này').optional(),
  places: optionalText('Nơi niêm yết', 500),
});
export type ChannelDetail = z.output<typeof ChannelDetailSchema>;

export const ChannelDetailsSchema = z
  .partialRecord(z.enum(CHANNEL_KEYS, { error: 'Hình thức công khai không hợp lệ.' }), ChannelDetailSchema)
  .default({});
export type ChannelDetails = z.output<typeof ChannelDetailsSchema>;

/** Minimum consecutive days per channel, as a category requires them. */
export const ChannelMinimumsSchema = z.partialRecord(z.enum(CHANNEL_KEYS), z.number().int().min(1).max(365)).default({});
export type ChannelMinimums = z.output<typeof ChannelMinimumsSchema>;

/**
 * The minimums a posting is judged by: those stored with it when it was published (a later edit of
 * the category's minimums does not rewrite a published page), else — a draft — its category's current ones.
 */
export function minimumsFor(d: { channelMinimums: ChannelMinimums | null }, current: ChannelMinimums | undefined): ChannelMinimums {
  return d.channelMinimums ?? current ?? {};
}

/** The legal ground of a posting shorter than 30 days; '' when the posting is not short. */
export const SHORT_POSTING_GROUNDS = {
  specific_law: 'Văn bản pháp luật chuyên ngành quy định thời hạn niêm yết khác',
  superior_deadline: 'Thời hạn do cơ quan nhà nước cấp trên yêu cầu',
  event_date: 'Nội dung gắn với thời điểm, sự kiện diễn ra trước khi đủ thời hạn',
  other: 'Căn cứ khác (ghi rõ)',
} as const;
const SHORT_POSTING_GROUND_CODES = codesOf(SHORT_POSTING_GROUNDS);
/** A reason shorter than this cannot name a legal basis ("x" was accepted before). */
export const MIN_REASON_LENGTH = 20;

export const shortPostingGroundField = z
  .enum(['', ...SHORT_POSTING_GROUND_CODES], { error: 'Căn cứ niêm yết ngắn hạn không hợp lệ: hãy chọn một mục trong danh sách.' })
  .default('');

/** Errors of the per-channel records, with form paths: a day range must run forwards; only channels used may carry dates. */
export function channelDetailIssues(channels: readonly string[], details: ChannelDetails): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [code, d] of Object.entries(details) as [ChannelKey, ChannelDetail][]) {
    if (!channels.includes(code)) continue;
    if (d.start && d.end && d.end < d.start) issues.push({ path: ['channelDetails', code, 'end'], message: 'Ngày kết thúc của hình thức này phải từ ngày bắt đầu trở đi.' });
  }
  return issues;
}

/** Keeps the records of the channels actually used. */
export function usedDetails(channels: readonly string[], details: ChannelDetails): ChannelDetails {
  return Object.fromEntries(Object.entries(details).filter(([code]) => channels.includes(code))) as ChannelDetails;
}

export interface ChannelWarning {
  channel: ChannelKey;
  message: string;
}

/**
 * Channels whose record falls short of the category's minimum: fewer consecutive days, or no
 * days recorded. Shown to the official after a save and on the public page.
 */
export function channelWarnings(
  d: { channels: readonly string[]; channelDetails: ChannelDetails },
  minimums: ChannelMinimums,
  labels: Record<string, string>,
): ChannelWarning[] {
  const warnings: ChannelWarning[] = [];
  for (const [code, min] of Object.entries(minimums) as [ChannelKey, number][]) {
    if (!d.channels.includes(code)) continue;
    const detail = d.channelDetails[code];
    const label = labels[code] ?? code;
    if (!detail?.start || !detail.end) {
      warnings.push({ channel: code, message: `${label}: chưa ghi ngày thực hiện (nội dung này yêu cầu ít nhất ${min} ngày liên tục).` });
      continue;
    }
    const days = daysBetween(detail.start, detail.end) + 1;
    if (days < min) warnings.push({ channel: code, message: `${label}: ${days} ngày (${formatDate(detail.start)}–${formatDate(detail.end)}), ít hơn ${min} ngày liên tục mà nội dung này yêu cầu.` });
  }
  return warnings;
}

/** "24/06/2024–26/06/2024" or one day, for pages. */
export function channelDays(detail: ChannelDetail | undefined): string {
  if (!detail?.start) return '';
  const start: IsoDate = detail.start;
  return detail.end && detail.end !== start ? `${formatDate(start)}–${formatDate(detail.end)}` : formatDate(start);
}

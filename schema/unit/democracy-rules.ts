import { z } from '../core/zod.ts';
import { addDays, daysBetween, formatDate, type IsoDate } from '../core/dates.ts';
import type { FieldError } from '../core/validation.ts';

/**
 * The thresholds the law sets for the people's decisions, boards and consultations, held as
 * one row of unit configuration (`democracy_rules`, migration 0029) with the law's defaults.
 * Where each default was confirmed (read on 07/12/2026 through public copies; the official
 * gazette text was not reachable from here):
 *
 * - QUORUM and PASS, "more than 50% of ALL households": Nghị định 61/2023/NĐ-CP Điều 10 (a
 *   hương ước is passed when more than 50% of all household representatives of the community
 *   are in favour; a meeting needs representatives of more than 50% of all households),
 *   quoted at http://118.69.201.250:801/phap-luat/huong-uoc-quy-uoc-cua-cong-dong-dan-cu-co-hieu-luc-ke-tu-ngay-nao-duoc-thong-qua-bang-hinh-thuc-nao-319161-177580.html
 *   and luatvietnam.vn ("Đã có Nghị định hướng dẫn xây dựng, thực hiện hương ước"). Luật
 *   10/2022/QH15 Điều 21 ("Hiệu lực của quyết định của cộng đồng dân cư") sets when a decision
 *   on the matters of Điều 15 khoản 1–2 takes effect; its heading and first words were read
 *   (118.69.201.250 "quyet-dinh-cua-cong-dong-dan-cu…"), its percentage was not: the same "more
 *   than 50%" rule is the one Pháp lệnh 34/2007 Điều 12 and Nghị quyết liên tịch 09/2008 used.
 *   Both numbers stay configurable.
 * - CONSULTATION MINIMUM 20 days: Luật 10/2022/QH15 Điều 28 khoản 2 ("Thời gian lấy ý kiến
 *   Nhân dân ít nhất là 20 ngày kể từ ngày công khai …"), quoted at thuvienphapluat.vn
 *   hoi-dap-phap-luat 83A2003.
 * - RESULT DUE 30 days after closing: NOT confirmed in the law text; the portal's default, set
 *   by each unit in its own democracy regulation (quy chế thực hiện dân chủ).
 * - INSPECTION BOARD at least 5 members, term = the village head's term: Luật 10/2022/QH15
 *   Điều 36 khoản 1–2 (members elected per village / residential group, "not less than 05";
 *   term as the village head's), quoted at lawnet.vn. The village head's term is 30 or 60
 *   months (Thông tư 04/2012/TT-BNV as amended, not re-checked here): 60 is the longest term.
 * - INVESTMENT SUPERVISION BOARD: Nghị định 59/2023/NĐ-CP Điều 17 (members elected in the
 *   villages of the project, the number decided by the Fatherland Front's standing committee,
 *   at most 5 per village) — no minimum confirmed, so none by default (0).
 */
/** A whole number in a range; an empty box keeps the law's default. */
const setting = (label: string, min: number, max: number, byDefault: number) =>
  z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? undefined : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: `${label}: phải là số nguyên từ ${min} đến ${max}.` })
      .int({ error: `${label}: phải là số nguyên từ ${min} đến ${max}.` })
      .min(min, { error: `${label}: phải từ ${min} đến ${max}.` })
      .max(max, { error: `${label}: phải từ ${min} đến ${max}.` })
      .default(byDefault),
  );

export const DemocracyRulesSchema = z.object({
  quorumPercent: setting('Tỷ lệ hộ tham dự (%)', 0, 99, 50),
  passPercent: setting('Tỷ lệ hộ tán thành (%)', 0, 99, 50),
  consultationMinDays: setting('Thời gian lấy ý kiến tối thiểu (ngày)', 0, 365, 20),
  resultDueDays: setting('Hạn công bố kết quả (ngày)', 1, 365, 30),
  inspectionBoardMinMembers: setting('Số thành viên tối thiểu Ban thanh tra nhân dân', 1, 100, 5),
  investmentBoardMinMembers: setting('Số thành viên tối thiểu Ban giám sát đầu tư của cộng đồng', 0, 100, 0),
  boardTermMaxMonths: setting('Nhiệm kỳ tối đa (tháng)', 1, 120, 60),
});
export type DemocracyRules = z.output<typeof DemocracyRulesSchema>;
export const DEFAULT_DEMOCRACY_RULES: DemocracyRules = DemocracyRulesSchema.parse({});

/** The counts of a decision the thresholds read. */
export interface Tally {
  form: string | null;
  eligible: number | null;
  participating: number | null;
  votesFor: number | null;
  passed: boolean | null;
}

/** `part` is MORE than `percent`% of `whole` ("trên 50%"), in whole numbers: 51 of 100 is, 50 is not. */
const moreThan = (part: number, whole: number, percent: number) => part * 100 > whole * percent;

/**
 * The share of ALL households (or voters) of the village / group in favour, in percent with
 * one decimal — not of the participants: 30 in favour of 100 households is 30%, even when only
 * 40 took part. Null when a count is unknown.
 */
export function shareOfAll(t: Pick<Tally, 'votesFor' | 'eligible'>): number | null {
  if (t.votesFor === null || t.eligible === null || t.eligible === 0) return null;
  return Math.round((t.votesFor / t.eligible) * 1000) / 10;
}

/** The two shares a vote is judged by: the unit's current ones, or those stored with a decision. */
export type VoteThresholds = Pick<DemocracyRules, 'quorumPercent' | 'passPercent'>;

/** Whether the quorum and the threshold were met; null where the counts do not tell. */
export function thresholds(t: Tally, rules: VoteThresholds): { quorum: boolean | null; majority: boolean | null } {
  // The quorum is a meeting's: a household ballot or an online vote counts every household's answer against the same total.
  const quorum = t.form !== 'hoi_nghi' || t.eligible === null || t.participating === null ? null : moreThan(t.participating, t.eligible, rules.quorumPercent);
  const majority = t.eligible === null || t.votesFor === null ? null : moreThan(t.votesFor, t.eligible, rules.passPercent);
  return { quorum, majority };
}

/**
 * The result the counts allow: a record marked "Được thông qua" whose counts fail the quorum or
 * the threshold is refused on `passed` with the figures, so the official either corrects a
 * mistyped count or records the vote as not passed. Refusing is chosen over publishing it as
 * "Không được thông qua" silently: the official typed "passed", and a page that contradicts what
 * they typed without telling them would hide whichever of the two is the mistake.
 */
export function checkThresholds(t: Tally, rules: VoteThresholds, unitWord = 'hộ'): FieldError[] {
  if (t.passed !== true) return [];
  const { quorum, majority } = thresholds(t, rules);
  const errors: FieldError[] = [];
  if (quorum === false) {
    errors.push({
      field: 'passed',
      message: `Không thể ghi "Được thông qua": cuộc họp chỉ có ${t.participating}/${t.eligible} ${unitWord} tham dự, chưa đạt trên ${rules.quorumPercent}% tổng số ${unitWord} của thôn, tổ dân phố. Hãy sửa số liệu nếu ghi nhầm, hoặc chọn "Không".`,
    });
  }
  if (majority === false) {
    errors.push({
      field: 'passed',
      message: `Không thể ghi "Được thông qua": ${t.votesFor}/${t.eligible} ${unitWord} tán thành (${shareOfAll(t)?.toLocaleString('vi-VN')}% tổng số ${unitWord}), chưa đạt trên ${rules.passPercent}% tổng số ${unitWord} của thôn, tổ dân phố (không phải số tham dự). Hãy sửa số liệu nếu ghi nhầm, hoặc chọn "Không".`,
    });
  }
  return errors;
}

/** The day the consultation's result (tiếp thu, giải trình) is due on the portal; null while the closing day is unknown. */
export const resultDueOn = (closesOn: IsoDate | null, rules: DemocracyRules): IsoDate | null => (closesOn ? addDays(closesOn, rules.resultDueDays) : null);

/** Overdue: the due day has passed and no result is published. */
export function resultOverdue(c: { closesOn: IsoDate | null; resultPublished: boolean }, rules: DemocracyRules, today: IsoDate): boolean {
  const due = resultDueOn(c.closesOn, rules);
  return due !== null && !c.resultPublished && today > due;
}

/**
 * A consultation shorter than the minimum, counted in calendar days with both ends included:
 * the note the admin and the page show (a warning, not a refusal: a consultation whose dates
 * were set by a superior body's plan is still recorded as it ran). Null when long enough or unknown.
 */
export function shortConsultationNote(c: { opensOn: IsoDate | null; closesOn: IsoDate | null }, rules: DemocracyRules): string | null {
  if (!c.opensOn || !c.closesOn || rules.consultationMinDays === 0) return null;
  const days = daysBetween(c.opensOn, c.closesOn) + 1;
  if (days >= rules.consultationMinDays) return null;
  return `Thời gian lấy ý kiến ${days} ngày, ngắn hơn ${rules.consultationMinDays} ngày tối thiểu (Điều 28 Luật Thực hiện dân chủ ở cơ sở).`;
}

/** What an official should look at on a board: too few members, a term longer than allowed, or one that has ended. */
export function boardWarnings(
  b: { kind: string; members: unknown[]; termFrom: IsoDate | null; termTo: IsoDate | null; recognisedByBody?: string },
  rules: DemocracyRules,
  today: IsoDate,
): string[] {
  const warnings: string[] = [];
  const min = b.kind === 'thanh_tra_nhan_dan' ? rules.inspectionBoardMinMembers : b.kind === 'giam_sat_dau_tu' ? rules.investmentBoardMinMembers : 0;
  // An empty list is "members not recorded" (the demo board), not a board of none.
  if (min > 0 && b.members.length > 0 && b.members.length < min) warnings.push(`Ban có ${b.members.length} thành viên, ít hơn mức tối thiểu ${min} thành viên.`);
  if (b.termFrom && b.termTo && b.termTo > addMonths(b.termFrom, rules.boardTermMaxMonths)) {
    warnings.push(`Nhiệm kỳ từ ${formatDate(b.termFrom)} đến ${formatDate(b.termTo)} dài hơn ${rules.boardTermMaxMonths} tháng (nhiệm kỳ của Trưởng thôn, Tổ trưởng tổ dân phố).`);
  }
  if (b.termTo && b.termTo < today) warnings.push(`Nhiệm kỳ đã kết thúc ngày ${formatDate(b.termTo)}: hãy cập nhật ban mới.`);
  if (b.kind !== 'to_giam_sat' && b.recognisedByBody === '') warnings.push('Chưa ghi cơ quan công nhận ban.');
  return warnings;
}

function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What the page and the admin say of a consultation's deadlines: the result's due day, whether it is overdue, and a short period. */
export function consultationDeadlines(
  c: { opensOn: IsoDate | null; closesOn: IsoDate | null; summaryStatus: string },
  rules: DemocracyRules,
  today: IsoDate,
): { dueOn: IsoDate | null; overdue: boolean; shortNote: string | null } {
  const resultPublished = c.summaryStatus === 'published';
  return { dueOn: resultDueOn(c.closesOn, rules), overdue: resultOverdue({ closesOn: c.closesOn, resultPublished }, rules, today), shortNote: shortConsultationNote(c, rules) };
}

/** The mark of an overdue result, the same on the page and in the admin. */
export const OVERDUE_LABEL = 'Quá hạn công bố kết quả tiếp thu, giải trình';

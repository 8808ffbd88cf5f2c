import { formatDate, type IsoDate } from '../core/dates.ts';
import { PLAN_STATUSES, type Disclosure } from '../disclosure/disclosure.ts';

/**
 * What a citizen reads about a plan's progress (issue 12): the status with the day it was
 * recorded — "Đang thực hiện (cập nhật 09/05/2024)" — and, when the plan's period is over and
 * nothing was recorded after it ended, that the result is missing, never a stale "Đang thực hiện".
 */

export const PERIOD_ENDED_NO_UPDATE = 'Hết kỳ kế hoạch — chưa cập nhật kết quả';

/**
 * The last day of the period a plan names, when it names one the portal can read: "Năm 2024",
 * "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "Quý II/2024", "Tháng 3/2024". Null otherwise.
 */
export function periodEnd(label: string): IsoDate | null {
  const text = label.normalize('NFC').toLocaleLowerCase('vi').trim();
  let m = /^6 tháng đầu năm (\d{4})$/.exec(text);
  if (m) return `${m[1]}-06-30`;
  m = /^6 tháng cuối năm (\d{4})$/.exec(text);
  if (m) return `${m[1]}-12-31`;
  m = /^quý (i{1,3}|iv|[1-4])\/(\d{4})$/.exec(text);
  if (m) {
    const q = { i: 1, ii: 2, iii: 3, iv: 4 }[m[1]!] ?? Number(m[1]);
    return `${m[2]}-${String(q * 3).padStart(2, '0')}-${q === 1 || q === 4 ? 31 : 30}`;
  }
  m = /^tháng (\d{1,2})\/(\d{4})$/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    const last = new Date(Date.UTC(Number(m[2]), Number(m[1]), 0)).getUTCDate();
    return `${m[2]}-${m[1]!.padStart(2, '0')}-${last}`;
  }
  m = /^(?:năm )?(\d{4})$/.exec(text);
  if (m) return `${m[1]}-12-31`;
  m = /^giai đoạn (\d{4}) ?- ?(\d{4})$/.exec(text);
  if (m) return `${m[2]}-12-31`;
  return null;
}

/** The status line of a plan, or null when there is nothing to say (not a plan, nothing recorded, period running). */
export function planStatusLine(d: Pick<Disclosure, 'documentType' | 'planStatus' | 'planStatusOn' | 'periodLabel'>, today: IsoDate): string | null {
  const end = periodEnd(d.periodLabel);
  const ended = end !== null && end < today;
  const isPlan = d.documentType === 'KH' || d.planStatus !== '';
  if (!isPlan) return null;
  if (d.planStatus === 'completed') return `${PLAN_STATUSES.completed}${d.planStatusOn ? ` (cập nhật ${formatDate(d.planStatusOn)})` : ''}`;
  if (ended && (!d.planStatusOn || d.planStatusOn <= end)) return PERIOD_ENDED_NO_UPDATE;
  if (d.planStatus === 'in_progress') return `${PLAN_STATUSES.in_progress}${d.planStatusOn ? ` (cập nhật ${formatDate(d.planStatusOn)})` : ''}`;
  return null;
}

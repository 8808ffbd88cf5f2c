import { describe, expect, it } from 'vitest';
import {
  boardWarnings,
  checkThresholds,
  DEFAULT_DEMOCRACY_RULES as LAW,
  resultDueOn,
  resultOverdue,
  shareOfAll,
  shortConsultationNote,
  thresholds,
} from '../../schema/unit/democracy-rules.ts';

/** The law's thresholds (schema/unit/democracy-rules.ts names where each default was confirmed). */

const meeting = (eligible: number | null, participating: number | null, votesFor: number | null, passed: boolean | null = true) => ({ form: 'hoi_nghi', eligible, participating, votesFor, passed });

describe.each([
  // Issue 21: 100 households, 40 present, 30 for — 75% of participants, 30% of all: neither met.
  ['100 / 40 / 30', meeting(100, 40, 30), { quorum: false, majority: false }],
  // "Trên 50%" is strictly more than half: 50 of 100 is not enough (Nghị định 61/2023 Điều 10).
  ['100 / 50 / 50', meeting(100, 50, 50), { quorum: false, majority: false }],
  ['100 / 51 / 51', meeting(100, 51, 51), { quorum: true, majority: true }],
  // An odd total: 107 households need 54.
  ['107 / 54 / 54', meeting(107, 54, 54), { quorum: true, majority: true }],
  ['107 / 53 / 53', meeting(107, 53, 53), { quorum: false, majority: false }],
  // Unknown counts decide nothing.
  ['unknown total', meeting(null, 40, 30), { quorum: null, majority: null }],
  // A household ballot has no meeting quorum; the threshold still counts all households.
  ['ballot 100 / 60 / 55', { form: 'phat_phieu', eligible: 100, participating: 60, votesFor: 55, passed: true }, { quorum: null, majority: true }],
])('thresholds(%s) with the law defaults', (_name, tally, expected) => {
  it(`is ${JSON.stringify(expected)}`, () => expect(thresholds(tally, LAW)).toEqual(expected));
});

describe('checkThresholds', () => {
  it('refuses "passed" for 100 / 40 / 30 on the field passed, in Vietnamese', () => {
    const errors = checkThresholds(meeting(100, 40, 30), LAW);
    expect(errors.map((e) => e.field)).toEqual(['passed', 'passed']);
    expect(errors[1]!.message).toContain('30/100 hộ tán thành (30% tổng số hộ)');
  });
  it('lets the same counts be recorded as not passed, or unknown', () => {
    expect(checkThresholds(meeting(100, 40, 30, false), LAW)).toEqual([]);
    expect(checkThresholds(meeting(100, 40, 30, null), LAW)).toEqual([]);
  });
  it('follows a unit that set lower shares', () => {
    expect(checkThresholds(meeting(100, 40, 30), { ...LAW, quorumPercent: 30, passPercent: 25 })).toEqual([]);
  });
});

describe.each([
  [{ votesFor: 30, eligible: 100 }, 30],
  [{ votesFor: 171, eligible: 212 }, 80.7],
  [{ votesFor: 30, eligible: null }, null],
  [{ votesFor: 0, eligible: 0 }, null],
])('shareOfAll(%o)', (input, expected) => {
  it(`is ${expected}`, () => expect(shareOfAll(input)).toBe(expected));
});

describe('consultation period and result due date', () => {
  // Luật 10/2022/QH15 Điều 28 khoản 2: at least 20 days; 01/06–20/06 is 20 days, both ends included.
  it('accepts 20 days and notes 19', () => {
    expect(shortConsultationNote({ opensOn: '2025-06-01', closesOn: '2025-06-20' }, LAW)).toBeNull();
    expect(shortConsultationNote({ opensOn: '2025-06-01', closesOn: '2025-06-19' }, LAW)).toContain('19 ngày, ngắn hơn 20 ngày');
  });
  it('is due 30 days after closing and overdue only after that day with no result', () => {
    expect(resultDueOn('2025-06-30', LAW)).toBe('2025-07-30');
    expect(resultOverdue({ closesOn: '2025-06-30', resultPublished: false }, LAW, '2025-07-30')).toBe(false);
    expect(resultOverdue({ closesOn: '2025-06-30', resultPublished: false }, LAW, '2025-07-31')).toBe(true);
    expect(resultOverdue({ closesOn: '2025-06-30', resultPublished: true }, LAW, '2025-07-31')).toBe(false);
    expect(resultOverdue({ closesOn: null, resultPublished: false }, LAW, '2025-07-31')).toBe(false);
  });
});

describe('boardWarnings', () => {
  const board = { kind: 'thanh_tra_nhan_dan', members: [1, 2, 3], termFrom: '2024-01-01', termTo: '2026-12-31', recognisedByBody: 'Ủy ban MTTQ Việt Nam thị trấn' };
  it('warns about an inspection board of 3 (Luật 10/2022/QH15 Điều 36: not less than 5)', () => {
    expect(boardWarnings(board, LAW, '2025-01-01')).toEqual(['Ban có 3 thành viên, ít hơn mức tối thiểu 5 thành viên.']);
  });
  it('says nothing of members not recorded, and warns of an ended or too long term and a missing recognising body', () => {
    const warnings = boardWarnings({ ...board, members: [], termTo: '2029-06-30', recognisedByBody: '' }, LAW, '2029-07-01');
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('dài hơn 60 tháng');
    expect(warnings[1]).toContain('đã kết thúc ngày 30/06/2029');
    expect(warnings[2]).toBe('Chưa ghi cơ quan công nhận ban.');
  });
});

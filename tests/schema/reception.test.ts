import { describe, expect, it } from 'vitest';
import type { Holiday } from '../../schema/calendar/holidays.ts';
import {
  describeRule,
  generateSessions,
  isLateNotice,
  nextSession,
  ReceptionRuleSchema,
  WorkingCalendar,
  type ReceptionRule,
  type SessionChange,
} from '../../schema/reception/reception.ts';

/** The source report's rule: the Chairman receives every Thursday. */
function thursdayRule(overrides: Partial<ReceptionRule> = {}): ReceptionRule {
  return {
    ...ReceptionRuleSchema.parse({
      frequency: 'weekly',
      weekdays: [4],
      startTime: '07:30',
      endTime: '11:00',
      place: 'Trụ sở Ủy ban nhân dân thị trấn',
      hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
      validFrom: '2024-01-01',
    }),
    id: 1,
    version: 1,
    updatedAt: '2024-01-02T01:00:00.000Z',
    ...overrides,
  };
}

// The 2024 holidays the demo data stores (Tết break 8–14/2, Giỗ Tổ 18/4).
const holidays2024: Holiday[] = [
  { date: '2024-02-08', name: 'Tết Nguyên đán', kind: 'holiday', source: '' },
  { date: '2024-02-09', name: 'Tết Nguyên đán', kind: 'holiday', source: '' },
  { date: '2024-02-12', name: 'Tết Nguyên đán', kind: 'holiday', source: '' },
  { date: '2024-02-13', name: 'Tết Nguyên đán', kind: 'holiday', source: '' },
  { date: '2024-02-14', name: 'Tết Nguyên đán', kind: 'holiday', source: '' },
  { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương', kind: 'holiday', source: '' },
];

const run = (from: string, to: string, extra: { rules?: ReceptionRule[]; changes?: SessionChange[]; holidays?: Holiday[] } = {}) =>
  generateSessions({ rules: extra.rules ?? [thursdayRule()], changes: extra.changes ?? [], extras: [], holidays: extra.holidays ?? holidays2024 }, from, to);

describe('generateSessions', () => {
  it('gives every Thursday of June 2024', () => {
    expect(run('2024-06-01', '2024-06-30').map((s) => s.date)).toEqual(['2024-06-06', '2024-06-13', '2024-06-20', '2024-06-27']);
  });

  it.each([
    // Giỗ Tổ fell on Thursday 18/4/2024: the session moves to Friday 19/4.
    ['2024-04-15', '2024-04-21', [{ date: '2024-04-19', status: 'moved', originalDate: '2024-04-18' }]],
    // Thursday 8/2/2024 was in the Tết break; the next working day (Thursday 15/2) has its own session.
    ['2024-02-05', '2024-02-16', [{ date: '2024-02-08', status: 'cancelled' }, { date: '2024-02-15', status: 'scheduled' }]],
  ])('applies the holiday rule between %s and %s', (from, to, expected) => {
    expect(run(from, to)).toMatchObject(expected);
  });

  it('cancels holiday sessions when the rule says so', () => {
    const [session] = run('2024-04-15', '2024-04-21', { rules: [thursdayRule({ holidayPolicy: 'cancel' })] });
    expect(session).toMatchObject({ date: '2024-04-18', status: 'cancelled', reason: 'Nghỉ lễ: Giỗ Tổ Hùng Vương.' });
  });

  it.each([
    [[1, 3], ['2024-07-04', '2024-07-18']], // first and third Thursday of July 2024
    [[-1], ['2024-07-25']], // last Thursday
  ])('a monthly rule with weeks %j gives %j', (weeks, dates) => {
    const rule = thursdayRule({ frequency: 'monthly', weeksOfMonth: weeks });
    expect(run('2024-07-01', '2024-07-31', { rules: [rule] }).map((s) => s.date)).toEqual(dates);
  });

  it('stops at the end of the rule', () => {
    expect(run('2024-06-01', '2024-06-30', { rules: [thursdayRule({ validTo: '2024-06-14' })] }).map((s) => s.date)).toEqual(['2024-06-06', '2024-06-13']);
  });

  it('applies a move, keeping the same key so calendars update the event', () => {
    const change: SessionChange = {
      id: 1, ruleId: 1, sessionDate: '2024-06-20', kind: 'moved', reason: 'Chủ tịch họp tại huyện', newDate: '2024-06-21',
      newPlace: '', newHostTitle: '', newHostName: '', createdAt: '2024-06-03T02:00:00.000Z',
    };
    const june = run('2024-06-17', '2024-06-23', { changes: [change] });
    expect(june).toMatchObject([{ key: 'rule-1-2024-06-20', date: '2024-06-21', status: 'moved', originalDate: '2024-06-20', lateChange: false }]);
    expect(june[0]!.sequence).toBeGreaterThan(0);
  });

  it('marks a change made less than five working days ahead as late', () => {
    const change: SessionChange = {
      id: 2, ruleId: 1, sessionDate: '2024-06-20', kind: 'host_changed', reason: 'Chủ tịch đi công tác',
      newPlace: '', newHostTitle: 'Phó Chủ tịch Ủy ban nhân dân thị trấn', newHostName: '', createdAt: '2024-06-17T02:00:00.000Z',
    };
    const [session] = run('2024-06-20', '2024-06-20', { changes: [change] });
    expect(session).toMatchObject({ hostTitle: 'Phó Chủ tịch Ủy ban nhân dân thị trấn', hostChanged: true, lateChange: true, status: 'scheduled' });
  });

  it('finds the next session that is still on', () => {
    const cancelled: SessionChange = {
      id: 3, ruleId: 1, sessionDate: '2024-06-20', kind: 'cancelled', reason: 'Bão', newPlace: '', newHostTitle: '', newHostName: '', createdAt: '2024-06-01T00:00:00Z',
    };
    expect(nextSession(run('2024-06-18', '2024-07-10', { changes: [cancelled] }), '2024-06-18')?.date).toBe('2024-06-27');
  });
});

describe('WorkingCalendar', () => {
  it.each([
    ['2024-06-13', '2024-06-20', 4], // Thursday to Thursday: Fri, Mon, Tue, Wed (the session day does not count)
    ['2024-06-14', '2024-06-20', 3],
    ['2024-04-12', '2024-04-19', 3], // Giỗ Tổ (Thu 18/4) does not count
  ])('from %s to %s: %i working days strictly between', (from, to, days) => {
    expect(new WorkingCalendar(holidays2024).workingDaysBetween(from, to)).toBe(days);
  });

  it.each([
    // Decree 64/2014/NĐ-CP: five working days' notice; four is late, five is not.
    ['2024-06-13', '2024-06-20', true], // 4 working days between
    ['2024-06-12', '2024-06-20', false], // 5 (Thu, Fri, Mon, Tue, Wed)
    ['2024-04-11', '2024-04-19', true], // Giỗ Tổ (Thu 18/4) takes one away: 4
  ])('a change made on %s for a session on %s is late: %s', (changedOn, session, late) => {
    const calendar = new WorkingCalendar(holidays2024);
    expect(calendar.isLate(changedOn, session)).toBe(late);
    expect(isLateNotice(calendar.noticeDays(changedOn, session))).toBe(late);
  });
});

describe('ReceptionRuleSchema', () => {
  it('says what is wrong in Vietnamese', () => {
    const parsed = ReceptionRuleSchema.safeParse({ frequency: 'monthly', weekdays: [], startTime: '11:00', endTime: '7:30', place: '', hostTitle: '', validFrom: '2024-13-01' });
    expect(parsed.success).toBe(false);
    const messages = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
    expect(messages).toContain('Chọn ít nhất một ngày trong tuần.');
    expect(messages).toContain('Chưa nhập chức vụ người tiếp.');
  });

  it('keeps hours and place left empty as null (not published), never a default', () => {
    // Report 78/BC-UBND gives the weekly day and the host, not the hours or the place (issue 12).
    const rule = ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], startTime: '', endTime: ' ', place: '', hostTitle: 'Chủ tịch', validFrom: '2024-01-01' });
    expect([rule.startTime, rule.endTime, rule.place]).toEqual([null, null, null]);
    const missing = ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], hostTitle: 'Chủ tịch', validFrom: '2024-01-01' });
    expect([missing.startTime, missing.endTime, missing.place]).toEqual([null, null, null]);
  });

  it('refuses a start time without an end time, on the empty field', () => {
    const parsed = ReceptionRuleSchema.safeParse({ frequency: 'weekly', weekdays: [4], startTime: '07:30', endTime: '', hostTitle: 'Chủ tịch', validFrom: '2024-01-01' });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['endTime', 'Nhập cả giờ bắt đầu và giờ kết thúc, hoặc để trống cả hai nếu chưa có thông tin.'],
    ]);
  });

  it('describes a rule as Vietnamese say it', () => {
    expect(describeRule(thursdayRule())).toBe('Thứ Năm hằng tuần');
    expect(describeRule(thursdayRule({ frequency: 'monthly', weeksOfMonth: [1, 3] }))).toBe('Thứ Năm tuần thứ nhất và tuần thứ ba hằng tháng');
  });
});

describe('WorkingCalendar rest days (ISO weekdays, as rules number them)', () => {
  it.each([
    [undefined, '2024-06-22', false], // default rest days [6, 7]: Saturday off
    [undefined, '2024-06-23', false], // Sunday off
    [undefined, '2024-06-24', true], // Monday
    [[7] as const, '2024-06-22', true], // an office open on Saturdays rests only on Sunday (7, not 0)
    [[7] as const, '2024-06-23', false],
  ])('rest days %j: %s is a working day: %s', (restDays, date, working) => {
    expect(new WorkingCalendar([], restDays ? [...restDays] : undefined).isWorkingDay(date)).toBe(working);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultHolidays, parseHolidayList, type Holiday, type HolidayInput, HolidaySchema } from '../../schema/calendar/holidays.ts';
import {
  calendarDiff,
  generateSessions,
  historyAfterEdit,
  ReceptionRuleSchema,
  WorkingCalendar,
  type CalendarInput,
  type ReceptionRule,
  type ReceptionRuleInput,
} from '../../schema/reception/reception.ts';

/** The source report's rule: the Chairman receives every Thursday. */
function thursdayRule(overrides: Partial<ReceptionRuleInput> = {}, state: Partial<ReceptionRule> = {}): ReceptionRule {
  return {
    ...ReceptionRuleSchema.parse({
      frequency: 'weekly',
      weekdays: [4],
      startTime: '07:30',
      endTime: '11:00',
      place: 'Trụ sở Ủy ban nhân dân thị trấn',
      hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
      validFrom: '2024-01-01',
      ...overrides,
    }),
    id: 1,
    version: 1,
    updatedAt: '2024-01-02T01:00:00.000Z',
    ...state,
  };
}

const day = (date: string, name: string, kind: HolidayInput['kind'] = 'holiday', source = 'Thông báo của Bộ Nội vụ'): Holiday => HolidaySchema.parse({ date, name, kind, source });

/** The 2026 civil-service days off as an official enters them (law brief §6). */
const official2026: Holiday[] = [
  day('2026-01-01', 'Tết Dương lịch'),
  day('2026-01-02', 'Nghỉ hoán đổi dịp Tết Dương lịch', 'swapped_off', 'Công văn 12729/VPCP-KGVX'),
  day('2026-01-10', 'Làm bù cho ngày 02/01/2026', 'makeup_workday', 'Công văn 12729/VPCP-KGVX'),
  ...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => day(`2026-02-${d}`, 'Nghỉ Tết Nguyên đán Bính Ngọ')),
  day('2026-04-30', 'Ngày Chiến thắng 30/4'),
  day('2026-05-01', 'Ngày Quốc tế Lao động 1/5'),
];

const input = (extra: Partial<CalendarInput> = {}): CalendarInput => ({ rules: [thursdayRule()], changes: [], extras: [], holidays: official2026, ...extra });

describe('days off as an official enters them: a session never lands on a day off', () => {
  it.each([
    ['Thu 01/01/2026 holiday + Fri 02/01 swapped off', '2026-01-01', '2026-01-05'],
    ['Thu 30/04/2026 + Fri 01/05', '2026-04-30', '2026-05-04'],
    ['Thu 19/02/2026 in the Tết break 14–22/02', '2026-02-19', '2026-02-23'],
  ])('%s → Monday %s', (_what, ruleDay, expected) => {
    const session = generateSessions(input(), ruleDay, ruleDay).find((s) => s.key === `rule-1-${ruleDay}`) ?? generateSessions(input(), ruleDay, expected).find((s) => s.key === `rule-1-${ruleDay}`);
    expect(session).toMatchObject({ status: 'moved', originalDate: ruleDay, date: expected });
  });

  it('a make-up Saturday is a working day, but gets no regular session', () => {
    const calendar = new WorkingCalendar(official2026);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(generateSessions(input(), '2026-01-10', '2026-01-10')).toEqual([]);
    // A rule that says Saturday does get it.
    const saturday = generateSessions(input({ rules: [thursdayRule({ weekdays: [6] })] }), '2026-01-10', '2026-01-10');
    expect(saturday.map((s) => [s.date, s.status])).toEqual([['2026-01-10', 'scheduled']]);
  });

  it('no session of 2026 is on a day off or a rest day', () => {
    const calendar = new WorkingCalendar(official2026);
    const sessions = generateSessions(input(), '2026-01-01', '2026-12-31').filter((s) => s.status !== 'cancelled');
    expect(sessions.length).toBeGreaterThan(45);
    expect(sessions.filter((s) => !calendar.isWorkingDay(s.date)).map((s) => s.date)).toEqual([]);
  });

  it('labels sessions of a year with only computed days off "dự kiến — chưa xác nhận", not a confirmed year', () => {
    const both = input({ holidays: [...official2026, ...defaultHolidays(2027)], provisionalYears: [2027] });
    const [s2026] = generateSessions(both, '2026-06-01', '2026-06-07');
    const [s2027] = generateSessions(both, '2027-06-01', '2027-06-07');
    expect(s2026!.provisional).toBe(false);
    expect(s2027!.provisional).toBe(true);
  });
});

describe('the default day next to 2/9', () => {
  it.each([
    [2022, ['2022-09-01', '2022-09-02']], // Friday 2/9: Thu 1/9 – Fri 2/9
    [2023, ['2023-09-01', '2023-09-02', '2023-09-04']], // Saturday 2/9: Fri 1/9, and Monday 4/9 in lieu
    [2024, ['2024-09-02', '2024-09-03']], // Monday 2/9: Tue 3/9
    [2025, ['2025-09-01', '2025-09-02']], // Tuesday 2/9: Mon 1/9
  ])('%i: %j', (year, dates) => {
    const september = defaultHolidays(year).filter((h) => h.date.startsWith(`${year}-09`)).map((h) => h.date);
    expect(september).toEqual(dates);
  });
});

describe('the notice period: five working days strictly before the session day', () => {
  it('counts neither the change day nor the session day, nor any day off', () => {
    const calendar = new WorkingCalendar(official2026);
    // Changed Thu 11/06/2026 for Thu 18/06: Fri, Mon, Tue, Wed = 4 → late.
    expect(calendar.noticeDays('2026-06-11', '2026-06-18')).toBe(4);
    expect(calendar.isLate('2026-06-11', '2026-06-18')).toBe(true);
    // Changed Wed 10/06: Thu, Fri, Mon, Tue, Wed = 5 → timely.
    expect(calendar.isLate('2026-06-10', '2026-06-18')).toBe(false);
    // Across the Tết break: changed Fri 13/02 for Thu 26/02: Mon 23 – Wed 25 = 3.
    expect(calendar.noticeDays('2026-02-13', '2026-02-26')).toBe(3);
    expect(calendar.firstTimelyDate('2026-06-11')).toBe('2026-06-19');
  });
});

describe('rule versions: an edit applies from its date, the past stays as it was', () => {
  it('keeps every session before the effective date byte-for-byte, whatever field changes', () => {
    const original = thursdayRule();
    const past = JSON.stringify(generateSessions(input({ rules: [original] }), '2026-01-01', '2026-06-17'));
    const edited: ReceptionRule = {
      ...thursdayRule(
        {
          frequency: 'monthly',
          weekdays: [3],
          weeksOfMonth: [1],
          startTime: '13:30',
          endTime: '16:00',
          place: 'Nhà văn hóa khu phố',
          hostTitle: 'Chủ tịch Ủy ban nhân dân',
          hostName: 'Nguyễn Văn A',
          topics: 'Đất đai',
          validFrom: '2025-01-01',
          validTo: '2027-12-31',
          holidayPolicy: 'cancel',
        },
        { version: 2, updatedAt: '2026-06-10T02:00:00.000Z' },
      ),
      history: historyAfterEdit(original, '2026-06-18'),
    };
    const after = input({ rules: [edited] });
    expect(JSON.stringify(generateSessions(after, '2026-01-01', '2026-06-17'))).toBe(past);
    // From the effective date on, the new version applies: the first Wednesday of July.
    expect(generateSessions(after, '2026-06-18', '2026-07-31').map((s) => [s.date, s.startTime])).toEqual([['2026-07-01', '13:30']]);
  });

  it('a second edit keeps the first edit for the dates it covered', () => {
    const v1 = thursdayRule();
    const v2: ReceptionRule = { ...thursdayRule({ startTime: '08:00' }, { version: 2 }), history: historyAfterEdit(v1, '2026-03-01') };
    const v3: ReceptionRule = { ...thursdayRule({ startTime: '09:00' }, { version: 3 }), history: historyAfterEdit(v2, '2026-05-01') };
    const times = generateSessions(input({ rules: [v3] }), '2026-02-23', '2026-05-08').map((s) => s.startTime);
    expect(times[0]).toBe('07:30');
    expect(times.at(-1)).toBe('09:00');
    expect(times).toContain('08:00');
  });
});

describe('calendarDiff: what an edit changes, and what is late', () => {
  it('lists a moved session late inside the notice period, and a later one not late', () => {
    const before = input();
    const edited: ReceptionRule = { ...thursdayRule({ startTime: '13:30', endTime: '16:00' }, { version: 2 }), history: historyAfterEdit(thursdayRule(), '2026-06-12') };
    const diff = calendarDiff(before, input({ rules: [edited] }), '2026-06-12');
    expect(diff[0]).toMatchObject({ key: 'rule-1-2026-06-18', late: true });
    expect(diff[1]).toMatchObject({ key: 'rule-1-2026-06-25', late: false });
  });

  it('hours and place going from unknown to known change every session, late inside the notice period', () => {
    // Citizens could not plan when or where to come until the hours were published: a session
    // whose hours are published with less than five working days' notice was announced late.
    const unknown = thursdayRule({ startTime: '', endTime: '', place: '' });
    const known: ReceptionRule = { ...thursdayRule({}, { version: 2 }), history: historyAfterEdit(unknown, '2026-06-12') };
    const diff = calendarDiff(input({ rules: [unknown] }), input({ rules: [known] }), '2026-06-12');
    expect(diff[0]).toMatchObject({ key: 'rule-1-2026-06-18', late: true, before: { startTime: null, place: null }, after: { startTime: '07:30', place: 'Trụ sở Ủy ban nhân dân thị trấn' } });
    expect(diff[1]).toMatchObject({ key: 'rule-1-2026-06-25', late: false });
  });

  it('a new holiday-list entry that displaces a session is a change of that session', () => {
    const diff = calendarDiff(input(), input({ holidays: [...official2026, day('2026-06-18', 'Nghỉ (thử nghiệm)', 'swapped_off')] }), '2026-06-12');
    expect(diff.map((d) => [d.key, d.after?.date, d.late])).toEqual([['rule-1-2026-06-18', '2026-06-19', true]]);
  });

  it('a removed session stays listed cancelled once marked', () => {
    const removed = generateSessions(input(), '2026-06-25', '2026-06-25')[0]!;
    const ended: ReceptionRule = { ...thursdayRule({ validTo: '2026-06-20' }, { version: 2 }), history: historyAfterEdit(thursdayRule(), '2026-06-12') };
    const marks = new Map([[removed.key, { markedAt: '2026-06-12T03:00:00.000Z', late: false, reason: 'Thử nghiệm.', removed }]]);
    const [shown] = generateSessions(input({ rules: [ended], lateMarks: marks }), '2026-06-25', '2026-06-25');
    expect(shown).toMatchObject({ key: removed.key, status: 'cancelled', lateChange: false });
    expect(shown!.reason).toContain('Thử nghiệm.');
  });
});

describe('the amended law as configuration', () => {
  it('"at least N days a month" gives the first N working days on the chosen weekdays', () => {
    const rule = thursdayRule({ frequency: 'monthly_days', weekdays: [2, 4], daysPerMonth: 3 });
    // January 2026: Thu 1/1 is a holiday, so Tue 6, Thu 8, Tue 13.
    expect(generateSessions(input({ rules: [rule] }), '2026-01-01', '2026-01-31').map((s) => s.date)).toEqual(['2026-01-06', '2026-01-08', '2026-01-13']);
    expect(ReceptionRuleSchema.safeParse({ ...rule, daysPerMonth: '' }).success).toBe(false);
  });

  it('flags a regular session after 1/7/2026 received by someone other than the Chairman, not before', () => {
    const deputy = thursdayRule({ hostTitle: 'Phó Chủ tịch Ủy ban nhân dân thị trấn' });
    const sessions = generateSessions(input({ rules: [deputy] }), '2026-06-25', '2026-07-02');
    expect(sessions.map((s) => [s.date, s.hostNotChairman])).toEqual([['2026-06-25', false], ['2026-07-02', true]]);
    const chair = generateSessions(input(), '2026-07-02', '2026-07-02');
    expect(chair[0]!.hostNotChairman).toBe(false);
  });
});

describe('parseHolidayList', () => {
  it('reads kind and source per line, and names a wrong kind', () => {
    const parsed = parseHolidayList('02/01/2026 | nghỉ bù | Nghỉ hoán đổi | Công văn 12729/VPCP-KGVX\n10/01/2026 | làm bù | Làm bù | Công văn 12729/VPCP-KGVX\n01/01/2026 Tết Dương lịch', 2026);
    expect(parsed).toEqual({
      ok: true,
      list: [
        { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'holiday', source: '' },
        { date: '2026-01-02', name: 'Nghỉ hoán đổi', kind: 'swapped_off', source: 'Công văn 12729/VPCP-KGVX' },
        { date: '2026-01-10', name: 'Làm bù', kind: 'makeup_workday', source: 'Công văn 12729/VPCP-KGVX' },
      ],
    });
    const wrong = parseHolidayList('02/01/2026 | nghỉ phép | X', 2026);
    expect(wrong.ok ? '' : wrong.message).toContain('loại ngày');
  });
});

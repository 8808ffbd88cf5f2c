import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { generateSessions, ReceptionRuleSchema, type ReceptionRule, type SessionChange } from '../../schema/reception/reception.ts';
import { calendarFeed, escapeText, foldLine } from '../../site/src/lib/ics.ts';

const rule: ReceptionRule = {
  ...ReceptionRuleSchema.parse({
    frequency: 'weekly',
    weekdays: [4],
    startTime: '07:30',
    endTime: '11:00',
    place: 'Phòng tiếp công dân, trụ sở Ủy ban nhân dân thị trấn Bình Dương; tầng 1',
    hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
    validFrom: '2024-01-01',
  }),
  id: 7,
  version: 1,
  updatedAt: '2024-01-02T01:00:00.000Z',
};
const moved: SessionChange = {
  id: 1, ruleId: 7, sessionDate: '2024-06-20', kind: 'moved', reason: 'Chủ tịch họp tại huyện', newDate: '2024-06-21',
  newPlace: '', newHostTitle: '', newHostName: '', createdAt: '2024-06-03T02:00:00.000Z',
};
const cancelled: SessionChange = { ...moved, id: 2, sessionDate: '2024-06-27', kind: 'cancelled', newDate: undefined, reason: 'Mưa bão' };
const sessions = generateSessions({ rules: [rule], changes: [moved, cancelled], extras: [], holidays: [] }, '2024-06-01', '2024-06-30');
const options = { calendarName: 'Lịch tiếp công dân – thị trấn Bình Dương', uidDomain: 'thi-tran-binh-duong.lich-tiep-cong-dan', pageUrl: 'https://example.vn/lich-tiep-cong-dan/', stamp: '2024-01-02T01:00:00Z' };

describe('calendarFeed', () => {
  const text = calendarFeed(sessions, options);

  it('uses CRLF line ends and folds every line at 75 octets', () => {
    const lines = text.split('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('is read back by an independent parser (ical.js) with the right times in Asia/Ho_Chi_Minh', () => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    const timezone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(timezone.tzid).toBe('Asia/Ho_Chi_Minh');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([
      'rule-7-2024-06-06@thi-tran-binh-duong.lich-tiep-cong-dan',
      'rule-7-2024-06-13@thi-tran-binh-duong.lich-tiep-cong-dan',
      'rule-7-2024-06-20@thi-tran-binh-duong.lich-tiep-cong-dan', // moved to Friday, same UID
      'rule-7-2024-06-27@thi-tran-binh-duong.lich-tiep-cong-dan',
    ]);
    const first = events[0]!;
    first.startDate.zone = timezone;
    // 07:30 in Vietnam is 00:30 UTC.
    expect(first.startDate.toJSDate().toISOString()).toBe('2024-06-06T00:30:00.000Z');
    expect(first.location).toBe('Phòng tiếp công dân, trụ sở Ủy ban nhân dân thị trấn Bình Dương; tầng 1');
    expect(first.summary).toBe('Tiếp công dân định kỳ – Chủ tịch Ủy ban nhân dân thị trấn');
    const movedEvent = events[2]!;
    expect(movedEvent.startDate.toString()).toBe('2024-06-21T07:30:00');
    expect(movedEvent.sequence).toBeGreaterThan(0);
    expect(events[3]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(first.sequence).toBe(0);
  });

  it('is the same text when built twice from the same data (stable across rebuilds)', () => {
    expect(calendarFeed(sessions, options)).toBe(text);
  });
});

describe('calendarFeed for a rule without published hours or place', () => {
  // Report 78/BC-UBND gives the weekly day only (issue 12): the rule leaves hours and place empty.
  const unknownRule: ReceptionRule = { ...ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], hostTitle: rule.hostTitle, validFrom: '2024-01-01' }), id: 8, version: 1, updatedAt: rule.updatedAt };
  const text = calendarFeed(generateSessions({ rules: [unknownRule], changes: [], extras: [], holidays: [] }, '2024-06-01', '2024-06-10'), options);
  const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

  it('makes each session an all-day event (VALUE=DATE) on its day, not at an invented hour', () => {
    expect(unknownRule.startTime).toBeNull();
    expect(events.map((e) => [e.startDate.toString(), e.endDate.toString(), e.startDate.isDate])).toEqual([['2024-06-06', '2024-06-07', true]]);
    expect(text).toContain('DTSTART;VALUE=DATE:20240606\r\n');
  });

  it('says in the description that the hours are not published yet, and has no LOCATION', () => {
    expect(events[0]!.description).toContain('Giờ tiếp: chưa có thông tin');
    expect(events[0]!.description).toContain('Địa điểm: chưa có thông tin');
    expect(events[0]!.component.getFirstProperty('location')).toBeNull();
    expect(text).not.toMatch(/^LOCATION/m);
  });
});

describe('ICS text helpers', () => {
  it.each([
    ['a,b;c\\d', 'a\\,b\\;c\\\\d'],
    ['dòng 1\ndòng 2', 'dòng 1\\ndòng 2'],
  ])('escapeText(%j) = %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('never splits a multi-byte Vietnamese character when folding', () => {
    const folded = foldLine(`SUMMARY:${'Tiếp công dân định kỳ '.repeat(8)}`);
    const unfolded = folded.replace(/\r\n /g, '');
    expect(unfolded).toBe(`SUMMARY:${'Tiếp công dân định kỳ '.repeat(8)}`);
  });
});

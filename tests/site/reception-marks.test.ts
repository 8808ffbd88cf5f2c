import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { computedHolidays } from '../../schema/calendar/holidays.ts';
import {
  factsOf,
  generateSessions,
  ReceptionRuleSchema,
  type ReceptionRule,
  type SessionOutcome,
} from '../../schema/reception/reception.ts';
import { calendarFeed } from '../../site/src/lib/ics.ts';
import { DATASETS, records } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';

/** Issue 21, item 7 (calendar part) and the plan/record split, on pure data: no database. */

const rule: ReceptionRule = {
  ...ReceptionRuleSchema.parse({ frequency: 'weekly', weekdays: [4], startTime: '07:30', endTime: '11:00', place: 'Trụ sở', hostTitle: 'Chủ tịch', validFrom: '2027-01-01' }),
  id: 3,
  version: 1,
  updatedAt: '2026-12-01T01:00:00.000Z',
};
// 2027 is a year no official list covers yet: its days off are computed, "dự kiến — chưa xác nhận".
const input = { rules: [rule], changes: [], extras: [], holidays: computedHolidays(2027), provisionalYears: [2027] };
const sessions = generateSessions(input, '2027-03-01', '2027-03-31');
const options = { calendarName: 'Lịch tiếp công dân – thị trấn Bình Dương', uidDomain: 'x.lich-tiep-cong-dan', pageUrl: 'https://example.vn/', stamp: '2026-12-01T01:00:00Z' };
const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe('the calendar feed of a demo unit', () => {
  it('names the calendar and titles every event "Dữ liệu minh họa", and says provisional days off in each event', () => {
    const feed = parse(calendarFeed(sessions, { ...options, demo: true }));
    expect(feed.getFirstPropertyValue('x-wr-calname')).toBe('Lịch tiếp công dân – thị trấn Bình Dương (Dữ liệu minh họa)');
    const events = feed.getAllSubcomponents('vevent');
    expect(events.length).toBe(4);
    for (const e of events) {
      expect(String(e.getFirstPropertyValue('summary'))).toMatch(/^\[Dữ liệu minh họa\] /);
      expect(String(e.getFirstPropertyValue('description'))).toContain('Ngày nghỉ năm 2027: dự kiến — chưa xác nhận.');
    }
  });

  it('carries no mark for a unit whose data is real', () => {
    const text = calendarFeed(sessions, options);
    expect(text).not.toContain('minh họa');
  });
});

describe('the calendar dataset (/du-lieu/lich-tiep-cong-dan.json and .csv)', () => {
  const dataset = DATASETS.find((d) => d.key === 'lich-tiep-cong-dan')!;
  const rows = (demoData: boolean, today: string) => records(dataset, { reception: { sessions }, today, unit: { demoData } } as unknown as PortalData);

  it('flags provisional days off and the demo mark on every row', () => {
    expect(rows(true, '2027-01-01').every((r) => r.provisional === true && r.dataMark === 'Dữ liệu minh họa')).toBe(true);
    expect(rows(false, '2027-01-01').every((r) => r.dataMark === null)).toBe(true);
  });

  it('says "unrecorded" for a past session nobody recorded, and nothing for one still to come', () => {
    expect(rows(false, '2027-03-12').map((r) => [r.date, r.record])).toEqual([
      ['2027-03-04', 'unrecorded'],
      ['2027-03-11', 'unrecorded'],
      ['2027-03-18', null],
      ['2027-03-25', null],
    ]);
  });
});

describe('factsOf', () => {
  const held = (citizensReceived: number | null): SessionOutcome => ({ held: true, heldByTitle: '', heldByName: '', citizensReceived, note: '', recordedAt: '2027-03-05T01:00:00.000Z', version: 1 });
  const with_ = (records: [string, SessionOutcome][]) => generateSessions({ ...input, records: new Map(records) }, '2027-03-01', '2027-03-31');

  it.each([
    // Nothing recorded: the plan is known, what happened is not.
    ['nothing recorded', [], { planned: 2, held: null, notHeld: null, unrecorded: 2, unscheduled: null, citizensReceived: null }],
    // One of two recorded: still unknown, never a partial count as the figure.
    ['one of two recorded', [['rule-3-2027-03-04', held(3)]], { planned: 2, held: null, unrecorded: 1, citizensReceived: null }],
    // Both recorded with counts: the figures are facts.
    ['both recorded', [['rule-3-2027-03-04', held(3)], ['rule-3-2027-03-11', held(2)]], { planned: 2, held: 2, notHeld: 0, unrecorded: 0, citizensReceived: 5 }],
    // A count the unit does not keep stays unknown, not 0.
    ['a count not kept', [['rule-3-2027-03-04', held(3)], ['rule-3-2027-03-11', held(null)]], { held: 2, citizensReceived: null }],
  ] as [string, [string, SessionOutcome][], object][])('%s', (_name, records, expected) => {
    // As of 12/03/2027: the sessions of 18/03 and 25/03 are plans still to come and are not counted.
    expect(factsOf(with_(records), '2027-03-01', '2027-03-31', '2027-03-12')).toMatchObject(expected);
  });

  it('knows nothing of a period in which no regular session was planned: null, never 0', () => {
    expect(factsOf(with_([]), '2027-05-01', '2027-05-31', '2027-06-01')).toMatchObject({ planned: 0, held: null, notHeld: null, citizensReceived: null });
  });

  it('never counts the sessions of a "[Minh họa]" rule, even recorded as held', () => {
    const demo = { ...rule, topics: '[Minh họa] Lịch minh họa' };
    const sessions = generateSessions({ ...input, rules: [demo], records: new Map([['rule-3-2027-03-04', held(3)]]) }, '2027-03-01', '2027-03-31');
    expect(factsOf(sessions, '2027-03-01', '2027-03-31', '2027-03-12')).toMatchObject({ planned: 0, held: null, unrecorded: 0, citizensReceived: null });
  });
});

import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import {
  generateSessions,
  nextSession,
  ReceptionRuleSchema,
  type ExtraSession,
  type ReceptionRule,
  type SessionChange,
} from '../../schema/reception/reception.ts';
import { pageHeaders } from '../../schema/core/security-headers.ts';
import { calendarFeed } from '../../site/src/lib/ics.ts';
import { cancelledBeforeNext, googleCalendarLink, sessionIcsName, sessionIcsPath } from '../../site/src/lib/reception-view.ts';

const rule: ReceptionRule = {
  ...ReceptionRuleSchema.parse({
    frequency: 'weekly',
    weekdays: [4],
    startTime: '07:30',
    endTime: '11:00',
    place: 'Phòng tiếp công dân, trụ sở Ủy ban nhân dân thị trấn Bình Dương',
    hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
    validFrom: '2026-11-01',
  }),
  id: 3,
  version: 1,
  updatedAt: '2026-11-01T01:00:00.000Z',
};
const change = (sessionDate: string, reason: string): SessionChange => ({
  id: 1, ruleId: 3, sessionDate, kind: 'cancelled', reason, newPlace: '', newHostTitle: '', newHostName: '', createdAt: '2026-11-27T02:00:00.000Z',
});
const afternoon: ExtraSession = {
  id: 9, kind: 'joint', date: '2026-12-10', startTime: '14:00', endTime: '16:00', place: 'Hội trường', hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
  hostName: '', topics: '', withBodies: 'Mặt trận Tổ quốc', createdAt: '2026-11-20T01:00:00.000Z',
} as ExtraSession;
const calendar = (changes: SessionChange[]) => generateSessions({ rules: [rule], changes, extras: [afternoon], holidays: [] }, '2026-11-01', '2027-01-31');

describe('sessionIcsName', () => {
  const sessions = calendar([]);
  it('names a session file by its date', () => {
    const thursday = sessions.find((s) => s.date === '2026-12-03')!;
    expect(sessionIcsName(thursday, sessions)).toBe('tiep-cong-dan-2026-12-03.ics');
    expect(sessionIcsPath(thursday, sessions)).toBe('/lich-tiep-cong-dan/buoi/tiep-cong-dan-2026-12-03.ics');
  });
  it('gives a second session on the same day, by start time, the suffix -2', () => {
    const day = sessions.filter((s) => s.date === '2026-12-10');
    expect(day.map((s) => sessionIcsName(s, sessions))).toEqual(['tiep-cong-dan-2026-12-10.ics', 'tiep-cong-dan-2026-12-10-2.ics']);
  });
});

describe('cancelledBeforeNext', () => {
  it('lists the cancelled Thursday between today and the next session that is on', () => {
    const sessions = calendar([change('2026-12-03', 'Chủ tịch dự họp tại Ủy ban nhân dân tỉnh')]);
    const next = nextSession(sessions, '2026-11-27');
    expect(next?.date).toBe('2026-12-10');
    expect(cancelledBeforeNext(sessions, next, '2026-11-27').map((s) => [s.date, s.reason])).toEqual([['2026-12-03', 'Chủ tịch dự họp tại Ủy ban nhân dân tỉnh']]);
  });
  it('drops it once its day has passed', () => {
    const sessions = calendar([change('2026-11-26', 'Mưa bão')]);
    expect(cancelledBeforeNext(sessions, nextSession(sessions, '2026-11-27'), '2026-11-27')).toEqual([]);
    // On its own day it is still shown.
    expect(cancelledBeforeNext(sessions, nextSession(sessions, '2026-11-26'), '2026-11-26').map((s) => s.date)).toEqual(['2026-11-26']);
  });
  it('leaves out cancelled sessions after the next one', () => {
    const sessions = calendar([change('2026-12-17', 'Mưa bão')]);
    expect(cancelledBeforeNext(sessions, nextSession(sessions, '2026-11-27'), '2026-11-27')).toEqual([]);
  });
});

describe('the subscription feed', () => {
  it('asks calendar apps to refetch as often as its Cache-Control lets caches keep it', () => {
    const feed = new ICAL.Component(ICAL.parse(calendarFeed([], { calendarName: 'x', uidDomain: 'x', pageUrl: 'https://example.vn/', stamp: '2026-01-01T00:00:00Z' })));
    const seconds = (name: string) => ICAL.Duration.fromString(String(feed.getFirstProperty(name)!.getFirstValue())).toSeconds();
    const maxAge = Number(/^public, max-age=(\d+)$/.exec(pageHeaders('/lich-tiep-cong-dan.ics', []).cacheControl)![1]);
    expect(seconds('refresh-interval')).toBe(maxAge);
    expect(seconds('x-published-ttl')).toBe(maxAge);
  });
  it('is offered to Google Calendar by its webcal: address', () => {
    expect(googleCalendarLink('https://xa.example.vn/lich-tiep-cong-dan.ics')).toBe('https://calendar.google.com/calendar/render?cid=webcal://xa.example.vn/lich-tiep-cong-dan.ics');
  });
});

import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { loadCalendar } from '../../schema/reception/reception.db.ts';
import { listEarlierNames } from '../../schema/unit/unit-names.db.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { generateSessions } from '../../schema/reception/reception.ts';
import { committeeName } from '../../schema/unit/unit.ts';
import { identityOn } from '../../schema/unit/unit-names.ts';
import { saveReceptionSettings } from '../../schema/reception/reception.use-cases.ts';
import { saveUnit } from '../../schema/unit/unit.use-cases.ts';
import { calendarFeed } from '../../site/src/lib/ics.ts';
import { uidDomain } from '../../site/src/lib/reception-view.ts';
import { api, makeOfficial, type Official } from '../helpers.ts';

type Json = Record<string, any>;

const PLACE = 'Trụ sở Ủy ban nhân dân (thử nghiệm lịch sử)';
const thursdays = (validFrom: string) => ({
  frequency: 'weekly',
  weekdays: [4],
  startTime: '07:30',
  endTime: '11:00',
  place: PLACE,
  hostTitle: 'Chủ tịch Ủy ban nhân dân',
  validFrom,
});

async function sessionsJson(official: Official, from: string, to: string, ruleId: number): Promise<string> {
  const res = await api(official, 'GET', `/api/v1/reception/sessions?from=${from}&to=${to}`);
  return JSON.stringify(((await res.json()) as Json).items.filter((s: Json) => s.ruleId === ruleId));
}

/** What the site builds from (page data) and the ICS events it writes, for one rule's past. */
async function pageAndFeed(from: string, to: string, ruleId: number) {
  const year = Number(todayInVietnam().slice(0, 4));
  const sessions = generateSessions(await loadCalendar(env.DB, [year - 1, year, year + 1]), from, to).filter((s) => s.ruleId === ruleId);
  const feed = calendarFeed(sessions, { calendarName: 'Lịch', uidDomain: 'x.lich-tiep-cong-dan', pageUrl: 'https://example.vn/', stamp: '2024-01-01T00:00:00Z' });
  return { page: JSON.stringify(sessions), feed };
}

describe('a rule edit never rewrites the past', () => {
  it('keeps page data, ICS events and JSON of past dates byte-for-byte after every rule field changes', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const start = addDays(today, -120);
    const created = await api(official, 'POST', '/api/v1/reception/rules', thursdays(start));
    const rule = (await created.json()) as Json;
    const pastEnd = addDays(today, -1);
    const json = await sessionsJson(official, start, pastEnd, rule.id);
    const before = await pageAndFeed(start, pastEnd, rule.id);
    expect(JSON.parse(json).length).toBeGreaterThan(10);

    const edited = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, {
      frequency: 'monthly',
      weekdays: [2, 3],
      weeksOfMonth: [1, 3],
      startTime: '13:30',
      endTime: '16:30',
      place: 'Nhà văn hóa khu phố',
      hostTitle: 'Chủ tịch Ủy ban nhân dân thị trấn',
      hostName: 'Nguyễn Văn A',
      topics: 'Đất đai, xây dựng',
      validFrom: addDays(start, -30),
      validTo: addDays(today, 200),
      holidayPolicy: 'cancel',
      version: 1,
      effectiveFrom: today,
      reason: 'Thử nghiệm',
    });
    expect(edited.status).toBe(200);
    expect(await sessionsJson(official, start, pastEnd, rule.id)).toBe(json);
    const after = await pageAndFeed(start, pastEnd, rule.id);
    expect(after.page).toBe(before.page);
    expect(after.feed).toBe(before.feed);
    // From the edit's date on, the new version applies.
    expect(JSON.parse(await sessionsJson(official, today, addDays(today, 62), rule.id)).every((s: Json) => s.startTime === '13:30' || s.status === 'cancelled')).toBe(true);
  });

  it('by default applies from the first date with full notice: nothing is late', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', thursdays(addDays(today, -30)))).json()) as Json;
    const edited = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, { ...thursdays(addDays(today, -30)), startTime: '08:00', version: 1 });
    expect(((await edited.json()) as Json).lateSessions).toEqual([]);
    const near = JSON.parse(await sessionsJson(official, today, addDays(today, 6), rule.id)) as Json[];
    expect(near.every((s) => s.startTime === '07:30')).toBe(true);
  });

  it('refuses an effective date in the past, naming the field', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', thursdays(addDays(today, -30)))).json()) as Json;
    const res = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, { ...thursdays(addDays(today, -30)), version: 1, effectiveFrom: addDays(today, -7) });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('effectiveFrom');
  });
});

describe('every late change is marked, whatever caused it', () => {
  it('a new rule: its sessions inside the notice period are late, with the list in the answer', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const res = await api(official, 'POST', '/api/v1/reception/rules', { ...thursdays(today), weekdays: [1, 2, 3, 4, 5], reason: 'Lịch mới' });
    const rule = (await res.json()) as Json;
    const listed = (rule.lateSessions as Json[]).map((d) => d.key).sort();
    const marked = (JSON.parse(await sessionsJson(official, today, addDays(today, 30), rule.id)) as Json[]).filter((s) => s.lateChange);
    expect(listed.length).toBeGreaterThanOrEqual(5);
    expect(marked.map((s) => s.key).sort()).toEqual(listed);
    expect(marked[0]!.reason).toContain('Lịch mới');
  });

  it('a session change inside the notice period: the answer lists it, and it is marked late', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', { ...thursdays(addDays(today, -7)), weekdays: [1, 2, 3, 4, 5] })).json()) as Json;
    const target = (JSON.parse(await sessionsJson(official, addDays(today, 1), addDays(today, 10), rule.id)) as Json[])[0]!;
    const res = await api(official, 'POST', '/api/v1/reception/changes', { ruleId: rule.id, sessionDate: target.date, kind: 'cancelled', reason: 'Chủ tịch họp đột xuất' });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Json).lateSessions.map((d: Json) => d.key)).toEqual([target.key]);
  });

  it('refuses moving a session onto a day off, naming the field', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', thursdays(addDays(today, -7)))).json()) as Json;
    const target = (JSON.parse(await sessionsJson(official, addDays(today, 1), addDays(today, 30), rule.id)) as Json[])[0]!;
    let sunday = addDays(today, 1);
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = addDays(sunday, 1);
    const res = await api(official, 'POST', '/api/v1/reception/changes', { ruleId: rule.id, sessionDate: target.date, kind: 'moved', newDate: sunday, reason: 'Thử' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('newDate');
  });
});

describe('the legal minimum of reception days a month', () => {
  it('refuses a rule below the minimum the unit set, naming the field, and accepts "at least N days a month" at it', async () => {
    const official = await makeOfficial();
    const actor = { accountId: official.accountId, tokenId: null, label: 'Cán bộ thử nghiệm', role: 'approver' as const };
    await saveReceptionSettings({ db: env.DB, actor, now: new Date().toISOString() }, { minDaysPerMonth: '4' });
    const today = todayInVietnam();
    const twice = await api(official, 'POST', '/api/v1/reception/rules', { ...thursdays(today), frequency: 'monthly', weeksOfMonth: [1, 3] });
    expect(twice.status).toBe(422);
    expect(JSON.stringify(await twice.json())).toContain('ít hơn 4 ngày');
    const four = await api(official, 'POST', '/api/v1/reception/rules', { ...thursdays(today), frequency: 'monthly_days', weekdays: [2, 4], daysPerMonth: 4 });
    expect(four.status).toBe(201);
    await saveReceptionSettings({ db: env.DB, actor, now: new Date().toISOString() }, { minDaysPerMonth: '' });
  });
});

describe('the unit is renamed', () => {
  it('keeps every calendar UID, and earlier events keep the name in force on their date', async () => {
    const official = await makeOfficial();
    const actor = { accountId: official.accountId, tokenId: null, label: 'Cán bộ thử nghiệm', role: 'approver' as const };
    const ctx = () => ({ db: env.DB, actor, now: new Date().toISOString() });
    const original = await getUnit(env.DB);
    const unit = original ?? { kind: 'thi_tran' as const, name: 'Bình Dương', placeName: 'Bình Dương', embedOrigins: [], publicBaseUrl: '', fourEyes: false };
    if (!original) await saveUnit(ctx(), unit);
    const year = Number(todayInVietnam().slice(0, 4));
    const sessions = generateSessions(await loadCalendar(env.DB, [year - 1, year, year + 1]), `${year - 1}-06-01`, `${year + 1}-06-30`);
    const feed = async () => {
      const [current, earlier] = [(await getUnit(env.DB))!, await listEarlierNames(env.DB)];
      return calendarFeed(sessions, {
        calendarName: 'Lịch',
        uidDomain: uidDomain(current, earlier),
        pageUrl: 'https://example.vn/',
        stamp: '2024-01-01T00:00:00Z',
        committeeOn: (date) => committeeName(identityOn(current, earlier, date)),
      });
    };
    const uids = (text: string) => text.split('\r\n').filter((l) => l.startsWith('UID:'));
    const before = await feed();
    const from = `${year + 1}-01-01`;
    await saveUnit(ctx(), { ...unit, kind: 'phuong', name: 'Bình Dương Mới', nameFrom: from });
    const after = await feed();
    expect(uids(after)).toEqual(uids(before));
    expect(uids(after).length).toBeGreaterThan(50);
    expect(after).toContain(`Đơn vị: ${committeeName(unit)}`);
    expect(after).toContain('Đơn vị: Ủy ban nhân dân phường Bình Dương Mới');
    expect(await listEarlierNames(env.DB)).toEqual([{ kind: unit.kind, name: unit.name, validUntil: from }]);
    // Put the unit back for the other tests.
    await saveUnit(ctx(), { ...unit, nameFrom: from });
    await env.DB.prepare('DELETE FROM unit_names').run();
  });
});

describe('a days-off list saved today never changes the past', () => {
  /** Saves `year`'s list as it stands (stored or computed) plus `extra`, as the official would. */
  async function addDaysOff(official: Official, year: number, extra: Json[]) {
    const current = ((await (await api(official, 'GET', `/api/v1/reception/holidays/${year}`)).json()) as Json).holidays as Json[];
    const kept = current.filter((h) => !extra.some((e) => e.date === h.date));
    return api(official, 'PUT', `/api/v1/reception/holidays/${year}`, { holidays: [...kept, ...extra] });
  }

  it('keeps page data, ICS events and JSON of past dates byte-for-byte when a past day off is added and the year confirmed', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const start = addDays(today, -120);
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', thursdays(start))).json()) as Json;
    const pastEnd = addDays(today, -1);
    const json = await sessionsJson(official, start, pastEnd, rule.id);
    const before = await pageAndFeed(start, pastEnd, rule.id);
    const past = (JSON.parse(json) as Json[]).filter((s) => s.status === 'scheduled').at(-1)!;
    const year = Number(past.date.slice(0, 4));

    // A past session's day becomes a swapped day off: it would move (or cancel) if the list applied to it.
    const saved = await addDaysOff(official, year, [{ date: past.date, name: 'Nghỉ bù (thử nghiệm)', kind: 'swapped_off', source: 'Thông báo thử nghiệm' }]);
    expect(saved.status).toBe(200);
    const stored = (await (await api(official, 'GET', `/api/v1/reception/holidays/${year}`)).json()) as Json;
    expect(stored.source).toBe('stored');
    expect(stored.holidays.map((h: Json) => h.date)).toContain(past.date);

    expect(await sessionsJson(official, start, pastEnd, rule.id)).toBe(json);
    const after = await pageAndFeed(start, pastEnd, rule.id);
    expect(after.page).toBe(before.page);
    expect(after.feed).toBe(before.feed);

    // From today on the list applies: a future session's day made a day off moves it.
    const future = (JSON.parse(await sessionsJson(official, addDays(today, 14), addDays(today, 60), rule.id)) as Json[]).find((s) => s.status === 'scheduled')!;
    expect((await addDaysOff(official, Number(future.date.slice(0, 4)), [{ date: future.date, name: 'Nghỉ bù (thử nghiệm)', kind: 'swapped_off', source: 'Thử nghiệm' }])).status).toBe(200);
    const moved = (JSON.parse(await sessionsJson(official, addDays(today, 14), addDays(today, 70), rule.id)) as Json[]).find((s) => s.key === future.key)!;
    expect(moved.status).not.toBe('scheduled');
    expect(await sessionsJson(official, start, pastEnd, rule.id)).toBe(json);
  });
});

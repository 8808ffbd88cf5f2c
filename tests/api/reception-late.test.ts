import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../schema/core/dates.ts';
import { api, makeOfficial } from '../helpers.ts';

type Json = Record<string, any>;

/** Every working weekday from today, so that the next five working days all hold a session. */
const everyWorkingDay = (validFrom: string) => ({
  frequency: 'weekly',
  weekdays: [1, 2, 3, 4, 5],
  startTime: '07:30',
  endTime: '11:00',
  place: 'Trụ sở Ủy ban nhân dân (thử nghiệm trễ hạn)',
  hostTitle: 'Chủ tịch Ủy ban nhân dân',
  validFrom,
});

async function sessionsOf(official: Awaited<ReturnType<typeof makeOfficial>>, ruleId: number, from: string, to: string): Promise<Json[]> {
  const res = await api(official, 'GET', `/api/v1/reception/sessions?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Json).items.filter((s: Json) => s.ruleId === ruleId);
}

describe('PUT /api/v1/reception/rules/:id within the notice period', () => {
  it('marks the sessions it changes within five working days as late in the API session list, and no others', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const created = await api(official, 'POST', '/api/v1/reception/rules', everyWorkingDay(today));
    expect(created.status).toBe(201);
    const rule = (await created.json()) as Json;
    const to = addDays(today, 30);
    // A new rule announces its first sessions with less than the notice: those are late, the rest not.
    const before = await sessionsOf(official, rule.id, today, to);
    expect(before.length).toBeGreaterThan(10);
    const lateBefore = before.filter((s) => s.lateChange).map((s) => s.date);
    expect(lateBefore.length).toBeGreaterThanOrEqual(5);
    expect(lateBefore.length).toBeLessThanOrEqual(6);

    const edited = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, { ...everyWorkingDay(today), startTime: '13:30', endTime: '16:30', version: 1, effectiveFrom: today });
    expect(edited.status).toBe(200);
    const after = await sessionsOf(official, rule.id, today, to);
    expect(after.every((s) => s.startTime === '13:30')).toBe(true);
    const late = after.filter((s) => s.lateChange).map((s) => s.date);
    // The sessions after today up to the fifth working day are late (holidays may stretch the window).
    expect(late.length).toBeGreaterThanOrEqual(5);
    expect(late.length).toBeLessThanOrEqual(6);
    const lastLate = late.at(-1)!;
    expect(after.filter((s) => s.date > lastLate).every((s) => !s.lateChange)).toBe(true);
    expect(after.filter((s) => s.date > lastLate).length).toBeGreaterThan(5);
  });

  it('leaves an edit that changes nothing unmarked', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', everyWorkingDay(today))).json()) as Json;
    const lateKeys = async () => (await sessionsOf(official, rule.id, today, addDays(today, 30))).filter((s) => s.lateChange).map((s) => s.key);
    const before = await lateKeys();
    const same = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, { ...everyWorkingDay(today), version: 1, effectiveFrom: today });
    expect(same.status).toBe(200);
    expect(((await same.json()) as Json).lateSessions).toEqual([]);
    expect(await lateKeys()).toEqual(before);
  });

  it('keeps the sessions it removes within five working days listed, cancelled and marked late', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', everyWorkingDay(today))).json()) as Json;
    const to = addDays(today, 30);
    const announced = (await sessionsOf(official, rule.id, today, to)).filter((s) => s.date > today);
    // The rule ends today: every later session is withdrawn.
    const ended = await api(official, 'PUT', `/api/v1/reception/rules/${rule.id}`, { ...everyWorkingDay(today), validTo: today, version: 1, effectiveFrom: today });
    expect(ended.status).toBe(200);
    const after = (await sessionsOf(official, rule.id, today, to)).filter((s) => s.date > today);
    // Every announced session stays listed, cancelled, under the same key (a calendar app
    // updates the event instead of losing it); those inside the notice period are late.
    expect(after.map((s) => s.key)).toEqual(announced.map((a) => a.key));
    for (const s of after) {
      expect(s.status).toBe('cancelled');
      expect(s.reason).toContain('không còn');
    }
    const late = after.filter((s) => s.lateChange);
    expect(late.length).toBeGreaterThanOrEqual(5);
    expect(late.length).toBeLessThanOrEqual(6);
    expect(after.slice(late.length).every((s) => !s.lateChange)).toBe(true);
  });
});

describe('PUT /api/v1/reception/holidays/:year within the notice period', () => {
  it('marks the session a new holiday displaces as late', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const rule = (await (await api(official, 'POST', '/api/v1/reception/rules', everyWorkingDay(today))).json()) as Json;
    const to = addDays(today, 30);
    // The second working session after today becomes a day off.
    const announced = await sessionsOf(official, rule.id, today, to);
    const target = announced.filter((s) => s.date > today && s.status === 'scheduled')[1]!;
    const lateBefore = announced.filter((s) => s.lateChange).map((s) => s.key);
    const year = Number(target.date.slice(0, 4));
    const current = ((await (await api(official, 'GET', `/api/v1/reception/holidays/${year}`)).json()) as Json).holidays as Json[];
    const saved = await api(official, 'PUT', `/api/v1/reception/holidays/${year}`, {
      holidays: [...current.filter((h) => h.date !== target.date), { date: target.date, name: 'Nghỉ bù (thử nghiệm)', kind: 'swapped_off', source: 'Thử nghiệm' }],
    });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as Json).lateSessions.map((d: Json) => d.key)).toContain(target.key);
    const after = await sessionsOf(official, rule.id, today, to);
    const displaced = after.find((s) => s.key === target.key)!;
    expect(displaced.status).not.toBe('scheduled');
    expect(displaced.lateChange).toBe(true);
    // Sessions the holiday did not touch are not newly marked.
    expect(after.filter((s) => s.lateChange && !lateBefore.includes(s.key)).map((s) => s.key)).toEqual(lateBefore.includes(target.key) ? [] : [target.key]);
  });
});

describe('POST /api/v1/reception/sessions (an unscheduled session) within the notice period', () => {
  const extra = (date: string) => ({
    kind: 'unscheduled',
    date,
    startTime: '14:00',
    endTime: '16:00',
    place: 'Trụ sở Ủy ban nhân dân (buổi đột xuất, thử nghiệm trễ hạn)',
    hostTitle: 'Chủ tịch Ủy ban nhân dân',
  });
  const listed = async (official: Awaited<ReturnType<typeof makeOfficial>>, key: string, date: string): Promise<Json> => {
    const res = await api(official, 'GET', `/api/v1/reception/sessions?from=${addDays(date, -1)}&to=${addDays(date, 1)}`);
    return ((await res.json()) as Json).items.find((s: Json) => s.key === key);
  };

  it('is late by the same rule as every change: the answer says so and the session list marks it; one added with full notice, or recorded after its day, is not', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const soon = addDays(today, 1);
    const added = await api(official, 'POST', '/api/v1/reception/sessions', extra(soon));
    expect(added.status).toBe(201);
    const body = (await added.json()) as Json;
    expect(body.lateSessions.map((d: Json) => d.key)).toEqual([`extra-${body.id}`]);
    expect(body.lateSessions[0].after).toMatchObject({ date: soon, lateChange: true });
    expect(await listed(official, `extra-${body.id}`, soon)).toMatchObject({ kind: 'unscheduled', lateChange: true });

    const later = addDays(today, 30);
    const timely = (await (await api(official, 'POST', '/api/v1/reception/sessions', extra(later))).json()) as Json;
    expect(timely.lateSessions).toEqual([]);
    expect(await listed(official, `extra-${timely.id}`, later)).toMatchObject({ lateChange: false });

    // Entered after its day, it records a session held: not an announcement, so not "late".
    const past = addDays(today, -3);
    const recorded = (await (await api(official, 'POST', '/api/v1/reception/sessions', extra(past))).json()) as Json;
    expect(recorded.lateSessions).toEqual([]);
    expect(await listed(official, `extra-${recorded.id}`, past)).toMatchObject({ lateChange: false });
  });
});

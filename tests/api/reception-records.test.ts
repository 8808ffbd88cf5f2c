import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, isoWeekday, todayInVietnam } from '../../schema/core/dates.ts';
import { listSessionsToCorrect, loadCalendar, receptionFacts } from '../../schema/reception/reception.db.ts';
import { defaultHolidays, formatHolidayList } from '../../schema/calendar/holidays.ts';
import { generateSessions, WorkingCalendar } from '../../schema/reception/reception.ts';
import { calendarFeed } from '../../site/src/lib/ics.ts';
import { DATASETS, records } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';
import { adminCookie, api, call, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

type Json = Record<string, any>;

/** Issue 21: plans versus records, corrections in the open, one rule for "late". */

const rule = (weekdays: number[], validFrom: string, validTo?: string) => ({
  frequency: 'weekly',
  weekdays,
  startTime: '07:30',
  endTime: '11:00',
  place: `Trụ sở (thử nghiệm ghi nhận ${crypto.randomUUID().slice(0, 8)})`,
  hostTitle: 'Chủ tịch Ủy ban nhân dân',
  validFrom,
  ...(validTo ? { validTo } : {}),
});

async function createRule(official: Official, body: Json): Promise<number> {
  const res = await api(official, 'POST', '/api/v1/reception/rules', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}

async function sessionsOf(official: Official, ruleId: number, from: string, to: string): Promise<Json[]> {
  const res = await api(official, 'GET', `/api/v1/reception/sessions?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Json).items.filter((s: Json) => s.ruleId === ruleId);
}

/** What the site builds from: the sessions of `years`, the ICS feed and the open-data rows, for one rule. */
async function published(ruleId: number, from: string, to: string, today = todayInVietnam()) {
  const years = Array.from({ length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 3 }, (_, i) => Number(from.slice(0, 4)) - 1 + i);
  const sessions = generateSessions(await loadCalendar(env.DB, years), from, to).filter((s) => s.ruleId === ruleId);
  const feed = calendarFeed(sessions, { calendarName: 'Lịch', uidDomain: 'x.lich-tiep-cong-dan', pageUrl: 'https://example.vn/', stamp: '2024-01-01T00:00:00Z', today, demo: true });
  const dataset = DATASETS.find((d) => d.key === 'lich-tiep-cong-dan')!;
  const rows = records(dataset, { reception: { sessions }, today, unit: { demoData: true } } as unknown as PortalData);
  const events = feed
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((e) => ({ uid: /UID:([^@]+)@/.exec(e)![1]!, sequence: Number(/SEQUENCE:(\d+)/.exec(e)![1]), text: e.replace(/\\([,;])/g, '$1').replace(/\\n/g, '\n') }));
  return { sessions, feed, events, rows };
}

describe('PUT /api/v1/reception/rules/:id adding a session inside the notice period', () => {
  it('publishes the added session as a late change on the API list, the ICS and the JSON, as the answer said', async () => {
    const official = await makeOfficial();
    const today = todayInVietnam();
    const calendar = new WorkingCalendar([...defaultHolidays(Number(today.slice(0, 4))), ...defaultHolidays(Number(today.slice(0, 4)) + 1)]);
    // The next working day is inside the notice period; the rule first holds sessions on a
    // weekday at least two days away, and the edit adds the next working day's weekday.
    const soon = calendar.nextWorkingDay(today);
    const other = ([1, 2, 3, 4, 5] as const).find((d) => d !== isoWeekday(soon) && d !== isoWeekday(addDays(soon, 1)))!;
    const body = rule([other], today, addDays(today, 20));
    const id = await createRule(official, body);
    const edited = await api(official, 'PUT', `/api/v1/reception/rules/${id}`, { ...body, weekdays: [other, isoWeekday(soon)], version: 1, effectiveFrom: today, reason: 'Thêm ngày tiếp do nhiều kiến nghị' });
    expect(edited.status).toBe(200);
    const key = `rule-${id}-${soon}`;
    const answer = (await edited.json()) as Json;
    // The admin and the API said: late.
    expect(answer.lateSessions.find((d: Json) => d.key === key)).toMatchObject({ late: true });
    expect(answer.lateSessions.find((d: Json) => d.key === key).before).toBeUndefined();

    const added = (await sessionsOf(official, id, today, addDays(today, 20))).find((s) => s.key === key);
    expect(added).toMatchObject({ status: 'scheduled', lateChange: true, reason: 'Thêm ngày tiếp do nhiều kiến nghị' });
    const { events, rows } = await published(id, today, addDays(today, 20));
    const event = events.find((e) => e.uid === key)!;
    expect(event.text).toContain('Thay đổi muộn');
    expect(event.sequence).toBeGreaterThan(0);
    expect(rows.find((r) => r.date === soon)).toMatchObject({ lateChange: true });
  });
});

/** The migrations the test Worker was built with (vitest.config.ts: a test-only binding). */
const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: { name: string; queries: string[] }[] }).TEST_MIGRATIONS;

/**
 * Upgrades this database as a deployment that published its sessions on the computed days off is
 * upgraded: migration 0036 runs once its rules exist (here, after the test created them).
 */
async function upgradeFromComputedDaysOff() {
  const freeze = MIGRATIONS.find((m) => m.name.startsWith('0036_'));
  expect(freeze, 'migration 0036 freezes the days off the past was published on').toBeDefined();
  await env.DB.batch(freeze!.queries.map((q) => env.DB.prepare(q)));
}

const toCorrect = async (years: number[]) => (await listSessionsToCorrect(env.DB, years)).map((x) => x.session.key);

describe('a past session published on what the confirmed list makes a day off', () => {
  // Each test starts from a deployment that never saved a list: no frozen or saved days off.
  afterEach(async () => {
    await env.DB.batch([env.DB.prepare('DELETE FROM holiday_list_versions'), env.DB.prepare("DELETE FROM holidays WHERE date LIKE '2026-%'")]);
  });

  it('stays as published on Fri 02/05/2025 and Fri 02/01/2026 after the upgrade to the shipped lists (migration 0036), flagged for correction', async () => {
    const official = await makeOfficial();
    const keys: string[] = [];
    for (const day of ['2025-05-02', '2026-01-02']) keys.push(`rule-${await createRule(official, rule([5], day, day))}-${day}`);
    await upgradeFromComputedDaysOff();
    const cookie = await adminCookie(official);
    const page = await (await call('/admin/tiep-cong-dan/', { headers: { cookie } })).text();
    for (const [i, day] of ['2025-05-02', '2026-01-02'].entries()) {
      const id = Number(keys[i]!.split('-')[1]);
      // As it was published (the computed days off, "dự kiến"): not moved, not cancelled.
      const [session] = await sessionsOf(official, id, addDays(day, -3), addDays(day, 10));
      expect([session!.key, session!.date, session!.status, session!.provisional], day).toEqual([keys[i], day, 'scheduled', true]);
      const { events, rows } = await published(id, addDays(day, -3), addDays(day, 10));
      expect(events.map((e) => e.uid), day).toEqual([keys[i]]);
      expect(rows.map((r) => [r.date, r.status]), day).toEqual([[day, 'scheduled']]);
      // The shipped list makes the day a swapped day off: the official is asked to correct it.
      expect(page, day).toContain(`/admin/tiep-cong-dan/buoi-tiep/${keys[i]}/dinh-chinh`);
    }
    expect(await toCorrect([2025, 2026])).toEqual(expect.arrayContaining(keys));
    // Run again (a second deploy), it keeps what it froze: one row a year.
    await upgradeFromComputedDaysOff();
    const frozen = await env.DB.prepare('SELECT year, provisional FROM holiday_list_versions ORDER BY year').all<{ year: number; provisional: number }>();
    expect(frozen.results).toEqual([{ year: 2025, provisional: 1 }, { year: 2026, provisional: 1 }]);
  });

  it('freezes nothing for a year the unit had saved its own list of (that list already stood)', async () => {
    const official = await makeOfficial();
    await env.DB.prepare("INSERT INTO holidays (date, name, kind, source) VALUES ('2026-01-01', 'Tết Dương lịch', 'holiday', '')").run();
    const id = await createRule(official, rule([5], '2026-01-02', '2026-01-02'));
    await upgradeFromComputedDaysOff();
    expect((await env.DB.prepare('SELECT count(*) AS n FROM holiday_list_versions WHERE year = 2026').first<{ n: number }>())!.n).toBe(0);
    // The unit's own list (no swapped day) keeps the session on Fri 02/01 with nothing to correct.
    expect((await sessionsOf(official, id, '2025-12-29', '2026-01-09')).map((s) => [s.date, s.status])).toEqual([['2026-01-02', 'scheduled']]);
    expect(await toCorrect([2026])).not.toContain(`rule-${id}-2026-01-02`);
  });

  it('saving a list through the admin form keeps the past sessions on its new days off and flags them', async () => {
    const official = await makeOfficial();
    // Fridays 09/01 and 16/01/2026, published on the shipped 2026 list.
    const id = await createRule(official, rule([5], '2026-01-05', '2026-01-16'));
    const key = `rule-${id}-2026-01-09`;
    expect(await toCorrect([2026])).not.toContain(key);
    const cookie = await adminCookie(official);
    const path = '/admin/tiep-cong-dan/ngay-nghi/2026';
    const form = await (await call(path, { headers: { cookie } })).text();
    expect(form).toContain('02/01/2026 | nghỉ bù');
    // The list as the form offers it, plus a day off the province gave on Fri 09/01/2026.
    const list = `${formatHolidayList(defaultHolidays(2026))}\n09/01/2026 | nghỉ bù | Nghỉ theo quyết định của tỉnh | Quyết định thử nghiệm`;
    const posted = await call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      body: new URLSearchParams({ list, confirm: '1' }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toContain('#can-dinh-chinh');
    // Without the origin header (no CSRF proof) nothing is saved.
    const forged = await call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ list: '' }), redirect: 'manual' });
    expect(forged.status).toBe(403);
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'holidays' AND entity_id = '2026'").first<{ n: number }>();
    expect(audit!.n).toBe(1);

    // Nothing rewritten: both sessions stay where they were published, 09/01 is flagged.
    expect((await sessionsOf(official, id, '2026-01-05', '2026-01-16')).map((s) => [s.date, s.status])).toEqual([
      ['2026-01-09', 'scheduled'],
      ['2026-01-16', 'scheduled'],
    ]);
    expect(await toCorrect([2026])).toContain(key);
    expect(await toCorrect([2026])).not.toContain(`rule-${id}-2026-01-16`);
    const page = await (await call('/admin/tiep-cong-dan/', { headers: { cookie } })).text();
    expect(page).toContain(`/admin/tiep-cong-dan/buoi-tiep/${key}/dinh-chinh`);
  });

  it('is listed for the official to correct, and the correction stands beside it on page data, ICS (new SEQUENCE) and JSON', async () => {
    const official = await makeOfficial();
    // A unit that published its 2026 sessions on the computed days off, upgraded to the shipped lists.
    const id = await createRule(official, rule([5], '2026-01-02', '2026-01-02'));
    await upgradeFromComputedDaysOff();
    const key = `rule-${id}-2026-01-02`;
    const before = await published(id, '2025-12-29', '2026-01-09');
    expect(before.sessions.map((s) => [s.key, s.date, s.status])).toEqual([[key, '2026-01-02', 'scheduled']]);
    expect(before.rows[0]).toMatchObject({ record: 'unrecorded', corrections: [], provisional: true, dataMark: 'Dữ liệu minh họa' });
    // Flagged for the official: in the schema function and on the admin calendar page.
    expect((await listSessionsToCorrect(env.DB, [2026])).map((x) => x.session.key)).toContain(key);
    const cookie = await adminCookie(official);
    const page = await (await call('/admin/tiep-cong-dan/', { headers: { cookie } })).text();
    expect(page).toContain(`/admin/tiep-cong-dan/buoi-tiep/${key}/dinh-chinh`);

    // The official corrects it through the admin form (no JavaScript), and records it not held.
    const text = 'Ngày 02/01/2026 là ngày nghỉ hoán đổi (Công văn 12729/VPCP-KGVX); buổi tiếp không diễn ra.';
    const posted = await call(`/admin/tiep-cong-dan/buoi-tiep/${key}/dinh-chinh`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      body: new URLSearchParams({ text }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const audit = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'reception_correction' AND after_json LIKE ?").bind(`%${key}%`).first<{ n: number }>();
    expect(audit!.n).toBe(1);
    const recorded = await call(`/admin/tiep-cong-dan/buoi-tiep/${key}/ghi-nhan`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      body: new URLSearchParams({ version: '0', held: 'false', note: 'Trùng ngày nghỉ hoán đổi.' }),
      redirect: 'manual',
    });
    expect(recorded.status).toBe(303);

    const after = await published(id, '2025-12-29', '2026-01-09');
    const [session] = after.sessions;
    // Nothing rewritten: the announcement is as it was, the correction beside it.
    expect([session!.date, session!.status, session!.startTime, session!.place]).toEqual(['2026-01-02', 'scheduled', before.sessions[0]!.startTime, before.sessions[0]!.place]);
    const correctedOn = todayInVietnam();
    const line = `Đính chính ngày ${correctedOn.slice(8, 10)}/${correctedOn.slice(5, 7)}/${correctedOn.slice(0, 4)}: ${text}`;
    expect(session!.corrections).toMatchObject([{ correctedOn, text }]);
    expect(after.events[0]!.sequence).toBeGreaterThan(before.events[0]!.sequence);
    expect(after.events[0]!.text).toContain(line);
    expect(after.events[0]!.text).toContain('SUMMARY:[Dữ liệu minh họa] ĐÃ ĐÍNH CHÍNH:');
    // Recorded not held: the page data, the open-data row and the API say so, beside the correction.
    expect(session!.record).toMatchObject({ held: false, note: 'Trùng ngày nghỉ hoán đổi.' });
    expect(after.rows[0]).toMatchObject({ corrections: [line], record: 'not_held' });
    const json = (await sessionsOf(official, id, '2025-12-29', '2026-01-09'))[0]!;
    expect(json.corrections).toMatchObject([{ correctedOn, text }]);
    expect(json.record).toMatchObject({ held: false });
    expect(json.sequence).toBe(after.events[0]!.sequence);
    // Corrected: no longer flagged.
    expect((await listSessionsToCorrect(env.DB, [2026])).map((x) => x.session.key)).not.toContain(key);
  });
});

describe('PUT /api/v1/reception/sessions/:key/record', () => {
  // A year long past, of this file only: every session of it can be recorded.
  const year = 2000 + Math.floor(Math.random() * 20);

  it('records what happened; the facts state held and not held only when every session is recorded, never a plan as held', async () => {
    const official = await makeOfficial();
    // Three Thursdays in March.
    const id = await createRule(official, rule([4], `${year}-03-01`, `${year}-03-21`));
    const sessions = await sessionsOf(official, id, `${year}-03-01`, `${year}-03-31`);
    expect(sessions).toHaveLength(3);
    const keys = sessions.map((s) => s.key as string);
    const facts = () => receptionFacts(env.DB, `${year}-03-01`, `${year}-03-31`);
    const mine = async () => (await published(id, `${year}-03-01`, `${year}-03-31`)).rows;

    // Nothing recorded: a plan of 3, nothing known, and the JSON says "unrecorded".
    expect(await facts()).toMatchObject({ planned: 3, held: null, notHeld: null, unrecorded: 3, citizensReceived: null });
    expect((await mine()).map((r) => r.record)).toEqual(['unrecorded', 'unrecorded', 'unrecorded']);

    const record = (key: string, body: Json) => api(official, 'PUT', `/api/v1/reception/sessions/${key}/record`, body);
    expect((await record(keys[0]!, { held: true, citizensReceived: 4, version: 0 })).status).toBe(200);
    expect((await record(keys[1]!, { held: true, heldByTitle: 'Phó Chủ tịch Ủy ban nhân dân', version: 0 })).status).toBe(200);
    expect(await facts()).toMatchObject({ planned: 3, held: null, notHeld: null, unrecorded: 1 });

    // Not held needs a reason, and has no citizens.
    const refused = await record(keys[2]!, { held: false, citizensReceived: 2, version: 0 });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('citizensReceived');
    expect((await record(keys[2]!, { held: false, note: 'Chủ tịch đi công tác', version: 0 })).status).toBe(200);
    // One held session has no count: citizens received stays unknown.
    expect(await facts()).toMatchObject({ planned: 3, held: 2, notHeld: 1, unrecorded: 0, unscheduled: null, citizensReceived: null });
    expect((await mine()).map((r) => [r.record, r.heldBy, r.citizensReceived])).toEqual([
      ['held', null, 4],
      ['held', 'Phó Chủ tịch Ủy ban nhân dân', null],
      ['not_held', null, null],
    ]);

    // A second record names the version it replaces: a stale one is refused, nothing overwritten.
    expect((await record(keys[1]!, { held: true, citizensReceived: 1, version: 0 })).status).toBe(409);
    expect((await record(keys[1]!, { held: true, citizensReceived: 1, version: 1 })).status).toBe(200);
    expect(await facts()).toMatchObject({ held: 2, notHeld: 1, citizensReceived: 5 });
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE entity = 'reception_session_record' AND entity_id IN (?, ?, ?)").bind(...keys).first<{ n: number }>();
    expect(audits!.n).toBe(4);

    // The half-year report states what was recorded, not what the rule planned (3).
    const report = (await (await api(official, 'GET', `/api/v1/reports/figures?kind=half&year=${year}&number=1`)).json()) as Json;
    const byKey = Object.fromEntries(report.reception.figures.map((x: Json) => [x.key, x.value]));
    expect(byKey).toEqual({ 'reception.regularScheduled': 2, 'reception.regularCancelled': 1, 'reception.extra': null, 'reception.citizensReceived': 5 });
  });

  it('counts an unscheduled session entered after its day as held, and refuses to record a session whose day has not come', async () => {
    const official = await makeOfficial();
    const extra = await api(official, 'POST', '/api/v1/reception/sessions', {
      kind: 'unscheduled', date: `${year}-05-06`, startTime: '14:00', endTime: '16:00', place: 'Trụ sở', hostTitle: 'Chủ tịch Ủy ban nhân dân',
    });
    expect(extra.status).toBe(201);
    // No regular session that month: held and not held are unknown, never 0.
    expect(await receptionFacts(env.DB, `${year}-05-01`, `${year}-05-31`)).toMatchObject({ unscheduled: 1, unrecorded: 0, held: null, notHeld: null });

    const future = addDays(todayInVietnam(), 30);
    const id = await createRule(official, rule([isoWeekday(future)], future, future));
    const refused = await api(official, 'PUT', `/api/v1/reception/sessions/rule-${id}-${future}/record`, { held: true, version: 0 });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('chưa diễn ra');
    expect((await api(official, 'PUT', '/api/v1/reception/sessions/rule-999999-2020-01-02/record', { held: true, version: 0 })).status).toBe(404);
  });

  it('does not count an extra session announced ahead and corrected after its day as held', async () => {
    const official = await makeOfficial();
    // Announced today for a past day would count as entered after it; this one is announced ahead.
    const day = addDays(todayInVietnam(), 2);
    const extra = await api(official, 'POST', '/api/v1/reception/sessions', {
      kind: 'unscheduled', date: day, startTime: '14:00', endTime: '16:00', place: `Trụ sở (đính chính ${crypto.randomUUID().slice(0, 8)})`, hostTitle: 'Chủ tịch Ủy ban nhân dân',
    });
    expect(extra.status).toBe(201);
    const key = `extra-${((await extra.json()) as Json).id}`;
    const facts = (today: string) => receptionFacts(env.DB, addDays(day, -1), addDays(day, 1), today);
    // After its day, nobody recorded it: not counted as held.
    expect(await facts(addDays(day, 3))).toMatchObject({ unscheduled: null });
    // A correction is not a record that it took place.
    // (Stored as the admin would two days after the session: the API refuses to correct a day not yet come.)
    const stmt = env.DB.prepare('INSERT INTO reception_corrections (session_key, session_date, corrected_on, text, created_at) VALUES (?, ?, ?, ?, ?)');
    await stmt.bind(key, day, addDays(day, 2), 'Buổi tiếp không diễn ra.', `${addDays(day, 2)}T03:00:00.000Z`).run();
    expect(await facts(addDays(day, 3))).toMatchObject({ unscheduled: null });
  });

  it('is recorded through the admin form without JavaScript, the form kept on an error', async () => {
    const official = await makeOfficial();
    const id = await createRule(official, rule([2], `${year}-07-01`, `${year}-07-07`));
    const [session] = await sessionsOf(official, id, `${year}-07-01`, `${year}-07-07`);
    const cookie = await adminCookie(official);
    const path = `/admin/tiep-cong-dan/buoi-tiep/${session!.key}/ghi-nhan`;
    expect((await call(path, { headers: { cookie } })).status).toBe(200);
    const post = (fields: Record<string, string>) =>
      call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN }, body: new URLSearchParams(fields), redirect: 'manual' });
    const rejected = await post({ version: '0', held: 'false', citizensReceived: '' });
    expect(rejected.status).toBe(422);
    expect(await rejected.text()).toContain('Ghi lý do buổi tiếp không diễn ra');
    expect((await post({ version: '0', held: 'true', citizensReceived: '6' })).status).toBe(303);
    const list = await (await call(`/admin/tiep-cong-dan/da-qua/${year}`, { headers: { cookie } })).text();
    expect(list).toContain('đã tiếp, 6 lượt công dân');
  });
});

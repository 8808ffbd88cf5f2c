import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { addDays, formatDate, todayInVietnam } from '../../schema/core/dates.ts';
import { loadCalendar } from '../../schema/reception/reception.db.ts';
import { listEarlierNames } from '../../schema/unit/unit-names.db.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { generateSessions } from '../../schema/reception/reception.ts';
import { namesAfterRename, unitOn } from '../../schema/unit/unit-names.ts';
import { committeeName } from '../../schema/unit/unit.ts';
import { saveUnit } from '../../schema/unit/unit.use-cases.ts';
import { calendarFeed } from '../../site/src/lib/ics.ts';
import { uidDomain } from '../../site/src/lib/reception-view.ts';
import { api, call, makeOfficial, ORIGIN, sampleDisclosure, sessionOf } from '../helpers.ts';

/**
 * Issue 11, item 4: the unit's name and kind apply from a date. Notices and records print the
 * name in force on their own date, calendar events name the committee in force on the session's
 * date, and no calendar UID depends on the name.
 */

type Json = Record<string, any>;

const OLD = { kind: 'xa' as const, name: 'Thử Đổi Tên' };
const NEW = { kind: 'phuong' as const, name: 'Thử Đổi Tên Mới' };

const postForm = (path: string, cookie: string, fields: [string, string][]) =>
  call(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' });

const unitForm = (identity: { kind: string; name: string }, nameFrom: string): [string, string][] => [
  ['kind', identity.kind],
  ['name', identity.name],
  ['nameFrom', nameFrom],
  ['placeName', 'Thử'],
];

/** The feed as the site writes it (lich-tiep-cong-dan.ics.ts), from what D1 holds now. */
async function feed(from: string, to: string): Promise<string> {
  const [unit, earlier] = [(await getUnit(env.DB))!, await listEarlierNames(env.DB)];
  const year = Number(from.slice(0, 4));
  const sessions = generateSessions(await loadCalendar(env.DB, [year, year + 1, year + 2]), from, to);
  return calendarFeed(sessions, {
    calendarName: 'Lịch',
    uidDomain: uidDomain(unit, earlier),
    pageUrl: 'https://example.vn/',
    stamp: '2024-01-01T00:00:00Z',
    committeeOn: (date) => committeeName(unitOn(unit, earlier, date)),
  });
}

/** The ICS events as [UID, the committee line of their description], in order. */
const events = (ics: string) =>
  ics
    .replace(/\r\n /g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((e) => [/UID:(.*)/.exec(e)![1]!, /DTSTART[^:]*:(\d{8})/.exec(e)![1]!, /Đơn vị: ([^\\\r]*)/.exec(e)?.[1] ?? ''] as const);

describe('POST /admin/don-vi with "Áp dụng từ ngày"', () => {
  beforeAll(async () => {
    await saveUnit({ db: env.DB, actor: scriptActor('test'), now: new Date().toISOString() }, { ...OLD, placeName: 'Thử' });
    await env.DB.prepare('DELETE FROM unit_names').run();
  });

  it('refuses a rename dated before today, naming the field, keeping what was typed and storing nothing', async () => {
    const { cookie } = await sessionOf('approver');
    const [unitBefore, namesBefore] = [await env.DB.prepare('SELECT * FROM unit').all(), await listEarlierNames(env.DB)];
    const yesterday = formatDate(addDays(todayInVietnam(), -1));
    const res = await postForm('/admin/don-vi', cookie, unitForm(NEW, yesterday));
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('<a href="#nameFrom">');
    expect(page).toContain('Ngày áp dụng tên mới không được trước hôm nay');
    expect(page).toContain(`value="${NEW.name}"`);
    expect(page).toContain(`value="${yesterday}"`);
    expect((await env.DB.prepare('SELECT * FROM unit').all()).results).toEqual(unitBefore.results);
    expect(await listEarlierNames(env.DB)).toEqual(namesBefore);
  });

  it('keeps the old name on earlier records and calendar events, prints the new one from its date, and keeps every UID', async () => {
    const official = await makeOfficial();
    const { cookie } = await sessionOf('approver');
    const today = todayInVietnam();
    const from = addDays(today, 30);
    // A weekly rule around the rename date: sessions before and after it.
    const rule = await api(official, 'POST', '/api/v1/reception/rules', {
      frequency: 'weekly',
      weekdays: [2],
      startTime: '08:00',
      endTime: '10:00',
      place: 'Trụ sở (thử đổi tên)',
      hostTitle: 'Chủ tịch Ủy ban nhân dân',
      validFrom: addDays(today, -60),
    });
    expect(rule.status).toBe(201);
    // Posted before the rename; its posting ends after it.
    const posting = sampleDisclosure({ publish: true, channels: ['office_board', 'portal'], postingEnd: addDays(from, 10) } as never);
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', posting)).json()) as Json;
    const before = await feed(addDays(today, -60), addDays(today, 90));

    const res = await postForm('/admin/don-vi', cookie, unitForm(NEW, formatDate(from)));
    expect(res.status).toBe(303);

    // The record of the posting's start carries the old name; the record of its end, the new one.
    const start = await (await call(`/admin/cong-khai/${created.id}/bien-ban-niem-yet`, { headers: { cookie } })).text();
    const end = await (await call(`/admin/cong-khai/${created.id}/bien-ban-ket-thuc`, { headers: { cookie } })).text();
    expect(start).toContain('XÃ THỬ ĐỔI TÊN</b>');
    expect(start).toContain(`đại diện ${committeeName(OLD)};`);
    expect(start).not.toContain(NEW.name);
    expect(end).toContain('PHƯỜNG THỬ ĐỔI TÊN MỚI</b>');
    expect(end).toContain(committeeName(NEW));

    // Calendar: the same UIDs; each event names the committee in force on its date.
    const after = await feed(addDays(today, -60), addDays(today, 90));
    const [was, is] = [events(before), events(after)];
    expect(is.map(([uid]) => uid)).toEqual(was.map(([uid]) => uid));
    expect(is.length).toBeGreaterThan(10);
    const day = (e: readonly string[]) => `${e[1]!.slice(0, 4)}-${e[1]!.slice(4, 6)}-${e[1]!.slice(6, 8)}`;
    for (const e of is) expect(e[2], day(e)).toBe(committeeName(day(e) < from ? OLD : NEW));
    expect(is.some((e) => day(e) >= from)).toBe(true);

    // The admin shows the names over time; the change is audited.
    const page = await (await call('/admin/don-vi', { headers: { cookie } })).text();
    expect(page).toContain(`<td>${committeeName(OLD)}</td>`);
    expect(page).toContain(`đến hết <time datetime="${addDays(from, -1)}">${formatDate(addDays(from, -1))}</time>`);
    expect(page).toContain(`<td>${committeeName(NEW)}</td>`);
    const audit = await env.DB.prepare("SELECT before_json, after_json FROM audit_log WHERE entity = 'unit_names' ORDER BY id DESC LIMIT 1").first<Json>();
    expect(JSON.parse(audit!.after_json)).toEqual([{ ...OLD, validUntil: from }]);
  });
});

describe('namesAfterRename', () => {
  const A = { kind: 'xa' as const, name: 'A' };
  const B = { kind: 'phuong' as const, name: 'B' };
  const C = { kind: 'phuong' as const, name: 'C' };

  it('saving other settings leaves a planned rename where it is', () => {
    expect(namesAfterRename(B, B, [{ ...A, validUntil: '2027-01-01' }], '2026-11-27')).toEqual([{ ...A, validUntil: '2027-01-01' }]);
  });

  it('a rename dated before a planned one keeps the name in force before it, not the planned one', () => {
    // A until 2027-01-01, then B (planned); renamed to C from 2026-12-01: A until then, C after; B never applied.
    expect(namesAfterRename(B, C, [{ ...A, validUntil: '2027-01-01' }], '2026-12-01')).toEqual([{ ...A, validUntil: '2026-12-01' }]);
  });

  it('a second rename keeps the first name and the second, each up to its end', () => {
    expect(namesAfterRename(B, C, [{ ...A, validUntil: '2026-01-01' }], '2026-12-01')).toEqual([
      { ...A, validUntil: '2026-01-01' },
      { ...B, validUntil: '2026-12-01' },
    ]);
  });
});

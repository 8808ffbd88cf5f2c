import { defaultHolidays, type Holiday } from '../holidays.ts';
import type { CalendarInput, ExtraSession, ReceptionRule, ReceptionRuleFields, SessionChange } from '../reception.ts';
import { auditById, auditIfChanged, auditLastInsert, type Actor } from './audit.ts';

/** All SQL for reception rules, session changes, extra sessions and holidays. */

type Row = Record<string, unknown>;

function toRule(r: Row): ReceptionRule {
  return {
    id: r.id as number,
    frequency: r.frequency as ReceptionRule['frequency'],
    weekdays: JSON.parse(r.weekdays as string) as number[],
    weeksOfMonth: JSON.parse(r.weeks_of_month as string) as number[],
    startTime: r.start_time as string,
    endTime: r.end_time as string,
    place: r.place as string,
    hostTitle: r.host_title as string,
    hostName: r.host_name as string,
    topics: r.topics as string,
    validFrom: r.valid_from as string,
    validTo: (r.valid_to as string | null) ?? undefined,
    holidayPolicy: r.holiday_policy as ReceptionRule['holidayPolicy'],
    version: r.version as number,
    updatedAt: r.updated_at as string,
  };
}

function toChange(r: Row): SessionChange {
  return {
    id: r.id as number,
    ruleId: r.rule_id as number,
    sessionDate: r.session_date as string,
    kind: r.kind as SessionChange['kind'],
    reason: r.reason as string,
    newDate: (r.new_date as string | null) ?? undefined,
    newStartTime: (r.new_start_time as string | null) ?? undefined,
    newEndTime: (r.new_end_time as string | null) ?? undefined,
    newPlace: r.new_place as string,
    newHostTitle: r.new_host_title as string,
    newHostName: r.new_host_name as string,
    createdAt: r.created_at as string,
  };
}

function toExtra(r: Row): ExtraSession {
  return {
    id: r.id as number,
    kind: r.kind as ExtraSession['kind'],
    date: r.date as string,
    startTime: r.start_time as string,
    endTime: r.end_time as string,
    place: r.place as string,
    hostTitle: r.host_title as string,
    hostName: r.host_name as string,
    withBodies: r.with_bodies as string,
    topics: r.topics as string,
    createdAt: r.created_at as string,
  };
}

export async function listRules(db: D1Database): Promise<ReceptionRule[]> {
  const { results } = await db.prepare('SELECT * FROM reception_rules ORDER BY valid_from, id').all<Row>();
  return results.map(toRule);
}

export async function getRule(db: D1Database, id: number): Promise<ReceptionRule | null> {
  const r = await db.prepare('SELECT * FROM reception_rules WHERE id = ?').bind(id).first<Row>();
  return r ? toRule(r) : null;
}

const ruleValues = (r: ReceptionRuleFields) => [
  r.frequency, JSON.stringify(r.weekdays), JSON.stringify(r.weeksOfMonth), r.startTime, r.endTime, r.place, r.hostTitle,
  r.hostName, r.topics, r.validFrom, r.validTo ?? null, r.holidayPolicy,
];

export async function createRule(db: D1Database, rule: ReceptionRuleFields, actor: Actor, now: string): Promise<ReceptionRule> {
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO reception_rules (frequency, weekdays, weeks_of_month, start_time, end_time, place, host_title, host_name,
           topics, valid_from, valid_to, holiday_policy, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .bind(...ruleValues(rule), now, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'reception_rule', before: null, after: rule, at: now }),
  ]);
  return toRule((inserted!.results as Row[])[0]!);
}

/** Marks sessions (by key) as changed late: a statement to batch with the edit that changed them. */
function markLate(db: D1Database, keys: string[], now: string): D1PreparedStatement[] {
  return keys.map((key) => db.prepare('INSERT OR REPLACE INTO reception_late_marks (session_key, marked_at) VALUES (?, ?)').bind(key, now));
}

async function listLateMarks(db: D1Database): Promise<Map<string, string>> {
  const { results } = await db.prepare('SELECT session_key, marked_at FROM reception_late_marks').all<{ session_key: string; marked_at: string }>();
  return new Map(results.map((r) => [r.session_key, r.marked_at]));
}

/**
 * Saves a rule edit made on `before.version`, with its audit row and the late marks of the
 * sessions it changes: one batch, written only if the version still matched (false if not).
 */
export async function updateRule(db: D1Database, before: ReceptionRule, rule: ReceptionRuleFields, lateKeys: string[], actor: Actor, now: string): Promise<boolean> {
  const id = before.id;
  const version = before.version;
  const [result] = await db.batch([
    db
      .prepare(
        `UPDATE reception_rules SET frequency = ?, weekdays = ?, weeks_of_month = ?, start_time = ?, end_time = ?, place = ?,
           host_title = ?, host_name = ?, topics = ?, valid_from = ?, valid_to = ?, holiday_policy = ?,
           version = version + 1, updated_at = ?
         WHERE id = ? AND version = ?`,
      )
      .bind(...ruleValues(rule), now, id, version),
    auditIfChanged(db, { actor, action: 'update', entity: 'reception_rule', before, after: rule, at: now }, id),
    ...lateKeys.map((key) =>
      db.prepare('INSERT OR REPLACE INTO reception_late_marks (session_key, marked_at) SELECT ?, ? WHERE changes() = 1').bind(key, now),
    ),
  ]);
  return result!.meta.changes === 1;
}

export async function listChanges(db: D1Database): Promise<SessionChange[]> {
  const { results } = await db.prepare('SELECT * FROM reception_changes ORDER BY session_date').all<Row>();
  return results.map(toChange);
}

/** Records (or replaces) the change to one session, with its audit row, in one batch. */
export async function saveChange(db: D1Database, change: Omit<SessionChange, 'id' | 'createdAt'>, actor: Actor, now: string): Promise<SessionChange> {
  const before = await db.prepare('SELECT * FROM reception_changes WHERE rule_id = ? AND session_date = ?').bind(change.ruleId, change.sessionDate).first<Row>();
  const key = `${change.ruleId}:${change.sessionDate}`;
  await db.batch([
    db
      .prepare(
        `INSERT INTO reception_changes (rule_id, session_date, kind, reason, new_date, new_start_time, new_end_time, new_place,
           new_host_title, new_host_name, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (rule_id, session_date) DO UPDATE SET kind = excluded.kind, reason = excluded.reason,
           new_date = excluded.new_date, new_start_time = excluded.new_start_time, new_end_time = excluded.new_end_time,
           new_place = excluded.new_place, new_host_title = excluded.new_host_title, new_host_name = excluded.new_host_name,
           created_at = excluded.created_at`,
      )
      .bind(
        change.ruleId, change.sessionDate, change.kind, change.reason, change.newDate ?? null, change.newStartTime ?? null,
        change.newEndTime ?? null, change.newPlace, change.newHostTitle, change.newHostName, now,
      ),
    auditById(db, { actor, action: before ? 'update' : 'create', entity: 'reception_change', before: before ? toChange(before) : null, after: change, at: now }, key),
  ]);
  const row = await db.prepare('SELECT * FROM reception_changes WHERE rule_id = ? AND session_date = ?').bind(change.ruleId, change.sessionDate).first<Row>();
  return toChange(row!);
}

/** Undoes a change: the session goes back to what the rule says. */
export async function deleteChange(db: D1Database, ruleId: number, sessionDate: string, actor: Actor, now: string): Promise<boolean> {
  const before = await db.prepare('SELECT * FROM reception_changes WHERE rule_id = ? AND session_date = ?').bind(ruleId, sessionDate).first<Row>();
  if (!before) return false;
  await db.batch([
    db.prepare('DELETE FROM reception_changes WHERE rule_id = ? AND session_date = ?').bind(ruleId, sessionDate),
    auditIfChanged(db, { actor, action: 'delete', entity: 'reception_change', before: toChange(before), after: null, at: now }, `${ruleId}:${sessionDate}`),
  ]);
  return true;
}

export async function listExtras(db: D1Database): Promise<ExtraSession[]> {
  const { results } = await db.prepare('SELECT * FROM reception_extra_sessions ORDER BY date, start_time').all<Row>();
  return results.map(toExtra);
}

export async function createExtra(db: D1Database, extra: Omit<ExtraSession, 'id' | 'createdAt'>, actor: Actor, now: string): Promise<ExtraSession> {
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO reception_extra_sessions (kind, date, start_time, end_time, place, host_title, host_name, with_bodies, topics, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .bind(extra.kind, extra.date, extra.startTime, extra.endTime, extra.place, extra.hostTitle, extra.hostName, extra.withBodies, extra.topics, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'reception_extra_session', before: null, after: extra, at: now }),
  ]);
  return toExtra((inserted!.results as Row[])[0]!);
}

export async function listStoredHolidays(db: D1Database): Promise<Holiday[]> {
  const { results } = await db.prepare('SELECT date, name FROM holidays ORDER BY date').all<Holiday>();
  return results;
}

/** The holidays of `years`: the stored list where a year has one, computed defaults otherwise. */
export function holidaysFor(stored: Holiday[], years: number[]): Holiday[] {
  const byYear = new Map<number, Holiday[]>();
  for (const h of stored) {
    const y = Number(h.date.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), h]);
  }
  return years.flatMap((y) => byYear.get(y) ?? defaultHolidays(y));
}

/** Replaces a year's holiday list, with its audit row, in one batch. */
export async function saveHolidayYear(db: D1Database, year: number, list: Holiday[], lateKeys: string[], actor: Actor, now: string): Promise<void> {
  const { results: before } = await db
    .prepare("SELECT date, name FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .all<Holiday>();
  await db.batch([
    db.prepare('DELETE FROM holidays WHERE date BETWEEN ? AND ?').bind(`${year}-01-01`, `${year}-12-31`),
    ...list.map((h) => db.prepare('INSERT INTO holidays (date, name) VALUES (?, ?)').bind(h.date, h.name)),
    auditById(db, { actor, action: 'replace', entity: 'holidays', before, after: list, at: now }, String(year)),
    ...markLate(db, lateKeys, now),
  ]);
}

/** Everything the session generator needs, for the years around `years`. */
export async function loadCalendar(db: D1Database, years: number[]): Promise<CalendarInput> {
  const [rules, changes, extras, stored, lateMarks] = await Promise.all([
    listRules(db),
    listChanges(db),
    listExtras(db),
    listStoredHolidays(db),
    listLateMarks(db),
  ]);
  return { rules, changes, extras, holidays: holidaysFor(stored, years), lateMarks };
}

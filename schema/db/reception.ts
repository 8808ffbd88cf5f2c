import { defaultHolidays, type Holiday } from '../holidays.ts';
import type { CalendarInput, ExtraSession, LateMark, ReceptionRule, ReceptionRuleFields, Session, SessionChange } from '../reception.ts';
import { auditById, auditIfChanged, auditLastInsert, type Actor } from './audit.ts';
import { columnMap, int, json, nullable, optional, text, type Row } from './columns.ts';

/** All SQL for reception rules, session changes, extra sessions and holidays. */

/** Rule fields as the official types them; id, version and updatedAt are kept by the database. */
const RULE = columnMap<ReceptionRuleFields>({
  frequency: text('frequency'),
  weekdays: json('weekdays'),
  weeksOfMonth: json('weeks_of_month'),
  startTime: text('start_time'),
  endTime: text('end_time'),
  place: text('place'),
  hostTitle: text('host_title'),
  hostName: text('host_name'),
  topics: text('topics'),
  validFrom: text('valid_from'),
  validTo: optional(text('valid_to')),
  holidayPolicy: text('holiday_policy'),
});
const RULE_STATE = columnMap<Pick<ReceptionRule, 'id' | 'version' | 'updatedAt'>>({ id: int('id'), version: int('version'), updatedAt: text('updated_at') });
const toRule = (r: Row): ReceptionRule => ({ ...RULE_STATE.read(r), ...RULE.read(r) });

type ChangeFields = Omit<SessionChange, 'id' | 'createdAt'>;
const CHANGE = columnMap<ChangeFields>({
  ruleId: int('rule_id'),
  sessionDate: text('session_date'),
  kind: text('kind'),
  reason: text('reason'),
  newDate: optional(text('new_date')),
  newStartTime: optional(text('new_start_time')),
  newEndTime: optional(text('new_end_time')),
  newPlace: text('new_place'),
  newHostTitle: text('new_host_title'),
  newHostName: text('new_host_name'),
});
const toChange = (r: Row): SessionChange => ({ id: r.id as number, ...CHANGE.read(r), createdAt: r.created_at as string });

type ExtraFields = Omit<ExtraSession, 'id' | 'createdAt'>;
const EXTRA = columnMap<ExtraFields>({
  kind: text('kind'),
  date: text('date'),
  startTime: text('start_time'),
  endTime: text('end_time'),
  place: text('place'),
  hostTitle: text('host_title'),
  hostName: text('host_name'),
  withBodies: text('with_bodies'),
  topics: text('topics'),
});
const toExtra = (r: Row): ExtraSession => ({ id: r.id as number, ...EXTRA.read(r), createdAt: r.created_at as string });

export async function listRules(db: D1Database): Promise<ReceptionRule[]> {
  const { results } = await db.prepare('SELECT * FROM reception_rules ORDER BY valid_from, id').all<Row>();
  return results.map(toRule);
}

export async function getRule(db: D1Database, id: number): Promise<ReceptionRule | null> {
  const r = await db.prepare('SELECT * FROM reception_rules WHERE id = ?').bind(id).first<Row>();
  return r ? toRule(r) : null;
}

export async function createRule(db: D1Database, rule: ReceptionRuleFields, actor: Actor, now: string): Promise<ReceptionRule> {
  const { columns, placeholders, values } = RULE.write(rule);
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO reception_rules (${columns}, created_at, updated_at) VALUES (${placeholders}, ?, ?) RETURNING *`).bind(...values, now, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'reception_rule', before: null, after: rule, at: now }),
  ]);
  return toRule((inserted!.results as Row[])[0]!);
}

/** A session an edit changed late: its key, and the session itself if the edit removed it. */
export interface LateChange {
  key: string;
  removed?: Session;
}

const LATE_MARK = columnMap<{ key: string; markedAt: string; removed: Session | null }>({
  key: text('session_key'),
  markedAt: text('marked_at'),
  removed: nullable(json('removed_session')),
});

/**
 * Marks sessions as changed late: statements to batch with the edit that changed them. With
 * `guarded`, a mark is written only if the statement before it in the batch changed a row.
 */
function markLate(db: D1Database, changes: LateChange[], now: string, guarded = false): D1PreparedStatement[] {
  return changes.map((change) => {
    const { columns, placeholders, values } = LATE_MARK.write({ key: change.key, markedAt: now, removed: change.removed ?? null });
    return guarded
      ? db.prepare(`INSERT OR REPLACE INTO reception_late_marks (${columns}) SELECT ${placeholders} WHERE changes() = 1`).bind(...values)
      : db.prepare(`INSERT OR REPLACE INTO reception_late_marks (${columns}) VALUES (${placeholders})`).bind(...values);
  });
}

async function listLateMarks(db: D1Database): Promise<Map<string, LateMark>> {
  const { results } = await db.prepare('SELECT * FROM reception_late_marks').all<Row>();
  return new Map(
    results.map((r) => {
      const mark = LATE_MARK.read(r);
      return [mark.key, mark.removed ? { markedAt: mark.markedAt, removed: mark.removed } : { markedAt: mark.markedAt }];
    }),
  );
}

/**
 * Saves a rule edit made on `before.version`, with its audit row and the late marks of the
 * sessions it changes: one batch, written only if the version still matched (false if not).
 */
export async function updateRule(db: D1Database, before: ReceptionRule, rule: ReceptionRuleFields, late: LateChange[], actor: Actor, now: string): Promise<boolean> {
  const id = before.id;
  const version = before.version;
  const [result] = await db.batch([
    db
      .prepare(`UPDATE reception_rules SET ${RULE.set()}, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`)
      .bind(...RULE.values(rule), now, id, version),
    auditIfChanged(db, { actor, action: 'update', entity: 'reception_rule', before, after: rule, at: now }, id),
    // Each mark follows the previous statement: written only if the guarded UPDATE matched.
    ...markLate(db, late, now, true),
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
  const { columns, placeholders, values } = CHANGE.write(change);
  await db.batch([
    db
      .prepare(
        `INSERT INTO reception_changes (${columns}, created_at) VALUES (${placeholders}, ?)
         ON CONFLICT (rule_id, session_date) DO UPDATE SET ${CHANGE.setExcluded()}, created_at = excluded.created_at`,
      )
      .bind(...values, now),
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
  const { columns, placeholders, values } = EXTRA.write(extra);
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO reception_extra_sessions (${columns}, created_at) VALUES (${placeholders}, ?) RETURNING *`).bind(...values, now),
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
export async function saveHolidayYear(db: D1Database, year: number, list: Holiday[], late: LateChange[], actor: Actor, now: string): Promise<void> {
  const { results: before } = await db
    .prepare("SELECT date, name FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .all<Holiday>();
  await db.batch([
    db.prepare('DELETE FROM holidays WHERE date BETWEEN ? AND ?').bind(`${year}-01-01`, `${year}-12-31`),
    ...list.map((h) => db.prepare('INSERT INTO holidays (date, name) VALUES (?, ?)').bind(h.date, h.name)),
    auditById(db, { actor, action: 'replace', entity: 'holidays', before, after: list, at: now }, String(year)),
    ...markLate(db, late, now),
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

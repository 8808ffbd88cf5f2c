import { addDays, todayInVietnam, type IsoDate } from '../core/dates.ts';
import { defaultHolidays, isDecidedYear, type Holiday } from '../calendar/holidays.ts';
import {
  factsOf,
  generateSessions,
  type CalendarInput,
  type DaysOffVersion,
  type ExtraSession,
  type LateMark,
  type ReceptionFacts,
  type ReceptionRule,
  type ReceptionRuleFields,
  type RuleVersion,
  type Session,
  type SessionChange,
  type SessionCorrection,
  type SessionRecord,
} from './reception.ts';
import { auditById, auditIfChanged, auditLastInsert, type Actor } from '../accounts/audit.db.ts';
import { bool, columnMap, int, json, nullable, optional, text, type Row } from '../core/columns.db.ts';

/** All SQL for reception rules, session changes, extra sessions and holidays. */

/** Rule fields as the official types them; id, version and updatedAt are kept by the database. */
const RULE = columnMap<ReceptionRuleFields>({
  frequency: text('frequency'),
  weekdays: json('weekdays'),
  weeksOfMonth: json('weeks_of_month'),
  daysPerMonth: optional(int('days_per_month')),
  startTime: nullable(text('start_time')),
  endTime: nullable(text('end_time')),
  place: nullable(text('place')),
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

async function listVersions(db: D1Database, ruleId?: number): Promise<Map<number, RuleVersion[]>> {
  const query = 'SELECT rule_id, until, rule FROM reception_rule_versions' + (ruleId === undefined ? '' : ' WHERE rule_id = ?') + ' ORDER BY rule_id, until';
  const statement = ruleId === undefined ? db.prepare(query) : db.prepare(query).bind(ruleId);
  const { results } = await statement.all<{ rule_id: number; until: string; rule: string }>();
  const byRule = new Map<number, RuleVersion[]>();
  for (const r of results) byRule.set(r.rule_id, [...(byRule.get(r.rule_id) ?? []), { ...(JSON.parse(r.rule) as Omit<RuleVersion, 'until'>), until: r.until }]);
  return byRule;
}

/** The rules with their current fields; `history` holds the versions in force before the last edits. */
export async function listRules(db: D1Database): Promise<ReceptionRule[]> {
  const [{ results }, versions] = await Promise.all([db.prepare('SELECT * FROM reception_rules ORDER BY valid_from, id').all<Row>(), listVersions(db)]);
  return results.map((r) => withHistory(toRule(r), versions));
}

const withHistory = (rule: ReceptionRule, versions: Map<number, RuleVersion[]>): ReceptionRule => {
  const history = versions.get(rule.id);
  return history?.length ? { ...rule, history } : rule;
};

export async function getRule(db: D1Database, id: number): Promise<ReceptionRule | null> {
  const r = await db.prepare('SELECT * FROM reception_rules WHERE id = ?').bind(id).first<Row>();
  return r ? withHistory(toRule(r), await listVersions(db, id)) : null;
}

/**
 * Inserts a rule with its audit row and the late marks of its first sessions (`lateDates`: the
 * dates the rule gives inside the notice period), in one batch: the marks' keys take the new id.
 */
export async function createRule(db: D1Database, rule: ReceptionRuleFields, lateDates: string[], reason: string, actor: Actor, now: string): Promise<ReceptionRule> {
  const { columns, placeholders, values } = RULE.write(rule);
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO reception_rules (${columns}, created_at, updated_at) VALUES (${placeholders}, ?, ?) RETURNING *`).bind(...values, now, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'reception_rule', before: null, after: rule, at: now }),
    ...lateDates.map((date) =>
      db
        .prepare(
          `INSERT INTO reception_late_marks (session_key, marked_at, late, reason)
           SELECT 'rule-' || (SELECT max(id) FROM reception_rules) || '-' || ?, ?, 1, ?`,
        )
        .bind(date, now, reason),
    ),
  ]);
  return toRule((inserted!.results as Row[])[0]!);
}

/**
 * A session an edit changed after it was announced: its key, whether inside the notice period,
 * why, and the session itself if the edit removed it.
 */
export interface LateChange {
  key: string;
  late: boolean;
  reason: string;
  removed?: Session;
}

const LATE_MARK = columnMap<{ key: string; markedAt: string; late: boolean; reason: string; removed: Session | null }>({
  key: text('session_key'),
  markedAt: text('marked_at'),
  late: bool('late'),
  reason: text('reason'),
  removed: nullable(json('removed_session')),
});

/**
 * Marks sessions an edit changed: statements to batch with the edit. A session once marked late
 * stays late; its reason is the latest late change's (a timely change later does not replace
 * it); a mark renews the time and, if the edit removed the session, the session as announced. With `guard`, a mark is written only if the guard (a SQL
 * condition with its binds) holds.
 */
function markSessions(db: D1Database, changes: LateChange[], now: string, guard?: { sql: string; binds: unknown[] }): D1PreparedStatement[] {
  return changes.map((change) => {
    const { columns, placeholders, values } = LATE_MARK.write({ key: change.key, markedAt: now, late: change.late, reason: change.reason, removed: change.removed ?? null });
    const upsert = `ON CONFLICT (session_key) DO UPDATE SET marked_at = excluded.marked_at,
      reason = CASE WHEN excluded.late = 1 OR late = 0 THEN excluded.reason ELSE reason END, late = max(late, excluded.late),
      removed_session = coalesce(excluded.removed_session, removed_session)`;
    return guard
      ? db.prepare(`INSERT INTO reception_late_marks (${columns}) SELECT ${placeholders} WHERE ${guard.sql} ${upsert}`).bind(...values, ...guard.binds)
      : db.prepare(`INSERT INTO reception_late_marks (${columns}) VALUES (${placeholders}) ${upsert}`).bind(...values);
  });
}

async function listLateMarks(db: D1Database): Promise<Map<string, LateMark>> {
  const { results } = await db.prepare('SELECT * FROM reception_late_marks').all<Row>();
  return new Map(
    results.map((r) => {
      const { key, markedAt, late, reason, removed } = LATE_MARK.read(r);
      return [key, { markedAt, late, ...(reason ? { reason } : {}), ...(removed ? { removed } : {}) }];
    }),
  );
}

/**
 * Saves a rule edit made on `before.version`: the new fields, the history it leaves (the
 * versions in force before the edit's date, see historyAfterEdit), its audit row and the marks
 * of the sessions it changes — one batch, written only if the version still matched (false if not).
 */
export async function updateRule(
  db: D1Database,
  before: ReceptionRule,
  rule: ReceptionRuleFields,
  history: RuleVersion[],
  marks: LateChange[],
  actor: Actor,
  now: string,
): Promise<boolean> {
  const id = before.id;
  const version = before.version;
  // Every statement after the UPDATE runs only if this edit is the one that bumped the version.
  const guard = { sql: 'EXISTS (SELECT 1 FROM reception_rules WHERE id = ? AND version = ? AND updated_at = ?)', binds: [id, version + 1, now] };
  const { history: _old, ...beforeFields } = before;
  const [result] = await db.batch([
    db
      .prepare(`UPDATE reception_rules SET ${RULE.set()}, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`)
      .bind(...RULE.values(rule), now, id, version),
    auditIfChanged(db, { actor, action: 'update', entity: 'reception_rule', before: beforeFields, after: { ...rule, history }, at: now }, id),
    db.prepare(`DELETE FROM reception_rule_versions WHERE rule_id = ? AND ${guard.sql}`).bind(id, ...guard.binds),
    ...history.map(({ until, ...fields }) =>
      db.prepare(`INSERT INTO reception_rule_versions (rule_id, until, rule) SELECT ?, ?, ? WHERE ${guard.sql}`).bind(id, until, JSON.stringify(fields), ...guard.binds),
    ),
    ...markSessions(db, marks, now, guard),
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

async function listExtras(db: D1Database): Promise<ExtraSession[]> {
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
  const { results } = await db.prepare('SELECT date, name, kind, source FROM holidays ORDER BY date').all<Holiday>();
  return results;
}

/**
 * The years of `years` with neither a stored list nor the Government's shipped one
 * (official-days-off.ts): their days off are computed, "dự kiến — chưa xác nhận".
 */
function provisionalYears(stored: Holiday[], years: number[]): number[] {
  const confirmed = new Set(stored.map((h) => Number(h.date.slice(0, 4))));
  return years.filter((y) => !confirmed.has(y) && !isDecidedYear(y));
}

/**
 * The holidays in force now for `years`: the stored list where a year has one, else the shipped
 * official list, else computed defaults. Past sessions are not generated from this alone: a list
 * they were published on stays in force for them (holiday_list_versions — a save keeps the list
 * it replaces; migration 0036 froze the computed defaults a deployment published on before the
 * official lists shipped), and sessionsToCorrect flags those this list now makes a day off.
 */
export function holidaysFor(stored: Holiday[], years: number[]): Holiday[] {
  const byYear = new Map<number, Holiday[]>();
  for (const h of stored) {
    const y = Number(h.date.slice(0, 4));
    byYear.set(y, [...(byYear.get(y) ?? []), h]);
  }
  return years.flatMap((y) => byYear.get(y) ?? defaultHolidays(y));
}

const DAYS_OFF_VERSION = columnMap<DaysOffVersion>({ year: int('year'), until: text('until'), holidays: json('list'), provisional: bool('provisional') });

/** The earlier lists of days off, each in force for session dates before its `until`. */
async function listDaysOffHistory(db: D1Database): Promise<DaysOffVersion[]> {
  const { results } = await db.prepare('SELECT * FROM holiday_list_versions ORDER BY until, year').all<Row>();
  return results.map((r) => DAYS_OFF_VERSION.read(r));
}

/**
 * Replaces a year's holiday list, with its audit row, in one batch. `replaced` is the list in
 * force until now, kept for the dates before the save; a second save the same day keeps the
 * first one's (the list those dates had).
 */
export async function saveHolidayYear(
  db: D1Database,
  year: number,
  list: Holiday[],
  late: LateChange[],
  replaced: DaysOffVersion | undefined,
  actor: Actor,
  now: string,
): Promise<void> {
  const { results: before } = await db
    .prepare("SELECT date, name, kind, source FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .all<Holiday>();
  await db.batch([
    db.prepare('DELETE FROM holidays WHERE date BETWEEN ? AND ?').bind(`${year}-01-01`, `${year}-12-31`),
    ...list.map((h) => db.prepare('INSERT INTO holidays (date, name, kind, source) VALUES (?, ?, ?, ?)').bind(h.date, h.name, h.kind, h.source)),
    ...(replaced ? [keepReplacedList(db, replaced, now)] : []),
    auditById(db, { actor, action: 'replace', entity: 'holidays', before, after: list, at: now }, String(year)),
    ...markSessions(db, late, now),
  ]);
}

function keepReplacedList(db: D1Database, version: DaysOffVersion, now: string): D1PreparedStatement {
  const { columns, placeholders, values } = DAYS_OFF_VERSION.write(version);
  return db.prepare(`INSERT INTO holiday_list_versions (${columns}, saved_at) VALUES (${placeholders}, ?) ON CONFLICT (year, until) DO NOTHING`).bind(...values, now);
}

/** Everything the session generator needs, for the years around `years`. */
export async function loadCalendar(db: D1Database, years: number[]): Promise<CalendarInput> {
  const [rules, changes, extras, stored, lateMarks, daysOffHistory, records, corrections] = await Promise.all([
    listRules(db),
    listChanges(db),
    listExtras(db),
    listStoredHolidays(db),
    listLateMarks(db),
    listDaysOffHistory(db),
    listRecords(db),
    listCorrections(db),
  ]);
  return {
    rules,
    changes,
    extras,
    holidays: holidaysFor(stored, years),
    provisionalYears: provisionalYears(stored, years),
    lateMarks,
    daysOffHistory,
    records: new Map(records.map(({ sessionKey, sessionDate: _date, ...outcome }) => [sessionKey, outcome])),
    corrections,
  };
}

const RECORD = columnMap<Omit<SessionRecord, 'version' | 'recordedAt'>>({
  sessionKey: text('session_key'),
  sessionDate: text('session_date'),
  held: bool('held'),
  heldByTitle: text('held_by_title'),
  heldByName: text('held_by_name'),
  citizensReceived: nullable(int('citizens_received')),
  note: text('note'),
});
const toRecord = (r: Row): SessionRecord => ({ ...RECORD.read(r), recordedAt: r.recorded_at as string, version: r.version as number });

/** Every recorded session, oldest day first. */
async function listRecords(db: D1Database): Promise<SessionRecord[]> {
  const { results } = await db.prepare('SELECT * FROM reception_session_records ORDER BY session_date, session_key').all<Row>();
  return results.map(toRecord);
}

export async function getRecord(db: D1Database, key: string): Promise<SessionRecord | null> {
  const row = await db.prepare('SELECT * FROM reception_session_records WHERE session_key = ?').bind(key).first<Row>();
  return row ? toRecord(row) : null;
}

/**
 * Records (or re-records) what happened at a session, with its audit row, in one batch. A record
 * made on `version` is written only if the stored one is still that version (0: none yet);
 * false when someone else recorded it meanwhile.
 */
export async function saveRecord(db: D1Database, record: Omit<SessionRecord, 'version' | 'recordedAt'>, version: number, actor: Actor, now: string): Promise<boolean> {
  const before = await getRecord(db, record.sessionKey);
  if ((before?.version ?? 0) !== version) return false;
  const { columns, placeholders, values } = RECORD.write(record);
  const [result] = await db.batch([
    db
      .prepare(
        `INSERT INTO reception_session_records (${columns}, recorded_at, version) VALUES (${placeholders}, ?, 1)
         ON CONFLICT (session_key) DO UPDATE SET ${RECORD.setExcluded()}, recorded_at = excluded.recorded_at, version = version + 1
         WHERE version = ?`,
      )
      .bind(...values, now, version),
    auditIfChanged(db, { actor, action: before ? 'update' : 'create', entity: 'reception_session_record', before, after: record, at: now }, record.sessionKey),
  ]);
  return result!.meta.changes === 1;
}

const CORRECTION = columnMap<Omit<SessionCorrection, 'id' | 'createdAt'>>({
  sessionKey: text('session_key'),
  sessionDate: text('session_date'),
  correctedOn: text('corrected_on'),
  text: text('text'),
});

/** Corrections by session key, oldest first. */
async function listCorrections(db: D1Database): Promise<Map<string, SessionCorrection[]>> {
  const { results } = await db.prepare('SELECT * FROM reception_corrections ORDER BY created_at, id').all<Row>();
  const byKey = new Map<string, SessionCorrection[]>();
  for (const r of results) {
    const c: SessionCorrection = { id: r.id as number, ...CORRECTION.read(r), createdAt: r.created_at as string };
    byKey.set(c.sessionKey, [...(byKey.get(c.sessionKey) ?? []), c]);
  }
  return byKey;
}

/** Publishes a correction beside a session, with its audit row, in one batch. Corrections are never edited. */
export async function addCorrection(db: D1Database, correction: Omit<SessionCorrection, 'id' | 'createdAt'>, actor: Actor, now: string): Promise<SessionCorrection> {
  const { columns, placeholders, values } = CORRECTION.write(correction);
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO reception_corrections (${columns}, created_at) VALUES (${placeholders}, ?) RETURNING id`).bind(...values, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'reception_correction', before: null, after: correction, at: now }),
  ]);
  return { id: ((inserted!.results as Row[])[0]!.id as number), ...correction, createdAt: now };
}

/**
 * What the records say about the reception sessions of [from, to] (inclusive, YYYY-MM-DD), as of
 * `today` — the figures a report can state (see ReceptionFacts: held, not held, unrecorded,
 * unscheduled, citizens received; null where unknown, never a plan counted as held).
 *
 * @example const facts = await receptionFacts(db, '2024-01-01', '2024-06-30');
 *          facts.held === null ? 'chưa có số liệu' : String(facts.held)
 */
export async function receptionFacts(db: D1Database, from: IsoDate, to: IsoDate, today: IsoDate = todayInVietnam()): Promise<ReceptionFacts> {
  const [first, last] = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
  const years = Array.from({ length: last - first + 3 }, (_, i) => first - 1 + i);
  return factsOf(generateSessions(await loadCalendar(db, years), from, to), from, to, today);
}

/**
 * Past regular sessions published as held that the days off in force now make a day off (a
 * confirmed list saved later, or the Government's list shipped after they were announced), and
 * that have no correction yet: the official must correct each in the open. `today` excluded.
 */
export function sessionsToCorrect(input: CalendarInput, sessions: readonly Session[], today: IsoDate): { session: Session; dayOff: string }[] {
  const offNow = new Map(input.holidays.filter((h) => h.kind !== 'makeup_workday').map((h) => [h.date, h.name]));
  return sessions
    .filter((s) => s.kind === 'regular' && s.status !== 'cancelled' && s.date < today && s.corrections.length === 0 && offNow.has(s.date))
    .map((session) => ({ session, dayOff: offNow.get(session.date)! }));
}

/** The flagged sessions of the years `years` (see sessionsToCorrect). */
export async function listSessionsToCorrect(db: D1Database, years: number[], today: IsoDate = todayInVietnam()): Promise<{ session: Session; dayOff: string }[]> {
  const input = await loadCalendar(db, years);
  const from = `${Math.min(...years)}-01-01`;
  return sessionsToCorrect(input, generateSessions(input, from, addDays(today, -1)), today);
}

/** The unit's legal minimum of reception days a month, or null when none is set. */
export async function getMinDaysPerMonth(db: D1Database): Promise<number | null> {
  const row = await db.prepare('SELECT min_days_per_month FROM reception_settings WHERE id = 1').first<{ min_days_per_month: number | null }>();
  return row?.min_days_per_month ?? null;
}

export async function saveMinDaysPerMonth(db: D1Database, value: number | null, actor: Actor, now: string): Promise<void> {
  const before = await getMinDaysPerMonth(db);
  await db.batch([
    db
      .prepare('INSERT INTO reception_settings (id, min_days_per_month, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET min_days_per_month = excluded.min_days_per_month, updated_at = excluded.updated_at')
      .bind(value, now),
    auditById(db, { actor, action: 'update', entity: 'reception_settings', before: { minDaysPerMonth: before }, after: { minDaysPerMonth: value }, at: now }, 1),
  ]);
}

/** The session a key names ("rule-<id>-<YYYY-MM-DD>" or "extra-<id>") as the calendar shows it, or null. */
export async function findSession(db: D1Database, key: string): Promise<Session | null> {
  const ruleDate = /^rule-\d+-(\d{4}-\d{2}-\d{2})$/.exec(key)?.[1];
  const extraId = /^extra-(\d+)$/.exec(key)?.[1];
  const date = ruleDate ?? (extraId ? (await listExtras(db)).find((x) => x.id === Number(extraId))?.date : undefined);
  if (!date) return null;
  const year = Number(date.slice(0, 4));
  const input = await loadCalendar(db, [year - 1, year, year + 1]);
  // A move carries a session at most a few weeks from the day its rule gave.
  return generateSessions(input, addDays(date, -40), addDays(date, 60)).find((s) => s.key === key) ?? null;
}

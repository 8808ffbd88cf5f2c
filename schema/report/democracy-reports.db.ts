import {
  REPORT_SECTION_KEYS,
  ReportTextSchema,
  reportFigures,
  reportPeriodOf,
  type ReportDraft,
  type ReportFigures,
  type ReportInputs,
  type ReportPeriod,
  type ReportText,
} from './democracy-report.ts';
import { CHANNELS } from '../disclosure/disclosure.ts';
import { describeRule, hoursOrUnknown } from '../reception/reception.ts';
import { todayInVietnam } from '../core/dates.ts';
import { auditIfChanged, auditLastInsert, type Actor } from '../accounts/audit.db.ts';
import { listCategories } from '../disclosure/categories.db.ts';
import { columnMap, int, json, nullable, text, type Row } from '../core/columns.db.ts';
import { insertDisclosureWhen, listDisclosures, PUBLIC_STATUSES, type NewDisclosure } from '../disclosure/disclosures.db.ts';
import { getPetitionStats } from '../statistics/petition-stats.db.ts';
import { getProcedureReport } from '../statistics/procedure-stats.db.ts';
import { loadCalendar, receptionFacts } from '../reception/reception.db.ts';
import { decisions } from '../community/decisions.db.ts';
import { activities } from '../community/supervision.db.ts';
import { listConsultations, tallyOpinions } from '../consultation/consultations.db.ts';
import { consultationCounts } from '../consultation/consultation.ts';
import { activityPath, consultationPath, decisionPath } from '../publishing/paths.ts';

/** All SQL for `democracy_reports`, and the loader of the records a report is computed from. */

type Sections = Omit<ReportText, 'documentNumber'>;

const REPORT = columnMap<Pick<ReportDraft, 'id' | 'documentNumber' | 'status' | 'version' | 'disclosureId' | 'figures' | 'createdAt' | 'updatedAt'>>({
  id: int('id'),
  documentNumber: text('document_number'),
  status: text('status'),
  version: int('version'),
  disclosureId: nullable(int('disclosure_id')),
  figures: nullable(json<ReportFigures>('figures')),
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
});
const PERIOD = columnMap<ReportPeriod>({
  kind: text('period_kind'),
  year: int('period_year'),
  number: int('period_number'),
  from: text('data_from'),
  to: text('data_to'),
});
const sections = json<Sections>('sections');

function toReport(r: Row): ReportDraft {
  const lastEditorId = (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null;
  // A report saved before a part existed reads that part's default (empty, unknown, TM.).
  return { ...ReportTextSchema.parse({}), ...REPORT.read(r), ...sections.read(r.sections), period: PERIOD.read(r), lastEditorId };
}

/** The narrative parts and recipients of a report, as stored in `sections`. */
function sectionsOf(text: ReportText): Sections {
  const { recipients, agencyDone, agencyTotal, signPrefix, signerTitle, signerName } = text;
  const out = { recipients, agencyDone, agencyTotal, signPrefix, signerTitle, signerName } as Sections;
  for (const k of REPORT_SECTION_KEYS) out[k] = text[k];
  return out;
}

/** What the audit log keeps of a report: its period, text and state (not the computed figures). */
const auditView = (r: Pick<ReportDraft, 'period' | 'documentNumber' | 'status' | 'version' | 'disclosureId'> & ReportText) => ({
  period: r.period,
  ...sectionsOf(r),
  documentNumber: r.documentNumber,
  status: r.status,
  version: r.version,
  disclosureId: r.disclosureId,
});

export async function listReports(db: D1Database): Promise<ReportDraft[]> {
  const { results } = await db.prepare('SELECT * FROM democracy_reports ORDER BY data_to DESC, id DESC').all<Row>();
  return results.map(toReport);
}

export async function getReport(db: D1Database, id: number): Promise<ReportDraft | null> {
  const r = await db.prepare('SELECT * FROM democracy_reports WHERE id = ?').bind(id).first<Row>();
  return r ? toReport(r) : null;
}

export async function findReportForPeriod(db: D1Database, period: Pick<ReportPeriod, 'kind' | 'year' | 'number'>): Promise<ReportDraft | null> {
  const r = await db
    .prepare('SELECT * FROM democracy_reports WHERE period_kind = ? AND period_year = ? AND period_number = ?')
    .bind(period.kind, period.year, period.number)
    .first<Row>();
  return r ? toReport(r) : null;
}

/** Inserts a new draft with its audit row; null when the period already has a report. */
export async function insertReport(db: D1Database, period: ReportPeriod, text: ReportText, actor: Actor, now: string): Promise<ReportDraft | null> {
  const p = PERIOD.write(period);
  const after = auditView({ period, ...text, status: 'draft', version: 1, disclosureId: null });
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO democracy_reports (${p.columns}, sections, document_number, created_by, updated_by, created_at, updated_at)
         VALUES (${p.placeholders}, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING *`,
      )
      .bind(...p.values, JSON.stringify(sectionsOf(text)), text.documentNumber, actor.accountId, actor.accountId, now, now),
    auditLastInsert(db, { actor, action: 'create', entity: 'democracy_report', before: null, after, at: now }),
  ]);
  const row = (inserted!.results as Row[])[0];
  return row ? toReport(row) : null;
}

const UPDATE_SQL = `UPDATE democracy_reports SET sections = ?, document_number = ?, status = ?, version = ?, figures = ?,
    disclosure_id = %DISCLOSURE%, updated_at = ?, updated_by = coalesce(?, updated_by)
  WHERE id = ? AND version = ? AND status = 'draft'`;

const updateValues = (after: ReportDraft) => [
  JSON.stringify(sectionsOf(after)),
  after.documentNumber,
  after.status,
  after.version,
  after.figures === null ? null : JSON.stringify(after.figures),
];

/** Saves an edit of a draft, guarded by `before.version`: false when someone saved first. */
export async function saveReport(db: D1Database, before: ReportDraft, after: ReportDraft, actor: Actor, now: string): Promise<boolean> {
  const [update] = await db.batch([
    db.prepare(UPDATE_SQL.replace('%DISCLOSURE%', 'NULL')).bind(...updateValues(after), now, actor.accountId, before.id, before.version),
    auditIfChanged(db, { actor, action: 'update', entity: 'democracy_report', before: auditView(before), after: auditView(after), at: now }, before.id),
  ]);
  return update!.meta.changes === 1;
}

/**
 * Publishes a draft: its disclosure (type BC) is inserted and the report frozen with its
 * figures in one transaction, both guarded by the draft's version — a stale publish writes
 * nothing and returns null; otherwise the new disclosure's id.
 */
export async function publishReport(
  db: D1Database,
  before: ReportDraft,
  after: ReportDraft,
  disclosure: NewDisclosure,
  actor: Actor,
  now: string,
): Promise<number | null> {
  const guard = { sql: "EXISTS (SELECT 1 FROM democracy_reports WHERE id = ? AND version = ? AND status = 'draft')", params: [before.id, before.version] };
  // The disclosure's id is known only inside the batch; the audit row names it by its slug.
  const published = { ...auditView(after), disclosureSlug: disclosure.slug };
  const results = await db.batch([
    ...insertDisclosureWhen(db, disclosure, guard, 'create+publish', actor, now),
    // Publishing does not make the publisher the report's last writer (four eyes).
    db
      .prepare(UPDATE_SQL.replace('%DISCLOSURE%', '(SELECT id FROM disclosures WHERE slug = ?)'))
      .bind(...updateValues(after), disclosure.slug, now, null, before.id, before.version),
    auditIfChanged(db, { actor, action: 'publish', entity: 'democracy_report', before: auditView(before), after: published, at: now }, before.id),
  ]);
  if (results[2]!.meta.changes !== 1) return null;
  const row = await db.prepare('SELECT disclosure_id FROM democracy_reports WHERE id = ?').bind(before.id).first<{ disclosure_id: number }>();
  return row!.disclosure_id;
}

/** The day a record was entered, in Vietnam: where a record nobody dated is listed ("chưa xác định thời gian"). */
const enteredOn = (r: { createdAt: string }) => todayInVietnam(new Date(r.createdAt));

/** Everything a report for `period` is computed from: public disclosures, statistics, the calendar's rules, the other pillars. */
export async function computeReportFigures(db: D1Database, period: ReportPeriod, agency: ReportInputs['agency'] = { agencyDone: null, agencyTotal: null }): Promise<ReportFigures> {
  const [disclosures, categories, procedure, petitions, calendar, decisionRows, consultationRows, tallies, activityRows, reception] = await Promise.all([
    listDisclosures(db, { statuses: PUBLIC_STATUSES }),
    listCategories(db),
    getProcedureReport(db, reportPeriodOf(period)),
    getPetitionStats(db, reportPeriodOf(period)),
    loadCalendar(db, [period.year]),
    // A withdrawn record is not counted: the commune took it back.
    decisions.list(db, { publishedOnly: true }).then((rows) => rows.filter((r) => r.status === 'published')),
    listConsultations(db, { publicOnly: true }).then((rows) => rows.filter((r) => r.status === 'published')),
    tallyOpinions(db),
    activities.list(db, { publishedOnly: true }).then((rows) => rows.filter((r) => r.status === 'published')),
    // Sessions count as held only when an official recorded them after the day (issue 21 item 2).
    receptionFacts(db, period.from, period.to),
  ]);
  // Each rule as it stood during the period: an edit applies from its date, so a period may see
  // more than one version of a rule (schema/reception/reception.ts keeps the earlier ones in `history`).
  const ruleDescriptions = calendar.rules.flatMap((rule) => {
    const history = rule.history ?? [];
    const versions = [...history, rule];
    return versions.flatMap((v, i) => {
      const from = i === 0 ? rule.validFrom : history[i - 1]!.until;
      const until = history[i]?.until; // exclusive; the current version is open-ended
      const end = rule.validTo ?? undefined;
      const overlaps = from <= period.to && (until === undefined || until > period.from) && (end === undefined || end >= period.from);
      return overlaps ? [`${v.hostTitle}${v.hostName ? ` ${v.hostName}` : ''}: ${describeRule(v).toLowerCase()}, ${hoursOrUnknown(v)}`] : [];
    });
  });
  return reportFigures(period, {
    disclosures,
    categories,
    channels: CHANNELS,
    procedure,
    petitions,
    ruleDescriptions,
    reception,
    decisions: decisionRows.map((d) => ({ title: d.title, from: d.heldFrom, periodLabel: d.periodLabel, enteredOn: enteredOn(d), path: decisionPath(d) })),
    consultations: consultationRows.map((c) => {
      const counts = consultationCounts(c, tallies.get(c.id) ?? { received: 0, published: 0 });
      return {
        title: c.title,
        from: c.opensOn,
        periodLabel: c.periodLabel,
        enteredOn: enteredOn(c),
        illustration: c.illustration,
        path: consultationPath(c),
        received: counts.received,
        published: counts.published,
        takenUp: counts.takenUp,
      };
    }),
    activities: activityRows.map((a) => ({
      title: a.title,
      from: a.heldOn,
      periodLabel: a.periodLabel,
      enteredOn: enteredOn(a),
      path: activityPath(a),
      finding: a.kind === 'phat_hien',
      recommended: a.recommendation !== '',
      answered: a.response !== '',
    })),
    agency,
  });
}

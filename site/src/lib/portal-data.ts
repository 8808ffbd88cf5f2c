import { splitPublishable, type Unpublishable } from '../../../schema/publishing/publish.ts';
import { listAllAttachments, type Attachment } from '../../../schema/disclosure/attachments.db.ts';
import { listCategories } from '../../../schema/disclosure/categories.db.ts';
import { listReports } from '../../../schema/report/democracy-reports.db.ts';
import type { ReportFigures } from '../../../schema/report/democracy-report.ts';
import {
  listAllRevisions,
  listDisclosures,
  listShownWith,
  PUBLIC_STATUSES,
  type Revision,
} from '../../../schema/disclosure/disclosures.db.ts';
import { focusOf } from '../../../schema/publishing/publish-jobs.ts';
import { listPetitionStats } from '../../../schema/statistics/petition-stats.db.ts';
import { listProcedureReports } from '../../../schema/statistics/procedure-stats.db.ts';
import { loadCalendar } from '../../../schema/reception/reception.db.ts';
import { comparePeriods } from '../../../schema/statistics/period.ts';
import type { PetitionStats } from '../../../schema/statistics/petition-stats.ts';
import type { ProcedureReport } from '../../../schema/statistics/procedure-stats.ts';
import { getUnit } from '../../../schema/unit/unit.db.ts';
import { getDemocracyRules } from '../../../schema/unit/democracy-rules.db.ts';
import type { DemocracyRules } from '../../../schema/unit/democracy-rules.ts';
import { listEarlierNames } from '../../../schema/unit/unit-names.db.ts';
import { unitOn as unitAsOf, type EarlierName } from '../../../schema/unit/unit-names.ts';
import { addDays } from '../../../schema/core/dates.ts';
import { generateSessions, nextSession, type ReceptionRule, type Session } from '../../../schema/reception/reception.ts';
import type { Category } from '../../../schema/disclosure/category.ts';
import { DisclosureSchema, type Disclosure } from '../../../schema/disclosure/disclosure.ts';
import { todayInVietnam } from '../../../schema/core/dates.ts';
import type { Unit } from '../../../schema/unit/unit.ts';
import { loadConsultations, type PublicConsultation } from './consultation-data.ts';
import { loadCommunity, type CommunityData } from './community-data.ts';
import { renderCommune, renderGeneration } from './render-context.ts';
import { renderDb } from './render-db.ts';

/**
 * Everything the citizen site shows, read from D1 once per render generation (one queue message
 * of the publish consumer): pages are rendered one after another and each would otherwise query
 * the same tables again.
 */
export interface PortalData {
  /** The unit, with the name and kind in force on the build day (a rename planned for later shows from its date). */
  unit: Unit;
  /** The unit with the name and kind in force on `date`: what a notice, posting or session of that date shows. */
  unitOn: (date: string) => Unit;
  categories: Category[];
  categoryBySlug: Map<string, Category>;
  /** Published and withdrawn disclosures, newest first. */
  disclosures: Disclosure[];
  revisions: Map<number, Revision[]>;
  attachments: Map<number, Attachment[]>;
  /** The day the build was made, in Vietnam: posting states are computed for it. */
  today: string;
  reception: {
    rules: ReceptionRule[];
    /** Rules in force today (or, failing that, the latest one). */
    current: ReceptionRule[];
    /** Every session from the first rule (at most two years back) to a year ahead. */
    sessions: Session[];
    next: Session | undefined;
    /** The unit's earlier names: each session and event shows the name in force on its date. */
    earlierNames: EarlierName[];
  };
  /** Procedure results, oldest period first. */
  procedureReports: ProcedureReport[];
  /** Petition counts, oldest period first. */
  petitions: PetitionStats[];
  /** The frozen figures of each published report on grassroots democracy, by its disclosure's id. */
  reportFigures: Map<number, ReportFigures>;
  /** Published consultations with their counts and published opinions, newest first. */
  consultations: PublicConsultation[];
  /** Decisions by the people and supervision (community-data.ts). */
  community: CommunityData;
  /** The law's thresholds as the unit set them: quorum, passing share, consultation periods, boards. */
  democracyRules: DemocracyRules;
  /**
   * The disclosures this build leaves out because they fail their schema. The build writes them
   * into its stamp (pages/phien-ban.json.ts, scripts/post-build.ts), where the admin home reads them.
   */
  unpublishable: Unpublishable[];
}

/** How far back the public history of reception sessions goes. */
const HISTORY_YEARS = 2;

/**
 * Disclosures that passed their schema in this isolate, by commune and id: the version checked.
 * A save changes `updatedAt` and `version`.
 */
const passed = new Map<string, string>();
const versionKey = (d: Disclosure) => `${d.slug}|${d.updatedAt}|${d.version}|${d.status}`;

/**
 * The reads of the last generations (a publish message's and a live page's may interleave), each
 * by commune: a province page of one generation may read every commune's data once.
 */
const loaded = new Map<string, Map<string, Promise<PortalData>>>();

/**
 * `focus`: a detail page rendered alone (schema/publishing/publish-jobs.ts focusedGeneration) reads its
 * disclosure and those its page shows, their revisions and files only; every other table whole.
 */
async function load(db: D1Database, commune: string, focus: string | null): Promise<PortalData> {
  const today = todayInVietnam();
  const thisYear = Number(today.slice(0, 4));
  const years = Array.from({ length: HISTORY_YEARS + 3 }, (_, i) => thisYear - HISTORY_YEARS + i);
  const [unit, categories, disclosures, revisions, calendar, procedureReports, petitions, attachments, reports, consultations, community, earlierNames] = await Promise.all([
    getUnit(db),
    listCategories(db),
    focus === null ? listDisclosures(db, { statuses: PUBLIC_STATUSES }) : listShownWith(db, focus),
    listAllRevisions(db, focus ?? undefined),
    loadCalendar(db, years),
    listProcedureReports(db),
    listPetitionStats(db),
    listAllAttachments(db, ['attached', 'withdrawn'], focus ?? undefined),
    listReports(db),
    loadConsultations(db),
    loadCommunity(db),
    listEarlierNames(db),
  ]);
  // One bad row never stops the build: it is left out, and the build log names it. A row this
  // isolate has seen pass, unchanged since, is not checked again (~0.4 s for 10,000 rows).
  const unchecked = disclosures.filter((d) => passed.get(`${commune}:${d.id}`) !== versionKey(d));
  const { left } = splitPublishable(unchecked, DisclosureSchema);
  const failed = new Set(left.map((row) => row.id));
  for (const d of unchecked) if (!failed.has(d.id)) passed.set(`${commune}:${d.id}`, versionKey(d));
  const publishable = failed.size ? disclosures.filter((d) => !failed.has(d.id)) : disclosures;
  for (const row of left) console.warn(`Không xuất bản được: nội dung số ${row.id} (${row.slug}): ${row.reason}`);
  // …and the admin home names them, from this build's stamp (`unpublishable` below). The build
  // only reads D1: a write here, while the Worker wrote, once made a save fail (SQLITE_BUSY).
  const firstRule = calendar.rules.map((r) => r.validFrom).sort()[0] ?? today;
  const historyStart = `${thisYear - HISTORY_YEARS}-01-01`;
  const sessions = generateSessions(calendar, firstRule > historyStart ? firstRule : historyStart, addDays(today, 365));
  const inForce = calendar.rules.filter((r) => r.validFrom <= today && (!r.validTo || r.validTo >= today));
  const democracyRules = await getDemocracyRules(db);
  if (!unit) throw new Error('The unit is not configured: run `npm start` (it seeds the demo data) or insert the unit row.');
  const unitOn = (date: string) => unitAsOf(unit, earlierNames, date);
  return {
    unit: unitOn(today),
    unitOn,
    categories,
    categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
    disclosures: publishable,
    revisions,
    attachments,
    today,
    reception: {
      rules: calendar.rules,
      current: inForce.length ? inForce : calendar.rules.slice(-1),
      sessions,
      next: nextSession(sessions, today),
      earlierNames,
    },
    procedureReports: procedureReports.sort((a, b) => comparePeriods(a.period, b.period)),
    petitions: petitions.sort((a, b) => comparePeriods(a.period, b.period)),
    reportFigures: new Map(reports.flatMap((r) => (r.status === 'published' && r.disclosureId !== null && r.figures ? [[r.disclosureId, r.figures] as const] : []))),
    consultations,
    community,
    democracyRules,
    unpublishable: left,
  };
}

/** Everything the pages show, of this render's commune, read once per render generation (lib/render-context.ts). */
export function portalData(): Promise<PortalData> {
  return cached(renderCommune(), renderDb);
}

function cached(commune: string, db: () => D1Database): Promise<PortalData> {
  const generation = renderGeneration() ?? 'none';
  let communes = loaded.get(generation);
  if (!communes) {
    communes = new Map();
    loaded.set(generation, communes);
    // Keep the last few generations only.
    while (loaded.size > 3) loaded.delete(loaded.keys().next().value!);
  }
  let data = communes.get(commune);
  if (!data) {
    data = load(db(), commune, focusOf(generation));
    communes.set(commune, data);
    // A failed read (D1 down) is not kept: a retry reads again.
    const kept = communes;
    data.catch(() => kept.delete(commune));
  }
  return data;
}

import { periodEnd } from '../community/plan-status.ts';
import { documentTypeOf } from './document-number.ts';
import type { Disclosure, DisclosureFields, DisclosureStatus } from './disclosure.ts';
import { RESERVED_DISCLOSURE_SLUGS } from '../publishing/paths.ts';
import { slugify } from '../core/text.ts';
import { auditIfChanged, auditLastInsertIfChanged, type Actor } from '../accounts/audit.db.ts';
import { bool, columnMap, int, json, nullable, optional, text, type Row, type SqlValue } from '../core/columns.db.ts';
import { firstRow, readOne, type Query } from '../core/query.db.ts';

/**
 * All SQL for the `disclosures` table and its public revisions. No rules live here (who may
 * publish, when a reason is needed): those are in schema/disclosure/disclosures.use-cases.ts.
 */

// Derived from the schema: a field added to DisclosureFieldsSchema is a type error here until
// the column map below stores it.
type Editable = keyof DisclosureFields | 'documentType';
type StateField = 'status' | 'version' | 'publishedAt' | 'withdrawnAt' | 'withdrawalReason' | 'channelMinimums';

/**
 * The fields an official writes and those the state machine sets, with their columns: the
 * row mapper, the INSERT and the UPDATE are all built from this map, so adding a field is one
 * line here (plus its migration and its place in schema/disclosure/disclosure.ts).
 */
// Shared with the citation index below, which reads only these two.
const documentNumber = text('document_number');
const cites = json<string[]>('cites');

const STORED = columnMap<Pick<Disclosure, Editable | StateField>>({
  title: text('title'),
  category: text('category'),
  documentNumber,
  documentType: text('document_type'),
  issuedOn: text('issued_on'),
  issuer: text('issuer'),
  summary: text('summary'),
  body: text('body'),
  channels: json('channels'),
  postingStart: text('posting_start'),
  postingEnd: optional(text('posting_end')),
  permanent: bool('permanent'),
  shortPostingReason: text('short_posting_reason'),
  shortPostingGround: text('short_posting_ground'),
  channelDetails: json('channel_details'),
  periodLabel: text('period_label'),
  recordedAfter: bool('recorded_after'),
  postedPeriod: text('posted_period'),
  planStatus: text('plan_status'),
  planStatusOn: optional(text('plan_status_on')),
  cites,
  status: text('status'),
  version: int('version'),
  publishedAt: nullable(text('published_at')),
  withdrawnAt: nullable(text('withdrawn_at')),
  withdrawalReason: nullable(text('withdrawal_reason')),
  channelMinimums: nullable(json('channel_minimums')),
});
/** Set once by the database: the id, the slug (the URL never changes) and the times. */
const FIXED = columnMap<Pick<Disclosure, 'id' | 'slug' | 'createdAt' | 'updatedAt'>>({
  id: int('id'),
  slug: text('slug'),
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
});

function toDisclosure(r: Row): Disclosure {
  // The four-eyes rule compares the publisher with whoever wrote the item last.
  const lastEditorId = (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null;
  return { ...FIXED.read(r), ...STORED.read(r), lastEditorId };
}

/** The fields an official typed, plus the type code derived from the document number. */
export function withDocumentType(fields: DisclosureFields): Pick<Disclosure, Editable> {
  return { ...fields, documentType: fields.documentNumber ? documentTypeOf(fields.documentNumber) : '' };
}

/** What the audit log and the public revisions keep of a disclosure: what people edit and its state. */
function auditView(d: Disclosure) {
  const view: Record<string, unknown> = {};
  for (const key of STORED.fields) view[key] = d[key];
  return view;
}

/** One disclosure by id, or null: a query, so that a read can share a batch with others. */
export function disclosureQuery(db: D1Database, id: number): Query<Disclosure | null> {
  return {
    statement: db.prepare('SELECT * FROM disclosures WHERE id = ?').bind(id),
    read: (result) => {
      const r = firstRow(result);
      return r ? toDisclosure(r) : null;
    },
  };
}

export const getDisclosure = (db: D1Database, id: number): Promise<Disclosure | null> => readOne(disclosureQuery(db, id));

export interface ListOptions {
  /** Only these statuses (default: every status). */
  statuses?: DisclosureStatus[];
  category?: string;
  limit?: number;
  offset?: number;
}

function whereClause(options: ListOptions): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (options.statuses?.length && options.statuses.length === 2 && !options.statuses.includes('draft')) {
    // Written this way so the partial indexes on non-draft items (migration 0006) apply.
    parts.push("status <> 'draft'");
  } else if (options.statuses?.length) {
    parts.push(`status IN (${options.statuses.map(() => '?').join(', ')})`);
    params.push(...options.statuses);
  }
  if (options.category) {
    parts.push('category = ?');
    params.push(options.category);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * Disclosures newest first. Public lists (no drafts) go by publication time; lists that may
 * hold drafts go by last change. Either order is an index, so no list needs a sort step.
 */
export function disclosureListQuery(db: D1Database, options: ListOptions = {}): Query<Disclosure[]> {
  const where = whereClause(options);
  const publicOnly = options.statuses?.length && !options.statuses.includes('draft');
  const order = publicOnly ? 'published_at DESC, id DESC' : 'updated_at DESC, id DESC';
  return {
    statement: db.prepare(`SELECT * FROM disclosures ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).bind(...where.params, options.limit ?? -1, options.offset ?? 0),
    read: (result) => result.results.map(toDisclosure),
  };
}

export const listDisclosures = (db: D1Database, options: ListOptions = {}): Promise<Disclosure[]> => readOne(disclosureListQuery(db, options));

/** How many disclosures a list of these options holds (limit and offset aside). */
export function disclosureCountQuery(db: D1Database, options: ListOptions = {}): Query<number> {
  const where = whereClause(options);
  return {
    statement: db.prepare(`SELECT count(*) AS n FROM disclosures ${where.sql}`).bind(...where.params),
    read: (result) => Number(firstRow(result)?.n ?? 0),
  };
}

/** Everything citizens may see: published and withdrawn items (withdrawn ones stay, marked). */
export const PUBLIC_STATUSES: DisclosureStatus[] = ['published', 'withdrawn'];

/**
 * The slug a title asks for, before any is taken. A slug of digits only is prefixed
 * ("cong-khai-2024"): list pages live at `/trang/N/`, and a bare number reads as a page number.
 * So is a segment the site uses ("cong-khai-trang"), whose page would be overwritten by the
 * site's own.
 */
function slugBase(title: string): string {
  const slug = slugify(title, 70);
  const prefixed = /^[0-9-]+$/.test(slug) || RESERVED_DISCLOSURE_SLUGS.includes(slug);
  return !slug ? 'cong-khai' : prefixed ? `cong-khai-${slug}` : slug;
}

/**
 * The SQL expression of the first free slug of `?1` (a slugBase): the base, else base-2,
 * base-3… Candidates are tried in order, each one lookup in the slug's unique index; SQLite runs
 * the recursive CTE as a co-routine, so `LIMIT 1` stops it at the first free one (among n rows at
 * most n are taken, so it stops by the n + 1st).
 */
const FREE_SLUG_SQL = `(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
  SELECT s FROM (SELECT CASE i WHEN 1 THEN ?1 ELSE ?1 || '-' || i END AS s FROM n)
  WHERE NOT EXISTS (SELECT 1 FROM disclosures WHERE slug = s) LIMIT 1)`;

/**
 * A slug for a new disclosure from its title, unique among existing ones now, for a write that
 * needs it before its batch (a published report's disclosure). insertDisclosure picks its own.
 */
export async function freeSlug(db: D1Database, title: string): Promise<string> {
  const row = await db.prepare(`SELECT ${FREE_SLUG_SQL} AS slug`).bind(slugBase(title)).first<{ slug: string }>();
  return row!.slug;
}

/** A new disclosure's stored state: its fields and where the state machine starts it. */
export type NewDisclosure = Pick<Disclosure, Editable | 'slug' | 'status' | 'publishedAt' | 'channelMinimums'>;

/**
 * Inserts a disclosure and its audit row in one batch (a D1 batch is one transaction): one
 * round trip. The slug is the first free one for its title, chosen by the INSERT itself, so
 * two items created at once with the same title cannot race for it. Returns null, having
 * written nothing, when the category is not in the list (the caller names the field).
 */
export async function insertDisclosure(db: D1Database, record: Omit<NewDisclosure, 'slug'>, action: string, actor: Actor, now: string): Promise<Disclosure | null> {
  const stored = { ...record, version: 1, withdrawnAt: null, withdrawalReason: null };
  const { columns, placeholders, values } = STORED.write(stored);
  const audit = auditView({ ...stored, id: 0, slug: '', createdAt: now, updatedAt: now, lastEditorId: actor.accountId });
  const [inserted] = await db.batch([
    db
      .prepare(
        // ?1 is the slug's base (FREE_SLUG_SQL); SQLite numbers each plain ? after it from 2 on.
        `INSERT INTO disclosures (slug, ${columns}, created_at, updated_at, created_by, updated_by)
         SELECT ${FREE_SLUG_SQL}, ${placeholders}, ?, ?, ?, ?
         WHERE EXISTS (SELECT 1 FROM categories WHERE slug = ?) RETURNING *`,
      )
      .bind(slugBase(record.title), ...values, now, now, actor.accountId, actor.accountId, record.category),
    auditLastInsertIfChanged(db, { actor, action, entity: 'disclosure', before: null, after: audit, at: now }),
  ]);
  const row = (inserted!.results as Row[])[0];
  return row ? toDisclosure(row) : null;
}

/**
 * The statements that insert a disclosure with its audit row only when `guard` (an SQL
 * condition) holds, for a write that creates a disclosure together with another record in one
 * batch — publishing a drafted report makes its disclosure in the same transaction.
 */
export function insertDisclosureWhen(
  db: D1Database,
  record: NewDisclosure,
  guard: { sql: string; params: SqlValue[] },
  action: string,
  actor: Actor,
  now: string,
): D1PreparedStatement[] {
  const stored = { ...record, version: 1, withdrawnAt: null, withdrawalReason: null };
  const { columns, placeholders, values } = STORED.write(stored);
  const audit = auditView({ ...stored, id: 0, slug: record.slug, createdAt: now, updatedAt: now, lastEditorId: actor.accountId });
  return [
    db
      .prepare(
        `INSERT INTO disclosures (slug, ${columns}, created_at, updated_at, created_by, updated_by)
         SELECT ?, ${placeholders}, ?, ?, ?, ? WHERE ${guard.sql}`,
      )
      .bind(record.slug, ...values, now, now, actor.accountId, actor.accountId, ...guard.params),
    auditLastInsertIfChanged(db, { actor, action, entity: 'disclosure', before: null, after: audit, at: now }),
  ];
}

/**
 * Saves `after` over `before`, guarded by `before.version`: the UPDATE, its audit row and, for
 * an item citizens have seen, the public revision (`changeNote`) are one batch and are written
 * only if the version still matched. Returns false when it did not (someone saved first).
 * `also` joins the batch (a D1 batch is one transaction).
 */
export async function saveDisclosure(
  db: D1Database,
  before: Disclosure,
  after: Disclosure,
  audit: { action: string; changeNote: string | null; writer?: number | null },
  actor: Actor,
  now: string,
  also: D1PreparedStatement[] = [],
): Promise<boolean> {
  // Only an edit makes the actor the item's last writer (four eyes); publishing or withdrawing
  // does not. An approved change names its author (`writer`), not its approver.
  const writer = audit.writer !== undefined ? audit.writer : audit.action === 'update' ? actor.accountId : null;
  const statements = [
    db
      .prepare(
        `UPDATE disclosures SET ${STORED.set()}, updated_at = ?, updated_by = coalesce(?, updated_by)
         WHERE id = ? AND version = ?`,
      )
      .bind(...STORED.values(after), now, writer, before.id, before.version),
    auditIfChanged(db, { actor, action: audit.action, entity: 'disclosure', before: auditView(before), after: auditView(after), at: now }, before.id),
  ];
  if (audit.changeNote !== null) {
    statements.push(
      db
        .prepare(
          `INSERT INTO disclosure_revisions (disclosure_id, version, changed_at, change_note, snapshot)
           SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
        )
        .bind(before.id, after.version, now, audit.changeNote, JSON.stringify(auditView(before))),
    );
  }
  // Statements that belong to the same change (an attachment's state, a decided review); each
  // carries its own guard, as they run whether or not the UPDATE matched.
  statements.push(...also);
  const [update] = await db.batch(statements);
  return update!.meta.changes === 1;
}

export interface Revision {
  version: number;
  changedAt: string;
  changeNote: string;
}

/**
 * Revisions of every public disclosure, grouped by id: the site loads them in one query. `slug`:
 * of that disclosure only (a detail page rendered alone, site/src/lib/portal-data.ts).
 */
export async function listAllRevisions(db: D1Database, slug?: string): Promise<Map<number, Revision[]>> {
  const only = slug === undefined ? '' : 'WHERE disclosure_id = (SELECT id FROM disclosures WHERE slug = ?)';
  const { results } = await db
    .prepare(`SELECT disclosure_id, version, changed_at, change_note FROM disclosure_revisions ${only} ORDER BY disclosure_id, version DESC`)
    .bind(...(slug === undefined ? [] : [slug]))
    .all<{ disclosure_id: number; version: number; changed_at: string; change_note: string }>();
  const map = new Map<number, Revision[]>();
  for (const r of results) {
    const list = map.get(r.disclosure_id) ?? [];
    list.push({ version: r.version, changedAt: r.changed_at, changeNote: r.change_note });
    map.set(r.disclosure_id, list);
  }
  return map;
}


/**
 * The public disclosures one detail page shows, newest first like the site's lists: the item
 * and the documents it cites or that cite it (schema/publishing/publish.ts relatedDocuments picks among
 * them), instead of every row. A page rendered alone reads this (site/src/lib/portal-data.ts).
 */
export async function listShownWith(db: D1Database, slug: string): Promise<Disclosure[]> {
  const { results } = await db
    .prepare(
      `WITH item AS (SELECT document_number AS number, cites FROM disclosures WHERE slug = ?1)
       SELECT * FROM disclosures WHERE status <> 'draft' AND (
         slug = ?1
         OR document_number IN (SELECT c.value FROM item, json_each(item.cites) AS c)
         OR (cites <> '[]' AND EXISTS (SELECT 1 FROM item, json_each(disclosures.cites) AS c WHERE item.number <> '' AND c.value = item.number)))
       ORDER BY published_at DESC, id DESC`,
    )
    .bind(slug)
    .all<Row>();
  return results.map(toDisclosure);
}

/** The ids of the disclosures with these slugs (those that exist). */
export async function disclosureIds(db: D1Database, slugs: readonly string[]): Promise<number[]> {
  if (!slugs.length) return [];
  const { results } = await db.prepare('SELECT id FROM disclosures WHERE slug IN (SELECT value FROM json_each(?))').bind(JSON.stringify(slugs)).all<{ id: number }>();
  return results.map((r) => r.id);
}

/** The category of the public (not draft) disclosure with this slug, or null when there is none. */
export async function publicCategoryOf(db: D1Database, slug: string): Promise<string | null> {
  const found = await db.prepare("SELECT category FROM disclosures WHERE slug = ? AND status <> 'draft'").bind(slug).first<{ category: string }>();
  return found?.category ?? null;
}

const CITATIONS = columnMap<Pick<Disclosure, 'documentNumber' | 'cites'>>({ documentNumber, cites });

/** Slug, number and citations of every disclosure: what schema/publishing/publish.ts `pagesShowing` reads. */
export async function listCitations(db: D1Database): Promise<Pick<Disclosure, 'slug' | 'documentNumber' | 'cites'>[]> {
  const { results } = await db.prepare('SELECT slug, document_number, cites FROM disclosures').all<Row>();
  return results.map((r) => ({ slug: r.slug as string, ...CITATIONS.read(r) }));
}

/**
 * The public items whose page changes on `today` by the date alone: the posting begins today or
 * ended yesterday, or a plan's period ended yesterday ("hết kỳ, chưa cập nhật"). The only detail
 * pages the daily publish renders again (schema/disclosure/disclosure.ts postingLabel words a state by
 * dates, never by days left).
 */
export async function slugsChangingOn(db: D1Database, today: string, yesterday: string): Promise<string[]> {
  const [posting, plans] = await db.batch<{ slug: string; period_label?: string }>([
    db
      .prepare("SELECT slug FROM disclosures WHERE status IN ('published', 'withdrawn') AND (posting_start = ?1 OR (permanent = 0 AND posting_end = ?2))")
      .bind(today, yesterday),
    db.prepare("SELECT slug, period_label FROM disclosures WHERE status = 'published' AND (document_type = 'KH' OR plan_status <> '') AND period_label <> ''"),
  ]);
  const ended = plans!.results.filter((r) => periodEnd(r.period_label ?? '') === yesterday).map((r) => r.slug);
  return [...new Set([...posting!.results.map((r) => r.slug), ...ended])];
}

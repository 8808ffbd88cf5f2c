import type { Consultation, ConsultationFields, Opinion, PublicOpinion } from './consultation.ts';
import { OPINION_WINDOW_HOURS } from './consultation.ts';
import { slugify } from '../core/text.ts';
import { auditIfChanged, auditLastInsert, type Actor } from '../accounts/audit.db.ts';
import { bool, columnMap, int, json, nullable, text, type Row } from '../core/columns.db.ts';

/**
 * All SQL for consultations and the opinions citizens give. No rules live here (who may
 * publish, when the form is open): those are in schema/consultation/consultations.use-cases.ts.
 */

type StateField =
  | 'draftDocument'
  | 'status'
  | 'offlineCounts'
  | 'themes'
  | 'resultNote'
  | 'finalDocumentNumber'
  | 'summaryStatus'
  | 'summaryPublishedAt'
  | 'changeNotes'
  | 'version'
  | 'publishedAt'
  | 'withdrawnAt'
  | 'withdrawalReason';

const STORED = columnMap<Pick<Consultation, keyof ConsultationFields | StateField>>({
  title: text('title'),
  subject: text('subject'),
  summary: text('summary'),
  opensOn: nullable(text('opens_on')),
  closesOn: nullable(text('closes_on')),
  periodLabel: text('period_label'),
  channels: json('channels'),
  illustration: bool('illustration'),
  draftDocument: nullable(json('draft_document')),
  status: text('status'),
  offlineCounts: json('offline_counts'),
  themes: json('themes'),
  resultNote: text('result_note'),
  finalDocumentNumber: text('final_document_number'),
  summaryStatus: text('summary_status'),
  summaryPublishedAt: nullable(text('summary_published_at')),
  changeNotes: json('change_notes'),
  version: int('version'),
  publishedAt: nullable(text('published_at')),
  withdrawnAt: nullable(text('withdrawn_at')),
  withdrawalReason: nullable(text('withdrawal_reason')),
});
const FIXED = columnMap<Pick<Consultation, 'id' | 'slug' | 'createdAt' | 'updatedAt'>>({
  id: int('id'),
  slug: text('slug'),
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
});

function toConsultation(r: Row): Consultation {
  const lastEditorId = (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null;
  return { ...FIXED.read(r), ...STORED.read(r), lastEditorId };
}

/** What the audit log keeps of a consultation. */
function auditView(c: Pick<Consultation, (typeof STORED.fields)[number]>) {
  const view: Record<string, unknown> = {};
  for (const key of STORED.fields) view[key] = c[key];
  return view;
}

export async function getConsultation(db: D1Database, id: number): Promise<Consultation | null> {
  const r = await db.prepare('SELECT * FROM consultations WHERE id = ?').bind(id).first<Row>();
  return r ? toConsultation(r) : null;
}

export async function getConsultationBySlug(db: D1Database, slug: string): Promise<Consultation | null> {
  const r = await db.prepare('SELECT * FROM consultations WHERE slug = ?').bind(slug).first<Row>();
  return r ? toConsultation(r) : null;
}

/**
 * Newest first; `publicOnly` leaves drafts out (what the citizen site reads): published and
 * withdrawn consultations, as for every record kind (a withdrawn one stays, marked, with its
 * reason). Check `status` before calling one live.
 */
export async function listConsultations(db: D1Database, { publicOnly = false } = {}): Promise<Consultation[]> {
  const where = publicOnly ? "WHERE status <> 'draft'" : '';
  const { results } = await db.prepare(`SELECT * FROM consultations ${where} ORDER BY coalesce(published_at, created_at) DESC, id DESC`).all<Row>();
  return results.map(toConsultation);
}

/** A slug from the title, unique among consultations ("lay-y-kien-…" when the title gives nothing). */
export async function freeConsultationSlug(db: D1Database, title: string): Promise<string> {
  const base = slugify(title, 70) || 'lay-y-kien';
  const { results } = await db
    // A range rather than LIKE: D1 refuses LIKE patterns longer than 50 bytes.
    .prepare("SELECT slug FROM consultations WHERE slug = ? OR (slug > ? || '-' AND slug < ? || '.')")
    .bind(base, base, base)
    .all<{ slug: string }>();
  const taken = new Set(results.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type NewConsultation = Pick<Consultation, keyof ConsultationFields | 'slug' | 'status' | 'publishedAt'>;

export async function insertConsultation(db: D1Database, record: NewConsultation, action: string, actor: Actor, now: string): Promise<Consultation> {
  const stored = {
    ...record,
    draftDocument: null,
    offlineCounts: {},
    themes: [],
    resultNote: '',
    finalDocumentNumber: '',
    summaryStatus: 'none' as const,
    summaryPublishedAt: null,
    changeNotes: [],
    version: 1,
    withdrawnAt: null,
    withdrawalReason: null,
  };
  const { columns, placeholders, values } = STORED.write(stored);
  const [inserted] = await db.batch([
    db
      .prepare(`INSERT INTO consultations (slug, ${columns}, created_at, updated_at, created_by, updated_by) VALUES (?, ${placeholders}, ?, ?, ?, ?) RETURNING *`)
      .bind(record.slug, ...values, now, now, actor.accountId, actor.accountId),
    auditLastInsert(db, { actor, action, entity: 'consultation', before: null, after: auditView(stored), at: now }),
  ]);
  return toConsultation((inserted!.results as Row[])[0]!);
}

/**
 * Saves `after` over `before`, guarded by `before.version`, with its audit row, in one batch.
 * `asEditor`: the actor becomes the last writer (the four-eyes rule compares the publisher with it).
 */
/**
 * Saves `after` over `before` guarded by its version. `asEditor`: the actor becomes the last
 * writer (four eyes), or `{ writer }` names the writer (an approved change's author); `also`
 * runs after the UPDATE in the same batch (the approved change's decision).
 */
export async function saveConsultation(
  db: D1Database,
  before: Consultation,
  after: Consultation,
  action: string,
  actor: Actor,
  now: string,
  asEditor: boolean | { writer: number | null },
  also: D1PreparedStatement[] = [],
): Promise<boolean> {
  const writer = typeof asEditor === 'object' ? asEditor.writer : asEditor ? actor.accountId : null;
  const [update] = await db.batch([
    db
      .prepare(`UPDATE consultations SET ${STORED.set()}, updated_at = ?, updated_by = coalesce(?, updated_by) WHERE id = ? AND version = ?`)
      .bind(...STORED.values(after), now, writer, before.id, before.version),
    auditIfChanged(db, { actor, action, entity: 'consultation', before: auditView(before), after: auditView(after), at: now }, before.id),
    ...also,
  ]);
  return update!.meta.changes === 1;
}

// ——— Opinions ———

const OPINION = columnMap<Opinion>({
  id: int('id'),
  consultationId: int('consultation_id'),
  receipt: text('receipt'),
  body: text('body'),
  authorName: text('author_name'),
  authorPlace: text('author_place'),
  contact: text('contact'),
  status: text('status'),
  publishedBody: text('published_body'),
  showName: bool('show_name'),
  hideReason: text('hide_reason'),
  createdAt: text('created_at'),
  moderatedAt: nullable(text('moderated_at')),
});

/** This database's secret salt for address hashes (made by migration 0014). */
export async function addressSalt(db: D1Database): Promise<string> {
  const row = await db.prepare('SELECT salt FROM consultation_salt WHERE id = 1').first<{ salt: string }>();
  if (!row) throw new Error('consultation_salt is missing: apply migration 0014');
  return row.salt;
}

export type OpinionInsert =
  | { ok: true; opinion: Opinion }
  | { ok: false; limit: 'address' | 'consultation' | 'queue' };

/** The limits an opinion is checked against, chosen by the use case (schema/consultation/consultations.use-cases.ts). */
export interface OpinionLimits {
  /** Opinions one address may give per window, all consultations; null when the address is not known (never one shared bucket). */
  perAddress: number | null;
  /** Opinions not hidden that one consultation takes per window from addresses it has already heard. */
  perConsultation: number;
  /** While this many opinions wait for moderation, an address already heard is refused; null = off. */
  repeatWhilePending: number | null;
}

/**
 * Stores an opinion unless a limit refuses it. The count and the insert are one statement
 * (`INSERT … SELECT … WHERE`), so two opinions sent at the same moment cannot both slip under a
 * limit; the audit row is in the same batch and written only if the opinion was.
 *
 * Issue 22.9: an address the consultation has not heard from within the window (a first-time
 * address) is refused only by its own per-address limit, never by the consultation-wide one,
 * so a flood from many addresses cannot shut a consultation to a citizen writing for the first
 * time. Hidden opinions do not count against the consultation: moderators who hide a flood
 * (in bulk, `hideOpinionsInBulk`) give its capacity back. They still count against their
 * address, so hiding a sender's opinions does not let that sender send more.
 */
export async function insertOpinion(
  db: D1Database,
  record: Pick<Opinion, 'consultationId' | 'receipt' | 'body' | 'authorName' | 'authorPlace' | 'contact'> & { addressHash: string; addressKnown: boolean },
  limits: OpinionLimits,
  actor: Actor,
  now: string,
): Promise<OpinionInsert> {
  const since = new Date(Date.parse(now) - OPINION_WINDOW_HOURS * 3600_000).toISOString();
  const fields = ['consultationId', 'receipt', 'body', 'authorName', 'authorPlace', 'contact'] as const;
  const { columns, placeholders, values } = OPINION.write(record, [...fields]);
  const heardBefore = 'EXISTS (SELECT 1 FROM consultation_opinions WHERE consultation_id = ? AND address_hash = ? AND created_at > ?)';
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO consultation_opinions (${columns}, address_hash, created_at)
         SELECT ${placeholders}, ?, ?
         WHERE (? IS NULL OR (SELECT count(*) FROM consultation_opinions WHERE address_hash = ? AND created_at > ?) < ?)
           AND ((? = 1 AND NOT ${heardBefore})
             OR ((SELECT count(*) FROM consultation_opinions WHERE consultation_id = ? AND created_at > ? AND status <> 'hidden') < ?
                 AND (? IS NULL OR (SELECT count(*) FROM consultation_opinions WHERE consultation_id = ? AND status = 'pending') < ?)))
         RETURNING *`,
      )
      .bind(
        ...values,
        record.addressHash,
        now,
        limits.perAddress,
        record.addressHash,
        since,
        limits.perAddress,
        record.addressKnown ? 1 : 0,
        record.consultationId,
        record.addressHash,
        since,
        record.consultationId,
        since,
        limits.perConsultation,
        limits.repeatWhilePending,
        record.consultationId,
        limits.repeatWhilePending,
      ),
    // The audit row names the receipt only: the opinion's personal data stays in its own row.
    db
      .prepare(
        `INSERT INTO audit_log (at, actor_account_id, actor_token_id, action, entity, before_json, after_json, entity_id)
         SELECT ?, NULL, NULL, 'opinion', 'consultation_opinion', NULL, ?, last_insert_rowid() WHERE changes() = 1`,
      )
      .bind(now, JSON.stringify({ consultationId: record.consultationId, receipt: record.receipt, by: actor.label })),
  ]);
  const row = (inserted!.results as Row[])[0];
  if (row) return { ok: true, opinion: OPINION.read(row) };
  if (limits.perAddress !== null) {
    const byAddress = await db
      .prepare('SELECT count(*) AS n FROM consultation_opinions WHERE address_hash = ? AND created_at > ?')
      .bind(record.addressHash, since)
      .first<{ n: number }>();
    if ((byAddress?.n ?? 0) >= limits.perAddress) return { ok: false, limit: 'address' };
  }
  if (limits.repeatWhilePending !== null && (await countPendingOpinions(db, record.consultationId)) >= limits.repeatWhilePending) return { ok: false, limit: 'queue' };
  return { ok: false, limit: 'consultation' };
}

/** How many opinions of a consultation wait for moderation (the bot check turns on past a threshold). */
export async function countPendingOpinions(db: D1Database, consultationId: number): Promise<number> {
  const row = await db.prepare("SELECT count(*) AS n FROM consultation_opinions WHERE consultation_id = ? AND status = 'pending'").bind(consultationId).first<{ n: number }>();
  return row?.n ?? 0;
}

export async function getOpinion(db: D1Database, id: number): Promise<Opinion | null> {
  const r = await db.prepare('SELECT * FROM consultation_opinions WHERE id = ?').bind(id).first<Row>();
  return r ? OPINION.read(r) : null;
}

/** One page of the moderation queue, pending first, and how many opinions there are in all. */
export async function listOpinions(db: D1Database, consultationId: number, page: { offset: number; limit: number }): Promise<{ opinions: Opinion[]; total: number; pending: number }> {
  const [rows, counts] = await db.batch([
    db
      .prepare("SELECT * FROM consultation_opinions WHERE consultation_id = ? ORDER BY status <> 'pending', id LIMIT ? OFFSET ?")
      .bind(consultationId, page.limit, page.offset),
    db.prepare("SELECT count(*) AS total, coalesce(sum(status = 'pending'), 0) AS pending FROM consultation_opinions WHERE consultation_id = ?").bind(consultationId),
  ]);
  const n = (counts!.results as { total: number; pending: number }[])[0]!;
  return { opinions: (rows!.results as Row[]).map(OPINION.read), total: n.total, pending: n.pending };
}

export interface OpinionSender {
  addressHash: string;
  pending: number;
  first: string;
  last: string;
}

/** The addresses with more than one opinion waiting, busiest first: what a moderator hides in bulk. */
export async function listBusySenders(db: D1Database, consultationId: number, limit = 20): Promise<OpinionSender[]> {
  const { results } = await db
    .prepare(
      `SELECT address_hash, count(*) AS pending, min(created_at) AS first, max(created_at) AS last FROM consultation_opinions
       WHERE consultation_id = ? AND status = 'pending' GROUP BY address_hash HAVING count(*) > 1 ORDER BY count(*) DESC, address_hash LIMIT ?`,
    )
    .bind(consultationId, limit)
    .all<{ address_hash: string; pending: number; first: string; last: string }>();
  return results.map((r) => ({ addressHash: r.address_hash, pending: r.pending, first: r.first, last: r.last }));
}

/** Which pending opinions a bulk hide takes: from one address, within a time range, or both. */
export interface BulkHideFilter {
  addressHash: string | null;
  /** UTC ISO instants, `from` included, `to` excluded. */
  from: string | null;
  to: string | null;
}

/**
 * Hides every pending opinion of a consultation that matches the filter, with one audit row
 * per opinion (same batch, same instant): the number hidden. Published opinions are left alone;
 * taking one down is a decision about a single text.
 */
export async function hideOpinionsInBulk(db: D1Database, consultationId: number, filter: BulkHideFilter, reason: string, actor: Actor, now: string): Promise<number> {
  const where = `consultation_id = ? AND (? IS NULL OR address_hash = ?) AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR created_at < ?)`;
  const binds = [consultationId, filter.addressHash, filter.addressHash, filter.from, filter.from, filter.to, filter.to];
  const [update] = await db.batch([
    db
      .prepare(`UPDATE consultation_opinions SET status = 'hidden', published_body = '', show_name = 0, hide_reason = ?, moderated_at = ?, moderated_by = ? WHERE status = 'pending' AND ${where}`)
      .bind(reason, now, actor.accountId, ...binds),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor_account_id, actor_token_id, action, entity, before_json, after_json, entity_id)
         SELECT ?, ?, ?, 'hide', 'consultation_opinion', '{"status":"pending"}', ?, id FROM consultation_opinions
         WHERE status = 'hidden' AND moderated_at = ? AND moderated_by IS ? AND hide_reason = ? AND ${where}`,
      )
      .bind(now, actor.accountId, actor.tokenId, JSON.stringify({ status: 'hidden', hideReason: reason, bulk: true }), now, actor.accountId, reason, ...binds),
  ]);
  return update!.meta.changes;
}

/** Saves a moderation decision on a pending opinion, with its audit row; false if it was already decided. */
export async function moderateOpinion(
  db: D1Database,
  opinion: Opinion,
  decision: Pick<Opinion, 'status' | 'publishedBody' | 'showName' | 'hideReason'>,
  actor: Actor,
  now: string,
): Promise<boolean> {
  const [update] = await db.batch([
    db
      .prepare(
        `UPDATE consultation_opinions SET status = ?, published_body = ?, show_name = ?, hide_reason = ?, moderated_at = ?, moderated_by = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .bind(decision.status, decision.publishedBody, decision.showName ? 1 : 0, decision.hideReason, now, actor.accountId, opinion.id),
    // The audit keeps the decision, not the sender's personal data.
    auditIfChanged(db, { actor, action: decision.status === 'published' ? 'publish' : 'hide', entity: 'consultation_opinion', before: { status: opinion.status }, after: decision, at: now }, opinion.id),
  ]);
  return update!.meta.changes === 1;
}

export interface OpinionTally {
  received: number;
  published: number;
  pending: number;
}

/** Portal opinions per consultation: received (every status) and published. */
export async function tallyOpinions(db: D1Database): Promise<Map<number, OpinionTally>> {
  const { results } = await db
    .prepare(
      `SELECT consultation_id, count(*) AS received, sum(status = 'published') AS published, sum(status = 'pending') AS pending
       FROM consultation_opinions GROUP BY consultation_id`,
    )
    .all<{ consultation_id: number; received: number; published: number; pending: number }>();
  return new Map(results.map((r) => [r.consultation_id, { received: r.received, published: r.published, pending: r.pending }]));
}

/**
 * The published opinions of published consultations, in the only shape a public output may
 * use: the moderated text, the name only if the moderator chose to show it, never the contact.
 * The SELECT names its columns so that `contact`, `body` and `address_hash` cannot reach a page.
 */
export async function listPublicOpinions(db: D1Database): Promise<PublicOpinion[]> {
  const { results } = await db
    .prepare(
      `SELECT o.receipt, c.slug, o.published_body, o.show_name, o.author_name, o.author_place, o.created_at
       FROM consultation_opinions o JOIN consultations c ON c.id = o.consultation_id
       WHERE o.status = 'published' AND c.status = 'published' ORDER BY c.id, o.id`,
    )
    .all<{ receipt: string; slug: string; published_body: string; show_name: number; author_name: string; author_place: string; created_at: string }>();
  return results.map((r) => ({
    receipt: r.receipt,
    consultation: r.slug,
    text: r.published_body,
    authorName: r.show_name ? r.author_name : '',
    authorPlace: r.show_name ? r.author_place : '',
    receivedOn: r.created_at,
  }));
}

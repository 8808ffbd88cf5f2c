import type { Consultation, ConsultationFields, Opinion, PublicOpinion } from '../consultation.ts';
import { OPINION_WINDOW_HOURS, OPINIONS_PER_ADDRESS, OPINIONS_PER_CONSULTATION } from '../consultation.ts';
import { slugify } from '../text.ts';
import { auditIfChanged, auditLastInsert, type Actor } from './audit.ts';
import { bool, columnMap, int, json, nullable, text, type Row } from './columns.ts';

/**
 * All SQL for consultations and the opinions citizens give. No rules live here (who may
 * publish, when the form is open): those are in schema/use-cases/consultations.ts.
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
  | 'publishedAt';

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

/** Newest first; `publicOnly` leaves drafts out (what the citizen site reads). */
export async function listConsultations(db: D1Database, { publicOnly = false } = {}): Promise<Consultation[]> {
  const where = publicOnly ? "WHERE status = 'published'" : '';
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
  | { ok: false; limit: 'address' | 'consultation' };

/**
 * Stores an opinion unless its address or its consultation has reached the limit within the
 * window. The count and the insert are one statement (`INSERT … SELECT … WHERE count < limit`),
 * so two opinions sent at the same moment cannot both slip under the limit; the audit row is in
 * the same batch and written only if the opinion was.
 */
export async function insertOpinion(
  db: D1Database,
  record: Pick<Opinion, 'consultationId' | 'receipt' | 'body' | 'authorName' | 'authorPlace' | 'contact'> & { addressHash: string },
  actor: Actor,
  now: string,
): Promise<OpinionInsert> {
  const since = new Date(Date.parse(now) - OPINION_WINDOW_HOURS * 3600_000).toISOString();
  const fields = ['consultationId', 'receipt', 'body', 'authorName', 'authorPlace', 'contact'] as const;
  const { columns, placeholders, values } = OPINION.write(record, [...fields]);
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO consultation_opinions (${columns}, address_hash, created_at)
         SELECT ${placeholders}, ?, ?
         WHERE (SELECT count(*) FROM consultation_opinions WHERE address_hash = ? AND created_at > ?) < ?
           AND (SELECT count(*) FROM consultation_opinions WHERE consultation_id = ? AND created_at > ?) < ?
         RETURNING *`,
      )
      .bind(...values, record.addressHash, now, record.addressHash, since, OPINIONS_PER_ADDRESS, record.consultationId, since, OPINIONS_PER_CONSULTATION),
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
  const byAddress = await db
    .prepare('SELECT count(*) AS n FROM consultation_opinions WHERE address_hash = ? AND created_at > ?')
    .bind(record.addressHash, since)
    .first<{ n: number }>();
  return { ok: false, limit: (byAddress?.n ?? 0) >= OPINIONS_PER_ADDRESS ? 'address' : 'consultation' };
}

export async function getOpinion(db: D1Database, id: number): Promise<Opinion | null> {
  const r = await db.prepare('SELECT * FROM consultation_opinions WHERE id = ?').bind(id).first<Row>();
  return r ? OPINION.read(r) : null;
}

/** Every opinion of a consultation, for the officials' moderation queue (pending first). */
export async function listOpinions(db: D1Database, consultationId: number): Promise<Opinion[]> {
  const { results } = await db
    .prepare("SELECT * FROM consultation_opinions WHERE consultation_id = ? ORDER BY status <> 'pending', id")
    .bind(consultationId)
    .all<Row>();
  return results.map(OPINION.read);
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

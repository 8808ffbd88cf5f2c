import type { AttachmentState, AttachmentType } from './attachment.ts';
import { auditIfChanged, auditLastInsert, auditLastInsertIfChanged, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, nullable, text, type ColumnSpec, type Row } from '../core/columns.db.ts';
import { readOne, type Query } from '../core/query.db.ts';

/**
 * All SQL for attachment metadata; the bytes live in R2 under `objectKey`. A PDF's words
 * (`text_content`, migration 0032) are written with the row and read only by the search index
 * (schema/publishing/search.db.ts): the reads here leave them out, so a page listing files does not carry
 * up to 20,000 characters per file.
 */

export interface Attachment {
  id: number;
  disclosureId: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  objectKey: string;
  createdAt: string;
  state: AttachmentState;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

const ATTACHMENT_SPEC: ColumnSpec<Attachment> = {
  id: int('id'),
  disclosureId: int('disclosure_id'),
  fileName: text('file_name'),
  contentType: text('content_type'),
  sizeBytes: int('size_bytes'),
  sha256: text('sha256'),
  objectKey: text('object_key'),
  createdAt: text('created_at'),
  state: text('state'),
  withdrawnAt: nullable(text('withdrawn_at')),
  withdrawalReason: nullable(text('withdrawal_reason')),
};
const ATTACHMENT = columnMap(ATTACHMENT_SPEC);

/** The columns every read selects: the Attachment's, not its text. */
const COLUMNS = ATTACHMENT.fields.map((f) => ATTACHMENT.column(f));
const SELECTED = COLUMNS.join(', ');

export type NewAttachment = Pick<Attachment, 'disclosureId' | 'fileName' | 'contentType' | 'sizeBytes' | 'sha256' | 'objectKey'> & {
  type: AttachmentType;
  /** The words of a text-based PDF (schema/disclosure/attachment-text.ts), for search; null for anything else. */
  textContent: string | null;
};

/** What an INSERT writes: the Attachment's columns and the text. */
const STORED = columnMap<Attachment & Pick<NewAttachment, 'textContent'>>({ ...ATTACHMENT_SPEC, textContent: nullable(text('text_content')) });

/**
 * The attachment's INSERT, for a larger batch. With `whenVersion` it is written only if the
 * item stands at that version (the item's own guarded save, earlier in the batch, went through).
 */
export function insertAttachmentStatement(
  db: D1Database,
  a: NewAttachment,
  state: 'pending' | 'attached',
  actor: Actor,
  now: string,
  whenVersion?: number,
): D1PreparedStatement {
  const fields = ['disclosureId', 'fileName', 'contentType', 'sizeBytes', 'sha256', 'objectKey', 'createdAt', 'state', 'textContent'] as const;
  const { columns, placeholders, values } = STORED.write({ ...a, createdAt: now, state }, [...fields]);
  if (whenVersion === undefined) {
    return db.prepare(`INSERT INTO attachments (${columns}, created_by) VALUES (${placeholders}, ?) RETURNING ${SELECTED}`).bind(...values, actor.accountId);
  }
  return db
    .prepare(`INSERT INTO attachments (${columns}, created_by) SELECT ${placeholders}, ? WHERE (SELECT version FROM disclosures WHERE id = ?) = ? RETURNING ${SELECTED}`)
    .bind(...values, actor.accountId, a.disclosureId, whenVersion);
}

/** What the audit log keeps of an attachment. */
const attachmentAudit = (a: Pick<Attachment, 'disclosureId' | 'fileName' | 'sha256'> & { state?: AttachmentState; withdrawalReason?: string | null }) => ({
  disclosureId: a.disclosureId,
  fileName: a.fileName,
  sha256: a.sha256,
  ...(a.state ? { state: a.state } : {}),
  ...(a.withdrawalReason ? { withdrawalReason: a.withdrawalReason } : {}),
});

/** Stores a draft's attachment (not public until the item is) with its audit row. */
export async function insertAttachment(db: D1Database, a: NewAttachment, actor: Actor, now: string): Promise<Attachment> {
  const [inserted] = await db.batch<Row>([
    insertAttachmentStatement(db, a, 'attached', actor, now),
    auditLastInsert(db, { actor, action: 'attach', entity: 'attachment', before: null, after: attachmentAudit(a), at: now }),
  ]);
  return ATTACHMENT.read(inserted!.results[0]!);
}

/**
 * The state change of one attachment, guarded by the state it is expected in (and, with
 * `whenVersion`, by its item's version), with its audit row written only when the UPDATE
 * matched. For use inside a larger batch.
 */
export function setAttachmentState(
  db: D1Database,
  a: Attachment,
  change: { from: AttachmentState; to: AttachmentState; withdrawalReason?: string; whenVersion?: number },
  action: string,
  actor: Actor,
  now: string,
): D1PreparedStatement[] {
  const withdrawn = change.to === 'withdrawn';
  const guard = change.whenVersion === undefined ? '' : 'AND (SELECT version FROM disclosures WHERE id = ?) = ?';
  const guardValues = change.whenVersion === undefined ? [] : [a.disclosureId, change.whenVersion];
  return [
    db
      .prepare(`UPDATE attachments SET state = ?, withdrawn_at = ?, withdrawal_reason = ? WHERE id = ? AND state = ? ${guard}`)
      .bind(change.to, withdrawn ? now : null, withdrawn ? change.withdrawalReason! : null, a.id, change.from, ...guardValues),
    auditIfChanged(
      db,
      { actor, action, entity: 'attachment', before: attachmentAudit(a), after: attachmentAudit({ ...a, state: change.to, withdrawalReason: change.withdrawalReason }), at: now },
      a.id,
    ),
  ];
}

/** The attachment audit row for the INSERT just before it in the batch, only if it inserted a row. */
export function auditInsertedAttachment(db: D1Database, a: NewAttachment, state: AttachmentState, actor: Actor, now: string): D1PreparedStatement {
  return auditLastInsertIfChanged(db, { actor, action: 'attach', entity: 'attachment', before: null, after: attachmentAudit({ ...a, state }), at: now });
}

/** The attachment stored under this object key (item and SHA-256), if any. */
export async function findAttachment(db: D1Database, objectKey: string): Promise<Attachment | null> {
  const r = await db.prepare(`SELECT ${SELECTED} FROM attachments WHERE object_key = ?`).bind(objectKey).first<Row>();
  return r ? ATTACHMENT.read(r) : null;
}

/** An attachment with what decides its public answer: its item's status and slug. */
export type AttachmentOfItem = Attachment & { disclosureStatus: string; disclosureSlug: string };

const OF_ITEM = `SELECT ${COLUMNS.map((c) => `a.${c}`).join(', ')}, d.status AS disclosure_status, d.slug AS disclosure_slug FROM attachments a JOIN disclosures d ON d.id = a.disclosure_id`;
const readOfItem = (r: Row): AttachmentOfItem => ({ ...ATTACHMENT.read(r), disclosureStatus: r.disclosure_status as string, disclosureSlug: r.disclosure_slug as string });

export async function getAttachment(db: D1Database, id: number): Promise<AttachmentOfItem | null> {
  const r = await db.prepare(`${OF_ITEM} WHERE a.id = ?`).bind(id).first<Row>();
  return r ? readOfItem(r) : null;
}

/**
 * The attachments of these items (every attachment without `disclosureIds`), with their item's
 * status and slug: what the stored answers of `/tep/…` are made from (functions/public-files.ts).
 */
export async function listAttachmentsOfItems(db: D1Database, disclosureIds?: readonly number[]): Promise<AttachmentOfItem[]> {
  // One JSON parameter, not one per id: D1 binds at most 100 parameters per query.
  const statement = disclosureIds
    ? db.prepare(`${OF_ITEM} WHERE a.disclosure_id IN (SELECT value FROM json_each(?)) ORDER BY a.id`).bind(JSON.stringify(disclosureIds))
    : db.prepare(`${OF_ITEM} ORDER BY a.id`);
  const { results } = await statement.all<Row>();
  return results.map(readOfItem);
}

/** Every attachment of one item, oldest first, whatever its state: the admin's list. */
export function attachmentListQuery(db: D1Database, disclosureId: number): Query<Attachment[]> {
  return { statement: db.prepare(`SELECT ${SELECTED} FROM attachments WHERE disclosure_id = ? ORDER BY id`).bind(disclosureId), read: (result) => result.results.map(ATTACHMENT.read) };
}

export const listAttachments = (db: D1Database, disclosureId: number): Promise<Attachment[]> => readOne(attachmentListQuery(db, disclosureId));

/**
 * Attachments of every disclosure in these states (default: those listed on the pages), grouped
 * by disclosure: one query for the whole site build.
 */
export async function listAllAttachments(db: D1Database, states: AttachmentState[] = ['attached'], slug?: string): Promise<Map<number, Attachment[]>> {
  // `slug`: of that disclosure only (a detail page rendered alone, site/src/lib/portal-data.ts).
  const only = slug === undefined ? '' : 'AND disclosure_id = (SELECT id FROM disclosures WHERE slug = ?)';
  const { results } = await db
    .prepare(`SELECT ${SELECTED} FROM attachments WHERE state IN (${states.map(() => '?').join(', ')}) ${only} ORDER BY disclosure_id, id`)
    .bind(...states, ...(slug === undefined ? [] : [slug]))
    .all<Row>();
  const map = new Map<number, Attachment[]>();
  for (const r of results) {
    const a = ATTACHMENT.read(r);
    map.set(a.disclosureId, [...(map.get(a.disclosureId) ?? []), a]);
  }
  return map;
}

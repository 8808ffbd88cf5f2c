import type { PendingRevision } from '../revision.ts';
import { auditIfChanged, auditLastInsert, type Actor } from './audit.ts';
import { columnMap, int, json, nullable, text, type Row } from './columns.ts';

/** All SQL for `pending_revisions`: changes to published items waiting for a second approver. */

const REVISION = columnMap<PendingRevision>({
  id: int('id'),
  disclosureId: int('disclosure_id'),
  baseVersion: int('base_version'),
  kind: text('kind'),
  fields: nullable(json('fields')),
  attachmentId: nullable(int('attachment_id')),
  changeNote: text('change_note'),
  createdAt: text('created_at'),
  createdBy: nullable(int('created_by')),
  decision: nullable(text('decision')),
  decidedAt: nullable(text('decided_at')),
  decidedBy: nullable(int('decided_by')),
  rejectionReason: nullable(text('rejection_reason')),
});

export type NewRevision = Pick<PendingRevision, 'disclosureId' | 'baseVersion' | 'kind' | 'fields' | 'changeNote'> & {
  /** The attachment it adds or withdraws: its id, or its object key when it is stored in the same batch. */
  attachment: { id: number } | { objectKey: string } | null;
};

/** What the audit log keeps of a pending change. */
const revisionAudit = (r: Pick<PendingRevision, 'disclosureId' | 'baseVersion' | 'kind' | 'fields' | 'changeNote'>) => ({
  disclosureId: r.disclosureId,
  baseVersion: r.baseVersion,
  kind: r.kind,
  ...(r.fields ? { fields: r.fields } : {}),
  changeNote: r.changeNote,
});

/** The statements that store a pending change and its audit row (in the batch that may store its attachment). */
export function insertRevisionStatements(db: D1Database, r: NewRevision, actor: Actor, now: string): D1PreparedStatement[] {
  const fields = ['disclosureId', 'baseVersion', 'kind', 'fields', 'changeNote', 'createdAt', 'createdBy'] as const;
  const { columns, placeholders, values } = REVISION.write({ ...r, createdAt: now, createdBy: actor.accountId }, [...fields]);
  // object_key is UNIQUE: it names the attachment stored earlier in the same batch.
  const attachment = !r.attachment ? 'NULL' : 'id' in r.attachment ? '?' : '(SELECT id FROM attachments WHERE object_key = ?)';
  const attachmentValue = !r.attachment ? [] : ['id' in r.attachment ? r.attachment.id : r.attachment.objectKey];
  return [
    db.prepare(`INSERT INTO pending_revisions (${columns}, attachment_id) VALUES (${placeholders}, ${attachment})`).bind(...values, ...attachmentValue),
    auditLastInsert(db, { actor, action: `propose-${r.kind}`, entity: 'pending_revision', before: null, after: revisionAudit(r), at: now }),
  ];
}

/** The open (undecided) change of an item, if any: there is at most one. */
export async function openRevision(db: D1Database, disclosureId: number): Promise<PendingRevision | null> {
  const r = await db.prepare('SELECT * FROM pending_revisions WHERE disclosure_id = ? AND decision IS NULL').bind(disclosureId).first<Row>();
  return r ? REVISION.read(r) : null;
}

export async function getRevision(db: D1Database, id: number): Promise<PendingRevision | null> {
  const r = await db.prepare('SELECT * FROM pending_revisions WHERE id = ?').bind(id).first<Row>();
  return r ? REVISION.read(r) : null;
}

/** The ids of the items that have an open change: the admin list marks them. */
export async function itemsWithOpenRevision(db: D1Database): Promise<Set<number>> {
  const { results } = await db.prepare('SELECT disclosure_id FROM pending_revisions WHERE decision IS NULL').all<{ disclosure_id: number }>();
  return new Set(results.map((r) => r.disclosure_id));
}

/**
 * Records the decision on an open change with its audit row. An approval is recorded only if
 * the item now stands at `approvedVersion` (the approval's own save, earlier in the same batch,
 * went through); a rejection only if the change is still open.
 */
export function decideRevisionStatements(
  db: D1Database,
  r: PendingRevision,
  decision: { kind: 'approved'; approvedVersion: number } | { kind: 'rejected'; reason: string },
  actor: Actor,
  now: string,
): D1PreparedStatement[] {
  const guard = decision.kind === 'approved' ? 'AND (SELECT version FROM disclosures WHERE id = ?) = ?' : '';
  const guardValues = decision.kind === 'approved' ? [r.disclosureId, decision.approvedVersion] : [];
  const reason = decision.kind === 'rejected' ? decision.reason : null;
  return [
    db
      .prepare(`UPDATE pending_revisions SET decision = ?, decided_at = ?, decided_by = ?, rejection_reason = ? WHERE id = ? AND decision IS NULL ${guard}`)
      .bind(decision.kind, now, actor.accountId, reason, r.id, ...guardValues),
    auditIfChanged(
      db,
      { actor, action: decision.kind === 'approved' ? 'approve' : 'reject', entity: 'pending_revision', before: revisionAudit(r), after: { decision: decision.kind, ...(reason ? { reason } : {}) }, at: now },
      r.id,
    ),
  ];
}


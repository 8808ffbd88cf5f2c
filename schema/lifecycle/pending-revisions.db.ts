import type { PendingRevision, RevisionEntity } from './revision.ts';
import { RECORD_KINDS } from './record-kinds.ts';
import { auditIfChanged, auditLastInsert, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, json, nullable, text, type Row } from '../core/columns.db.ts';

/**
 * All SQL for `pending_revisions`: changes to published records waiting for a second approver.
 * A disclosure's change names it by `disclosure_id`; any other record's by `entity` and
 * `record_id` (migration 0017).
 */

const REVISION = columnMap<PendingRevision>({
  id: int('id'),
  entity: text('entity'),
  disclosureId: nullable(int('disclosure_id')),
  recordId: nullable(int('record_id')),
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

/** The record a change is about. */
export interface RevisionTarget {
  entity: RevisionEntity;
  id: number;
}


export const targetOf = (r: Pick<PendingRevision, 'entity' | 'disclosureId' | 'recordId'>): RevisionTarget => ({
  entity: r.entity,
  id: (r.entity === 'disclosure' ? r.disclosureId : r.recordId)!,
});

type Proposal = Pick<PendingRevision, 'baseVersion' | 'kind' | 'changeNote'> & { fields: Record<string, unknown> | null };

/** A new change: a disclosure's (by `disclosureId`) or another record's (by `target`). */
export type NewRevision = Proposal &
  ({ disclosureId: number; target?: undefined } | { target: RevisionTarget; disclosureId?: undefined }) & {
    /** The attachment it adds or withdraws: its id, or its object key when it is stored in the same batch. */
    attachment: { id: number } | { objectKey: string } | null;
  };

const targetOfNew = (r: NewRevision): RevisionTarget => r.target ?? { entity: 'disclosure', id: r.disclosureId! };

/** What the audit log keeps of a pending change. */
const revisionAudit = (target: RevisionTarget, r: Proposal) => ({
  ...(target.entity === 'disclosure' ? { disclosureId: target.id } : { entity: target.entity, recordId: target.id }),
  baseVersion: r.baseVersion,
  kind: r.kind,
  ...(r.fields ? { fields: r.fields } : {}),
  changeNote: r.changeNote,
});

/** The statements that store a pending change and its audit row (in the batch that may store its attachment). */
export function insertRevisionStatements(db: D1Database, r: NewRevision, actor: Actor, now: string): D1PreparedStatement[] {
  const target = targetOfNew(r);
  const row = {
    entity: target.entity,
    disclosureId: target.entity === 'disclosure' ? target.id : null,
    recordId: target.entity === 'disclosure' ? null : target.id,
    baseVersion: r.baseVersion,
    kind: r.kind,
    fields: r.fields as PendingRevision['fields'],
    changeNote: r.changeNote,
    createdAt: now,
    createdBy: actor.accountId,
  };
  const fields = ['entity', 'disclosureId', 'recordId', 'baseVersion', 'kind', 'fields', 'changeNote', 'createdAt', 'createdBy'] as const;
  const { columns, placeholders, values } = REVISION.write(row, [...fields]);
  // object_key is UNIQUE: it names the attachment stored earlier in the same batch.
  const attachment = !r.attachment ? 'NULL' : 'id' in r.attachment ? '?' : '(SELECT id FROM attachments WHERE object_key = ?)';
  const attachmentValue = !r.attachment ? [] : ['id' in r.attachment ? r.attachment.id : r.attachment.objectKey];
  return [
    db.prepare(`INSERT INTO pending_revisions (${columns}, attachment_id) VALUES (${placeholders}, ${attachment})`).bind(...values, ...attachmentValue),
    auditLastInsert(db, { actor, action: `propose-${r.kind}`, entity: 'pending_revision', before: null, after: revisionAudit(target, r), at: now }),
  ];
}

const WHERE_TARGET = "entity = ? AND (CASE entity WHEN 'disclosure' THEN disclosure_id ELSE record_id END) = ?";

/** The open (undecided) change of a record, if any: there is at most one. */
export async function openRevisionOf(db: D1Database, target: RevisionTarget): Promise<PendingRevision | null> {
  const r = await db.prepare(`SELECT * FROM pending_revisions WHERE ${WHERE_TARGET} AND decision IS NULL`).bind(target.entity, target.id).first<Row>();
  return r ? REVISION.read(r) : null;
}

/** The open change of a disclosure, if any. */
export const openRevision = (db: D1Database, disclosureId: number) => openRevisionOf(db, { entity: 'disclosure', id: disclosureId });

export async function getRevision(db: D1Database, id: number): Promise<PendingRevision | null> {
  const r = await db.prepare('SELECT * FROM pending_revisions WHERE id = ?').bind(id).first<Row>();
  return r ? REVISION.read(r) : null;
}

/** The ids of the records of one type that have an open change: the admin lists mark them. */
export async function itemsWithOpenRevision(db: D1Database, entity: RevisionEntity = 'disclosure'): Promise<Set<number>> {
  const { results } = await db
    .prepare("SELECT CASE entity WHEN 'disclosure' THEN disclosure_id ELSE record_id END AS id FROM pending_revisions WHERE entity = ? AND decision IS NULL")
    .bind(entity)
    .all<{ id: number }>();
  return new Set(results.map((r) => r.id));
}

/**
 * Records the decision on an open change with its audit row. An approval is recorded only if
 * the record now stands at `approvedVersion` (the approval's own save, earlier in the same
 * batch, went through); a rejection only if the change is still open.
 */
export function decideRevisionStatements(
  db: D1Database,
  r: PendingRevision,
  decision: { kind: 'approved'; approvedVersion: number } | { kind: 'rejected'; reason: string },
  actor: Actor,
  now: string,
): D1PreparedStatement[] {
  const target = targetOf(r);
  const guard = decision.kind === 'approved' ? `AND (SELECT version FROM ${RECORD_KINDS[target.entity].table} WHERE id = ?) = ?` : '';
  const guardValues = decision.kind === 'approved' ? [target.id, decision.approvedVersion] : [];
  const reason = decision.kind === 'rejected' ? decision.reason : null;
  return [
    db
      .prepare(`UPDATE pending_revisions SET decision = ?, decided_at = ?, decided_by = ?, rejection_reason = ? WHERE id = ? AND decision IS NULL ${guard}`)
      .bind(decision.kind, now, actor.accountId, reason, r.id, ...guardValues),
    auditIfChanged(
      db,
      {
        actor,
        action: decision.kind === 'approved' ? 'approve' : 'reject',
        entity: 'pending_revision',
        before: revisionAudit(target, r),
        after: { decision: decision.kind, ...(reason ? { reason } : {}) },
        at: now,
      },
      r.id,
    ),
  ];
}

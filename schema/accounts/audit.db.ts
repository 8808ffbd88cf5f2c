import type { Role } from './review.ts';
import { columnMap, int, json, nullable, text } from '../core/columns.db.ts';

/** SQL for the audit log: who changed what, when, with the record before and after. */

export interface Actor {
  accountId: number | null;
  tokenId: number | null;
  /** Shown in the audit view: the official's name or the token's name. */
  label: string;
  /** The account's role (a token acts with its account's role). */
  role: Role;
}

/** The actor of a command-line script (`npm run admin:create`, the demo seed): no account, no token. */
export function scriptActor(label: string): Actor {
  return { accountId: null, tokenId: null, label, role: 'approver' };
}

export interface AuditEntry {
  actor: Actor;
  action: string;
  entity: string;
  before: unknown;
  after: unknown;
  at: string;
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  entity: string;
  entityId: string;
  actorAccountId: number | null;
  actorTokenId: number | null;
  before: unknown;
  after: unknown;
}

const AUDIT = columnMap<AuditRow>({
  id: int('id'),
  at: text('at'),
  actorAccountId: nullable(int('actor_account_id')),
  actorTokenId: nullable(int('actor_token_id')),
  action: text('action'),
  entity: text('entity'),
  entityId: text('entity_id'),
  before: nullable(json('before_json')),
  after: nullable(json('after_json')),
});

/** The columns an entry writes; the entity id is left to each statement (known or last_insert_rowid()). */
const WRITTEN = ['at', 'actorAccountId', 'actorTokenId', 'action', 'entity', 'before', 'after'] as const;

function written(entry: AuditEntry) {
  const { actor, ...rest } = entry;
  return AUDIT.write({ ...rest, actorAccountId: actor.accountId, actorTokenId: actor.tokenId }, [...WRITTEN]);
}

/** An audit row for an entity whose id is known. */
export function auditById(db: D1Database, entry: AuditEntry, entityId: string | number): D1PreparedStatement {
  const { columns, placeholders, values } = written(entry);
  return db.prepare(`INSERT INTO audit_log (${columns}, entity_id) VALUES (${placeholders}, ?)`).bind(...values, String(entityId));
}

/**
 * An audit row written only when the statement just before it in the same batch changed
 * exactly one row. A guarded UPDATE (`… WHERE version = ?`) that matched nothing then
 * leaves no trace, and the caller reports the conflict.
 */
export function auditIfChanged(db: D1Database, entry: AuditEntry, entityId: string | number): D1PreparedStatement {
  const { columns, placeholders, values } = written(entry);
  return db.prepare(`INSERT INTO audit_log (${columns}, entity_id) SELECT ${placeholders}, ? WHERE changes() = 1`).bind(...values, String(entityId));
}

export async function listAuditFor(db: D1Database, entity: string, entityId: string | number): Promise<AuditRow[]> {
  const { results } = await db.prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').bind(entity, String(entityId)).all();
  return results.map(AUDIT.read);
}

/**
 * An audit row for the row the previous statement of the same batch inserted: its id is
 * `last_insert_rowid()`, so the record and its audit row commit together.
 */
export function auditLastInsert(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  const { columns, placeholders, values } = written(entry);
  return db.prepare(`INSERT INTO audit_log (${columns}, entity_id) VALUES (${placeholders}, last_insert_rowid())`).bind(...values);
}

/** An audit row for the row the statement just before it inserted, written only if it inserted one. */
export function auditLastInsertIfChanged(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  const { columns, placeholders, values } = written(entry);
  return db.prepare(`INSERT INTO audit_log (${columns}, entity_id) SELECT ${placeholders}, last_insert_rowid() WHERE changes() = 1`).bind(...values);
}

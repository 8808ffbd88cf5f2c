import type { Role } from '../review.ts';

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

const COLUMNS = 'at, actor_account_id, actor_token_id, action, entity, entity_id, before_json, after_json';

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** An audit row for an entity whose id is known. */
export function auditById(db: D1Database, entry: AuditEntry, entityId: string | number): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(entry.at, entry.actor.accountId, entry.actor.tokenId, entry.action, entry.entity, String(entityId), json(entry.before), json(entry.after));
}

/**
 * An audit row written only when the statement just before it in the same batch changed
 * exactly one row. A guarded UPDATE (`… WHERE version = ?`) that matched nothing then
 * leaves no trace, and the caller reports the conflict.
 */
export function auditIfChanged(db: D1Database, entry: AuditEntry, entityId: string | number): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_log (${COLUMNS}) SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1`)
    .bind(entry.at, entry.actor.accountId, entry.actor.tokenId, entry.action, entry.entity, String(entityId), json(entry.before), json(entry.after));
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

export async function listAuditFor(db: D1Database, entity: string, entityId: string | number): Promise<AuditRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id')
    .bind(entity, String(entityId))
    .all<Record<string, unknown>>();
  return results.map((r) => ({
    id: r.id as number,
    at: r.at as string,
    action: r.action as string,
    entity: r.entity as string,
    entityId: r.entity_id as string,
    actorAccountId: r.actor_account_id as number | null,
    actorTokenId: r.actor_token_id as number | null,
    before: r.before_json ? JSON.parse(r.before_json as string) : null,
    after: r.after_json ? JSON.parse(r.after_json as string) : null,
  }));
}


/**
 * An audit row for the row the previous statement of the same batch inserted: its id is
 * `last_insert_rowid()`, so the record and its audit row commit together.
 */
export function auditLastInsert(db: D1Database, entry: AuditEntry): D1PreparedStatement {
  return db
    .prepare(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, last_insert_rowid(), ?, ?)`)
    .bind(entry.at, entry.actor.accountId, entry.actor.tokenId, entry.action, entry.entity, json(entry.before), json(entry.after));
}

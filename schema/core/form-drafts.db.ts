import { columnMap, int, json, text } from './columns.db.ts';

/**
 * SQL for kept forms: what an official submitted after the session ended, offered back after
 * the next login. Short-lived and private to the account: every read names the account.
 */

/** How long a kept form waits for its official to log in again. */
export const FORM_DRAFT_MINUTES = 30;

/** A form's text fields as submitted: one value, or a list for repeated names (checkboxes). */
export type DraftFields = Record<string, string | string[]>;

export interface FormDraft {
  id: number;
  accountId: number;
  /** The admin path the form was posted to. */
  path: string;
  fields: DraftFields;
  /** How many chosen files the form carried: they are not kept. */
  droppedFiles: number;
  createdAt: string;
  expiresAt: string;
}

const DRAFT = columnMap<FormDraft>({
  id: int('id'),
  accountId: int('account_id'),
  path: text('path'),
  fields: json<DraftFields>('fields'),
  droppedFiles: int('dropped_files'),
  createdAt: text('created_at'),
  expiresAt: text('expires_at'),
});

/** Keeps a form for FORM_DRAFT_MINUTES; older kept forms of anyone are swept in the same batch. */
export async function insertFormDraft(db: D1Database, draft: Omit<FormDraft, 'id' | 'expiresAt'>): Promise<number> {
  const expiresAt = new Date(Date.parse(draft.createdAt) + FORM_DRAFT_MINUTES * 60_000).toISOString();
  const fields = ['accountId', 'path', 'fields', 'droppedFiles', 'createdAt', 'expiresAt'] as const;
  const { columns, placeholders, values } = DRAFT.write({ ...draft, expiresAt }, [...fields]);
  const [, inserted] = await db.batch<{ id: number }>([
    db.prepare('DELETE FROM form_drafts WHERE expires_at < ?').bind(draft.createdAt),
    db.prepare(`INSERT INTO form_drafts (${columns}) VALUES (${placeholders}) RETURNING id`).bind(...values),
  ]);
  return inserted!.results[0]!.id;
}

/** The account's latest live kept form for `path`, or null. */
export async function latestFormDraft(db: D1Database, accountId: number, path: string, now: string): Promise<FormDraft | null> {
  const row = await db
    .prepare('SELECT * FROM form_drafts WHERE account_id = ? AND path = ? AND expires_at > ? ORDER BY id DESC LIMIT 1')
    .bind(accountId, path, now)
    .first();
  return row ? DRAFT.read(row) : null;
}

/** One live kept form of the account, or null (another official's id finds nothing). */
export async function getFormDraft(db: D1Database, accountId: number, id: number, now: string): Promise<FormDraft | null> {
  const row = await db
    .prepare('SELECT * FROM form_drafts WHERE id = ? AND account_id = ? AND expires_at > ?')
    .bind(id, accountId, now)
    .first();
  return row ? DRAFT.read(row) : null;
}

/** A kept form is dropped once its form has been saved. */
export async function deleteFormDrafts(db: D1Database, accountId: number, path: string): Promise<void> {
  await db.prepare('DELETE FROM form_drafts WHERE account_id = ? AND path = ?').bind(accountId, path).run();
}

import { columnMap, int, text } from '../core/columns.db.ts';

/**
 * SQL for pending uploads (issue 22.2): a file an official chose on a form that was refused,
 * kept private to that official until the form is saved, the file replaced or removed, or it
 * expires. The bytes are in R2 under `objectKey`; every read names the account.
 */

/** How long a kept file waits for its form: a working day, so a form fixed after lunch still has it. */
const PENDING_UPLOAD_HOURS = 24;

export interface PendingUpload {
  id: number;
  accountId: number;
  objectKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
  expiresAt: string;
}

const UPLOAD = columnMap<PendingUpload>({
  id: int('id'),
  accountId: int('account_id'),
  objectKey: text('object_key'),
  fileName: text('file_name'),
  contentType: text('content_type'),
  sizeBytes: int('size_bytes'),
  createdAt: text('created_at'),
  expiresAt: text('expires_at'),
});

export async function insertPendingUpload(db: D1Database, upload: Omit<PendingUpload, 'id' | 'expiresAt'>): Promise<PendingUpload> {
  const expiresAt = new Date(Date.parse(upload.createdAt) + PENDING_UPLOAD_HOURS * 3_600_000).toISOString();
  const fields = ['accountId', 'objectKey', 'fileName', 'contentType', 'sizeBytes', 'createdAt', 'expiresAt'] as const;
  const { columns, placeholders, values } = UPLOAD.write({ ...upload, expiresAt }, [...fields]);
  const row = await db.prepare(`INSERT INTO pending_uploads (${columns}) VALUES (${placeholders}) RETURNING *`).bind(...values).first();
  return UPLOAD.read(row!);
}

/** The account's live pending upload, or null (another official's id finds nothing). */
export async function getPendingUpload(db: D1Database, accountId: number, id: number, now: string): Promise<PendingUpload | null> {
  const row = await db.prepare('SELECT * FROM pending_uploads WHERE id = ? AND account_id = ? AND expires_at > ?').bind(id, accountId, now).first();
  return row ? UPLOAD.read(row) : null;
}

/** Deletes the account's pending upload; answers its object key for the caller to delete from R2. */
export async function deletePendingUpload(db: D1Database, accountId: number, id: number): Promise<string | null> {
  const row = await db.prepare('DELETE FROM pending_uploads WHERE id = ? AND account_id = ? RETURNING object_key').bind(id, accountId).first<{ object_key: string }>();
  return row?.object_key ?? null;
}

/** Deletes every expired pending upload of anyone; answers their object keys for R2. */
export async function sweepPendingUploads(db: D1Database, now: string): Promise<string[]> {
  const { results } = await db.prepare('DELETE FROM pending_uploads WHERE expires_at <= ? RETURNING object_key').bind(now).all<{ object_key: string }>();
  return results.map((r) => r.object_key);
}

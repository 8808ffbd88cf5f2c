import type { AttachmentType } from '../attachment.ts';
import { auditLastInsert, type Actor } from './audit.ts';
import { columnMap, int, text, type Row } from './columns.ts';

/** All SQL for attachment metadata; the bytes live in R2 under `objectKey`. */

export interface Attachment {
  id: number;
  disclosureId: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  objectKey: string;
  createdAt: string;
}

const ATTACHMENT = columnMap<Attachment>({
  id: int('id'),
  disclosureId: int('disclosure_id'),
  fileName: text('file_name'),
  contentType: text('content_type'),
  sizeBytes: int('size_bytes'),
  sha256: text('sha256'),
  objectKey: text('object_key'),
  createdAt: text('created_at'),
});

export async function insertAttachment(
  db: D1Database,
  a: Pick<Attachment, 'disclosureId' | 'fileName' | 'contentType' | 'sizeBytes' | 'sha256' | 'objectKey'> & { type: AttachmentType },
  actor: Actor,
  now: string,
): Promise<Attachment> {
  const fields = ['disclosureId', 'fileName', 'contentType', 'sizeBytes', 'sha256', 'objectKey', 'createdAt'] as const;
  const { columns, placeholders, values } = ATTACHMENT.write({ ...a, createdAt: now }, [...fields]);
  const [inserted] = await db.batch<Row>([
    db.prepare(`INSERT INTO attachments (${columns}, created_by) VALUES (${placeholders}, ?) RETURNING *`).bind(...values, actor.accountId),
    auditLastInsert(db, { actor, action: 'attach', entity: 'attachment', before: null, after: { disclosureId: a.disclosureId, fileName: a.fileName, sha256: a.sha256 }, at: now }),
  ]);
  return ATTACHMENT.read(inserted!.results[0]!);
}

/** Whether these bytes are already attached to the item (objects are keyed by item and SHA-256). */
export async function attachmentExists(db: D1Database, objectKey: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM attachments WHERE object_key = ?').bind(objectKey).first()) !== null;
}

export async function getAttachment(db: D1Database, id: number): Promise<(Attachment & { disclosureStatus: string }) | null> {
  const r = await db
    .prepare('SELECT a.*, d.status AS disclosure_status FROM attachments a JOIN disclosures d ON d.id = a.disclosure_id WHERE a.id = ?')
    .bind(id)
    .first<Row>();
  return r ? { ...ATTACHMENT.read(r), disclosureStatus: r.disclosure_status as string } : null;
}

/** Attachments of every disclosure, grouped by disclosure: one query for the whole site build. */
export async function listAllAttachments(db: D1Database): Promise<Map<number, Attachment[]>> {
  const { results } = await db.prepare('SELECT * FROM attachments ORDER BY disclosure_id, id').all<Row>();
  const map = new Map<number, Attachment[]>();
  for (const r of results) {
    const a = ATTACHMENT.read(r);
    map.set(a.disclosureId, [...(map.get(a.disclosureId) ?? []), a]);
  }
  return map;
}

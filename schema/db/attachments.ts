import type { AttachmentType } from '../attachment.ts';
import { auditLastInsert, type Actor } from './audit.ts';

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

type Row = Record<string, unknown>;
const toAttachment = (r: Row): Attachment => ({
  id: r.id as number,
  disclosureId: r.disclosure_id as number,
  fileName: r.file_name as string,
  contentType: r.content_type as string,
  sizeBytes: r.size_bytes as number,
  sha256: r.sha256 as string,
  objectKey: r.object_key as string,
  createdAt: r.created_at as string,
});

export async function insertAttachment(
  db: D1Database,
  a: { disclosureId: number; fileName: string; type: AttachmentType; contentType: string; sizeBytes: number; sha256: string; objectKey: string },
  actor: Actor,
  now: string,
): Promise<Attachment> {
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO attachments (disclosure_id, file_name, content_type, size_bytes, sha256, object_key, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .bind(a.disclosureId, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.objectKey, now, actor.accountId),
    auditLastInsert(db, { actor, action: 'attach', entity: 'attachment', before: null, after: { disclosureId: a.disclosureId, fileName: a.fileName, sha256: a.sha256 }, at: now }),
  ]);
  return toAttachment((inserted!.results as Row[])[0]!);
}

export async function getAttachment(db: D1Database, id: number): Promise<(Attachment & { disclosureStatus: string }) | null> {
  const r = await db
    .prepare('SELECT a.*, d.status AS disclosure_status FROM attachments a JOIN disclosures d ON d.id = a.disclosure_id WHERE a.id = ? AND a.withdrawn_at IS NULL')
    .bind(id)
    .first<Row>();
  return r ? { ...toAttachment(r), disclosureStatus: r.disclosure_status as string } : null;
}

/** Attachments of every disclosure, grouped by disclosure: one query for the whole site build. */
export async function listAllAttachments(db: D1Database): Promise<Map<number, Attachment[]>> {
  const { results } = await db.prepare('SELECT * FROM attachments WHERE withdrawn_at IS NULL ORDER BY disclosure_id, id').all<Row>();
  const map = new Map<number, Attachment[]>();
  for (const r of results) {
    const a = toAttachment(r);
    map.set(a.disclosureId, [...(map.get(a.disclosureId) ?? []), a]);
  }
  return map;
}

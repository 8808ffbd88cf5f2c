import type { Context } from 'hono';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, sniffType } from '../../schema/disclosure/attachment.ts';
import {
  deletePendingUpload,
  getPendingUpload,
  insertPendingUpload,
  sweepPendingUploads,
  type PendingUpload,
} from '../../schema/disclosure/pending-uploads.db.ts';
import type { AppEnv } from '../env.ts';

/**
 * A file chosen on a form that was refused for another reason is kept (issue 22.2): a browser
 * never fills a file input back in, so without this the official's PDF was silently dropped and
 * the notice could be published without it. The file waits in R2 under `cho-tai-len/`, which no
 * route serves, tied to the official; the form shows "Đã giữ tệp: …" with a hidden field naming
 * it, a box to choose another file instead and a tick to remove it.
 */

/** The hidden field naming the kept file, and the tick that removes it. */
export const KEPT_FILE_FIELD = 'keptFile';
export const REMOVE_KEPT_FILE_FIELD = 'removeKeptFile';

/** What the form needs to show a kept file. */
export type KeptFile = Pick<PendingUpload, 'id' | 'fileName' | 'sizeBytes'>;

/**
 * Keeps `file` for the signed-in official, when it is a file the form would accept (a refused
 * file is not kept: the error asks for another). Expired files of anyone are deleted first.
 */
export function keepUpload(c: Context<AppEnv>, file: File): Promise<PendingUpload | null> {
  return keepUploadFor(c.env, c.get('account').id, file);
}

/** `keepUpload` for an account named otherwise (a form kept after its session ended, functions/auth.ts). */
export async function keepUploadFor(env: Env, accountId: number, file: File): Promise<PendingUpload | null> {
  if (file.size === 0 || file.size > MAX_ATTACHMENT_BYTES) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes, file.name);
  if (!type) return null;
  const now = new Date().toISOString();
  const expired = await sweepPendingUploads(env.DB, now);
  if (expired.length) await env.FILES.delete(expired);
  const objectKey = `cho-tai-len/${accountId}/${crypto.randomUUID()}`;
  await env.FILES.put(objectKey, bytes, { httpMetadata: { contentType: ATTACHMENT_TYPES[type].mime } });
  return insertPendingUpload(env.DB, {
    accountId,
    objectKey,
    fileName: file.name,
    contentType: ATTACHMENT_TYPES[type].mime,
    sizeBytes: bytes.byteLength,
    createdAt: now,
  });
}

/** The forms that show a kept file (the new disclosure's attachment), by path and file field. */
export const FILE_KEEPING_FORMS: Record<string, string> = { '/admin/cong-khai/moi': 'file' };

/** The official's live kept file named by the form, or null. */
export async function keptUpload(c: Context<AppEnv>, raw: unknown): Promise<PendingUpload | null> {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) return null;
  return getPendingUpload(c.env.DB, c.get('account').id, id, new Date().toISOString());
}

/** The kept file's bytes as the File the form would have sent, or null when R2 no longer has them. */
export async function fileOf(c: Context<AppEnv>, upload: PendingUpload): Promise<File | null> {
  const object = await c.env.FILES.get(upload.objectKey);
  return object ? new File([await object.arrayBuffer()], upload.fileName, { type: upload.contentType }) : null;
}

/** Drops a kept file: once attached, replaced or removed. */
export async function dropUpload(c: Context<AppEnv>, upload: PendingUpload): Promise<void> {
  const key = await deletePendingUpload(c.env.DB, c.get('account').id, upload.id);
  if (key) await c.env.FILES.delete(key);
}

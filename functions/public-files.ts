import { html } from 'hono/html';
import { ATTACHMENT_TYPES } from '../schema/disclosure/attachment.ts';
import { sha256Hex } from '../schema/core/crypto.ts';
import { listAttachmentsOfItems, type AttachmentOfItem } from '../schema/disclosure/attachments.db.ts';
import { disclosurePath } from '../schema/publishing/paths.ts';

/**
 * Attachments as citizens download them (`/tep/:id/:name`) without D1 (issue 23): whenever a
 * write changes what a file answers, the answer is stored in the SITE bucket beside the pages,
 * at `_tep/<id>` — for a public file, its headers and the R2 key of its bytes (the bytes stay
 * where they were uploaded, in FILES); for a withdrawn one, the 410 page itself. A citizen's
 * download reads that answer and the bytes from R2 only. Files not public (a draft's, one waiting
 * for a second approver, one refused) have no stored answer: the route reads D1 for them, as
 * officials preview them with their session.
 *
 * Who stores: `act()` (functions/act.ts), before the official's answer, for the items a write
 * names (`Publication.files`), so a withdrawal is in force when the official reads "Đã rút"; and
 * the daily run for every file (a write whose storing failed, files loaded by scripts).
 */

/** Where the stored answer of a file lives in SITE (a path never starts with "_": no page can clash, and the full publish's sweep keeps it). */
export const fileAnswerKey = (id: number) => `_tep/${id}`;

/** What `/tep/:id/:name` answers for a file, by its state and its item's. */
type FileAnswer = 'public' | 'gone' | 'preview' | 'none';

/**
 * A rejected file was never public: to everyone it does not exist. A withdrawn file, or any file
 * of a withdrawn item, is gone for good (410). Files of drafts and files waiting for a second
 * approver are not public yet; officials preview them.
 */
export function fileAnswer(a: Pick<AttachmentOfItem, 'state' | 'disclosureStatus'>): FileAnswer {
  if (a.state === 'rejected') return 'none';
  if (a.state === 'withdrawn' || a.disclosureStatus === 'withdrawn') return 'gone';
  if (a.disclosureStatus === 'draft' || a.state === 'pending') return 'preview';
  return 'public';
}

/** The 410 page of a withdrawn file: its name, the reason, and a link to its item's page. */
export function gonePage(a: Pick<AttachmentOfItem, 'fileName' | 'withdrawalReason' | 'disclosureSlug'>): string {
  const reason = a.withdrawalReason ? `. Lý do: ${a.withdrawalReason}` : '';
  return html`<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Tệp đã rút</title></head><body><main><h1>Tệp đã rút</h1><p>Tệp “${a.fileName}” đã được rút khỏi cổng thông tin${reason}.</p><p><a href="${disclosurePath({ slug: a.disclosureSlug })}">Xem trang nội dung</a></p></main></body></html>`.toString();
}

/** The answer to a withdrawn file: not kept by any browser or proxy, so none keeps the old file (issue 22.12). */
export const goneResponse = (page: string) =>
  new Response(page, { status: 410, headers: { 'Content-Type': 'text/html; charset=UTF-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } });

/** What a file's bytes are served with. */
type FileMeta = Pick<AttachmentOfItem, 'fileName' | 'contentType' | 'sizeBytes' | 'sha256'>;

const INLINE = new Set(Object.values(ATTACHMENT_TYPES).filter((t) => t.inline).map((t) => t.mime as string));

/** Headers that stop a browser from running a file as a page; a preview is never kept. */
function fileHeaders(a: FileMeta, preview: boolean): Record<string, string> {
  return {
    'Content-Type': a.contentType,
    'Content-Length': String(a.sizeBytes),
    'Content-Disposition': `${INLINE.has(a.contentType) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    'X-Content-Type-Options': 'nosniff',
    // A public file may be withdrawn at any moment: caches keep it but ask again each time (a
    // 304 on the ETag costs one small R2 read), so a withdrawal is seen at once, not after a day.
    'Cache-Control': preview ? 'private, no-store' : 'public, no-cache',
    ETag: `"${a.sha256}"`,
  };
}

/** A public file's bytes, or 304 when the browser holds them. */
export async function fileResponse(request: Request, files: R2Bucket, objectKey: string, meta: FileMeta, preview: boolean): Promise<Response | null> {
  if (!preview && request.headers.get('if-none-match') === `"${meta.sha256}"`) {
    return new Response(null, { status: 304, headers: { 'Cache-Control': 'public, no-cache', ETag: `"${meta.sha256}"` } });
  }
  const object = await files.get(objectKey);
  if (!object) return null;
  return new Response(object.body, { headers: fileHeaders(meta, preview) });
}

/** The stored answer of a file, as written to R2 (a public file's metadata, or the 410 page). */
type Stored = { answer: 'public'; meta: FileMeta & { objectKey: string } } | { answer: 'gone'; page: string };

function storedOf(a: AttachmentOfItem): Stored | null {
  const answer = fileAnswer(a);
  if (answer === 'public') return { answer, meta: { fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256, objectKey: a.objectKey } };
  if (answer === 'gone') return { answer, page: gonePage(a) };
  return null;
}

/**
 * The answer stored for file `id`, served from R2 alone; null when none is stored (a file not
 * public, or not stored yet): the route then asks D1.
 */
export async function serveStoredFile(request: Request, id: number, name: string, site: R2Bucket, files: R2Bucket): Promise<Response | null> {
  const stored = await site.get(fileAnswerKey(id));
  if (!stored) return null;
  const meta = stored.customMetadata ?? {};
  // An answer stored for another file of the same id (ids start again after D1 is restored to an
  // earlier time) is not this file's: D1 decides, and the next daily pass replaces the answer.
  if (meta.fileName !== name) {
    await stored.body.cancel();
    return null;
  }
  if (meta.answer === 'gone') return goneResponse(await stored.text());
  await stored.body.cancel();
  const file: FileMeta = { fileName: meta.fileName!, contentType: meta.contentType!, sizeBytes: Number(meta.sizeBytes), sha256: meta.sha256! };
  return fileResponse(request, files, meta.objectKey!, file, false);
}

/**
 * Stores the answers of the files of these items (of every item without `disclosureIds`): a
 * public file's headers, a withdrawn file's 410 page; removes the answer of a file that is not
 * public (or no longer exists, in a full pass). Only what changed is written: each answer carries
 * a fingerprint of what it says. Returns the number of answers written or removed.
 */
export async function storeFileAnswers(db: D1Database, site: R2Bucket, disclosureIds?: readonly number[]): Promise<number> {
  const attachments = await listAttachmentsOfItems(db, disclosureIds);
  // What is stored now, with its fingerprint: one listing for a full pass, one HEAD per file otherwise.
  const current = new Map<string, string>();
  if (disclosureIds) {
    await Promise.all(
      attachments.map(async (a) => {
        const head = await site.head(fileAnswerKey(a.id));
        if (head) current.set(head.key, head.customMetadata?.v ?? '');
      }),
    );
  } else {
    let cursor: string | undefined;
    do {
      const page = await site.list({ prefix: '_tep/', cursor, limit: 1000, include: ['customMetadata'] });
      for (const o of page.objects) current.set(o.key, o.customMetadata?.v ?? '');
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
  }
  let changed = 0;
  for (const a of attachments) {
    const key = fileAnswerKey(a.id);
    const stored = storedOf(a);
    if (!stored) {
      if (current.has(key)) {
        await site.delete(key);
        changed++;
      }
      continue;
    }
    const v = await sha256Hex(JSON.stringify(stored));
    if (current.get(key) === v) continue;
    if (stored.answer === 'public') {
      const { fileName, contentType, sizeBytes, sha256, objectKey } = stored.meta;
      await site.put(key, '', { customMetadata: { answer: 'public', fileName, contentType, sizeBytes: String(sizeBytes), sha256, objectKey, v } });
    } else {
      await site.put(key, stored.page, { httpMetadata: { contentType: 'text/html; charset=utf-8' }, customMetadata: { answer: 'gone', fileName: a.fileName, v } });
    }
    changed++;
  }
  // A full pass also removes the answers of files that no longer exist.
  if (!disclosureIds) {
    const existing = new Set(attachments.map((a) => fileAnswerKey(a.id)));
    const stale = [...current.keys()].filter((key) => !existing.has(key));
    for (let i = 0; i < stale.length; i += 1000) await site.delete(stale.slice(i, i + 1000));
    changed += stale.length;
  }
  return changed;
}

import {
  acceptsOpinions,
  ConsultationCreateSchema,
  ConsultationUpdateSchema,
  ModerationSchema,
  OfflineCountsSchema,
  CONSULTATION_CHANNELS,
  OPINION_WINDOW_HOURS,
  OPINIONS_PER_ADDRESS,
  OPINIONS_PER_CONSULTATION,
  OpinionSchema,
  PENDING_BOT_CHECK,
  SummarySchema,
  BulkHideSchema,
  consultationPhase,
  VersionSchema,
  type Consultation,
  type Opinion,
} from './consultation.ts';
import { ATTACHMENT_TYPES, attachmentTooLarge, MAX_ATTACHMENT_BYTES, safeFileName, sniffType } from '../disclosure/attachment.ts';
import { sha256Hex } from '../core/crypto.ts';
import type { Actor } from '../accounts/audit.db.ts';
import {
  addressSalt,
  freeConsultationSlug,
  getConsultation,
  getOpinion,
  insertConsultation,
  insertOpinion,
  moderateOpinion as saveModeration,
  hideOpinionsInBulk as hideInBulk,
  saveConsultation,
} from './consultations.db.ts';
import { NotFoundError, RuleError, ValidationError } from '../core/errors.ts';
import { senderOf } from '../core/network-address.ts';
import { authorize } from '../accounts/roles.ts';
import { todayInVietnam } from '../core/dates.ts';
import { areaPages } from '../publishing/publish.ts';
import { parseInput } from '../core/validation.ts';
import type { PendingRevision } from '../lifecycle/revision.ts';
import type { Outcome, Publication, WriteContext } from '../core/context.use-cases.ts';
import { lifecycle } from '../lifecycle/lifecycle.use-cases.ts';
import type { Change } from '../lifecycle/revisions.use-cases.ts';

/**
 * Writing consultations: create and edit them, take opinions from citizens, moderate those,
 * enter offline counts, and publish the result. Every rule of the record lives here, so the
 * admin, the public form and the demo loader cannot differ.
 *
 * Four eyes (issue 16.1): with the unit's rule on, every change to a published consultation —
 * its fields, its draft document, its offline counts, an edit of its published result, its
 * withdrawal — waits as a pending revision until another approver approves it: the one
 * lifecycle of every record kind (schema/lifecycle/lifecycle.use-cases.ts) holds those rules.
 * Moderating citizens' opinions is not an edit of the consultation: publishing an opinion is
 * itself the approver's second look at what a citizen wrote, so it stays one approver's act.
 */

/**
 * Consultation pages are few and always rendered by every build (they are not in the publish
 * scope's list of disclosure pages), so any publish refreshes them: a change asks for one with
 * no disclosure detail page.
 */
const publication = (c: Consultation, reason: string): Publication | null =>
  c.status !== 'draft' ? { reason: `consultation ${c.id} ${reason}`, scope: areaPages('consultations') } : null;

/**
 * A consultation's public change history is its `change_notes` column: a change saved with a
 * note appends it, dated, in the same guarded UPDATE.
 */
const withNote = (before: Consultation, after: Consultation, changeNote: string | null, at: string): Consultation =>
  changeNote === null ? after : { ...after, changeNotes: [...before.changeNotes, { at, note: changeNote }] };

/** The consultation's part of the one lifecycle: its table, its history column, its pages. */
const life = lifecycle<Consultation>({
  kind: 'consultation',
  notFound: 'Không tìm thấy nội dung lấy ý kiến này.',
  actions: { draft: 'record.draft', publish: 'record.publish', editPublished: 'record.edit-published', withdraw: 'record.withdraw' },
  get: getConsultation,
  save: (ctx, before, after, note, also) =>
    saveConsultation(ctx.db, before, withNote(before, after, note.changeNote, ctx.now), note.action, ctx.actor, ctx.now, note.writer !== undefined ? { writer: note.writer } : note.action === 'update', also),
  publication: (c, reason) => publication(c, reason),
});
export const consultationLifecycle = life;
const { loadAt, assertMayPublish } = life;
const proposeIfFourEyes = (ctx: WriteContext, before: Consultation, kind: PendingRevision['kind'], fields: Partial<Consultation>, changeNote: string) =>
  life.proposeIfFourEyes(ctx, before, kind, fields as Record<string, unknown>, changeNote);

/** A withdrawn consultation stays as it was withdrawn: nothing of it changes any more. */
function assertNotWithdrawn(c: Consultation): void {
  if (c.status === 'withdrawn') throw new RuleError('status', 'Nội dung này đã thu hồi: không sửa được nữa.');
}

/** The public notes of the kinds of change that have no reason typed. */
const OFFLINE_COUNTS_NOTE = 'Cập nhật số ý kiến nhận ngoài cổng';
const draftNote = (fileName: string, replacing: boolean) => `${replacing ? 'Thay' : 'Thêm'} tệp dự thảo "${fileName}"`;

/** Saves `after` over `before` (guarded by its version), its `changeNote` into the public history. */
async function save(ctx: WriteContext, before: Consultation, after: Consultation, action: string, asEditor: boolean, changeNote: string | null = null): Promise<Consultation> {
  const ok = await saveConsultation(ctx.db, before, withNote(before, after, changeNote, ctx.now), action, ctx.actor, ctx.now, asEditor);
  return life.saved(ctx.db, ok, before.id);
}

/**
 * A new consultation; `file`, when chosen on the same form, becomes its draft document in the same
 * act (issue 22.4): checked before anything is stored, so a refused file stores nothing.
 */
export async function createConsultation(ctx: WriteContext, raw: unknown, file: File | null = null): Promise<Outcome<Consultation>> {
  const { publish, ...fields } = parseInput(ConsultationCreateSchema, raw);
  authorize(ctx.actor, publish ? 'record.publish' : 'record.draft');
  if (publish) await assertMayPublish(ctx, ctx.actor.accountId);
  const checked = file ? await checkDraftDocument(file) : null;
  let created = await insertConsultation(
    ctx.db,
    { ...fields, slug: await freeConsultationSlug(ctx.db, fields.title), status: publish ? 'published' : 'draft', publishedAt: publish ? ctx.now : null },
    publish ? 'create+publish' : 'create',
    ctx.actor,
    ctx.now,
  );
  // The object key names the consultation (tep/y-kien/<id>/<sha256>, as backups check), so the file follows the insert.
  if (checked) created = await save(ctx, created, { ...created, draftDocument: await storeDraftDocument(ctx, created.id, checked), version: created.version + 1 }, 'attach', true);
  return { value: created, publish: publication(created, 'created') };
}

/** An edit; a published consultation is edited by an approver only, with a reason its page shows. */
export async function updateConsultation(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Consultation>>> {
  const { version, changeNote, ...fields } = parseInput(ConsultationUpdateSchema, raw);
  const before = await loadAt(ctx.db, id, version);
  authorize(ctx.actor, before.status === 'published' ? 'record.edit-published' : 'record.draft');
  assertNotWithdrawn(before);
  if (before.status === 'published') {
    if (!changeNote) throw new RuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
  }
  const pending = await proposeIfFourEyes(ctx, before, 'edit', fields, changeNote);
  if (pending) return { value: { live: null, pending }, publish: null };
  const note = before.status === 'published' ? changeNote : null;
  const saved = await save(ctx, before, { ...before, ...fields, version: version + 1 }, 'update', true, note);
  return { value: { live: saved, pending: null }, publish: publication(saved, 'updated') };
}

export async function publishConsultation(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Consultation>> {
  const { version } = parseInput(VersionSchema, raw);
  const before = await loadAt(ctx.db, id, version);
  if (before.status !== 'draft') throw new RuleError('status', before.status === 'withdrawn' ? 'Nội dung này đã thu hồi.' : 'Nội dung lấy ý kiến này đã được công khai.');
  await assertMayPublish(ctx, before.lastEditorId);
  const saved = await save(ctx, before, { ...before, status: 'published', publishedAt: ctx.now, version: version + 1 }, 'publish', false);
  return { value: saved, publish: publication(saved, 'published') };
}

/** Opinions received outside the portal, per channel; blank stays "not known". */
export async function saveOfflineCounts(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Consultation>>> {
  const { version, ...rest } = (raw ?? {}) as Record<string, unknown>;
  const counts = parseInput(OfflineCountsSchema, rest);
  const before = await loadAt(ctx.db, id, parseInput(VersionSchema, { version }).version);
  // Counts on a published consultation are public at once.
  authorize(ctx.actor, before.status === 'published' ? 'record.edit-published' : 'record.draft');
  assertNotWithdrawn(before);
  const offlineCounts = Object.fromEntries(Object.entries(counts).filter(([channel]) => before.channels.includes(channel as never)));
  const pending = await proposeIfFourEyes(ctx, before, 'offline_counts', { offlineCounts }, OFFLINE_COUNTS_NOTE);
  if (pending) return { value: { live: null, pending }, publish: null };
  const saved = await save(ctx, before, { ...before, offlineCounts, version: before.version + 1 }, 'offline-counts', true);
  return { value: { live: saved, pending: null }, publish: publication(saved, 'offline counts') };
}

/**
 * The result after closing: groups of opinions, each taken up or explained, and the final
 * document. Saved as a draft or published (four eyes); a published result changes only with a
 * public reason.
 */
export async function saveSummary(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Consultation>>> {
  const input = parseInput(SummarySchema, raw);
  const before = await loadAt(ctx.db, id, input.version);
  authorize(ctx.actor, input.publish || before.summaryStatus === 'published' ? 'record.publish' : 'record.draft');
  if (before.status !== 'published') throw new RuleError('themes', 'Hãy công khai nội dung lấy ý kiến trước khi công bố kết quả.');
  const phase = consultationPhase(before, todayInVietnam(new Date(ctx.now)));
  if (phase === 'open' || phase === 'upcoming') {
    throw new RuleError('themes', 'Chưa hết thời gian lấy ý kiến: kết quả tiếp thu, giải trình được công bố sau ngày kết thúc.');
  }
  const wasPublished = before.summaryStatus === 'published';
  if (wasPublished && !input.changeNote) {
    throw new RuleError('changeNote', 'Kết quả đã công bố: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
  }
  // Publishing the draft as it stands checks its last writer; publishing what one just typed
  // makes the actor the writer, so with four eyes a second approver must publish it.
  const typed = (c: Pick<Consultation, 'themes' | 'resultNote' | 'finalDocumentNumber'>) => JSON.stringify([c.themes, c.resultNote, c.finalDocumentNumber]);
  const changed = typed(input) !== typed(before);
  const published = input.publish || wasPublished;
  // An edit of the published result is a change citizens see: under four eyes it waits.
  if (wasPublished) {
    const fields = { themes: input.themes, resultNote: input.resultNote, finalDocumentNumber: input.finalDocumentNumber };
    const pending = await proposeIfFourEyes(ctx, before, 'summary', fields, input.changeNote);
    if (pending) return { value: { live: null, pending }, publish: null };
  }
  if (published) await assertMayPublish(ctx, changed ? ctx.actor.accountId : before.lastEditorId);
  const after: Consultation = {
    ...before,
    themes: input.themes,
    resultNote: input.resultNote,
    finalDocumentNumber: input.finalDocumentNumber,
    summaryStatus: published ? 'published' : 'draft',
    summaryPublishedAt: published ? (before.summaryPublishedAt ?? ctx.now) : null,
    version: before.version + 1,
  };
  const saved = await save(ctx, before, after, published ? 'summary+publish' : 'summary', changed, wasPublished ? input.changeNote : null);
  return { value: { live: saved, pending: null }, publish: published ? publication(saved, 'summary') : null };
}

/** Publishing (with personal data taken out) or hiding (with a reason) one pending opinion. */
export async function moderateOpinion(ctx: WriteContext, opinionId: number, raw: unknown): Promise<Outcome<Opinion>> {
  const decision = parseInput(ModerationSchema, raw);
  const opinion = await getOpinion(ctx.db, opinionId);
  if (!opinion) throw new NotFoundError('Không tìm thấy ý kiến này.');
  authorize(ctx.actor, 'opinion.moderate');
  // The citizen wrote it and no official did: the approver's publishing is the second pair of eyes.
  await assertMayPublish(ctx, null);
  const stored =
    decision.decision === 'publish'
      ? { status: 'published' as const, publishedBody: decision.publishedBody, showName: decision.showName, hideReason: '' }
      : { status: 'hidden' as const, publishedBody: '', showName: false, hideReason: decision.hideReason };
  if (!(await saveModeration(ctx.db, opinion, stored, ctx.actor, ctx.now))) {
    throw new RuleError('decision', 'Ý kiến này đã được xử lý trước đó; tải lại trang để xem.');
  }
  const consultation = (await getConsultation(ctx.db, opinion.consultationId))!;
  // Only a published opinion changes a public page; a hidden one never reaches it.
  return { value: (await getOpinion(ctx.db, opinionId))!, publish: stored.status === 'published' ? publication(consultation, 'opinion published') : null };
}

/**
 * Hides, in one act, every pending opinion of a consultation from one sender (its address hash,
 * an IPv6 /64 counting as one, as the moderation page lists the busiest) and/or sent within a
 * time range, with one reason: how a moderator clears a flood (issue 22.9). Hidden opinions stop
 * counting against the consultation's limit, so the form takes opinions again at once. Nothing
 * public changes.
 */
export async function hideOpinionsInBulk(ctx: WriteContext, consultationId: number, raw: unknown): Promise<Outcome<number>> {
  const input = parseInput(BulkHideSchema, raw);
  authorize(ctx.actor, 'opinion.moderate');
  await assertMayPublish(ctx, null);
  if (!(await getConsultation(ctx.db, consultationId))) throw new NotFoundError('Không tìm thấy nội dung lấy ý kiến này.');
  const hidden = await hideInBulk(ctx.db, consultationId, { addressHash: input.addressHash, from: input.from, to: input.to }, input.hideReason, ctx.actor, ctx.now);
  return { value: hidden, publish: null };
}

// ——— The public form ———

/** The actor of a citizen's opinion: no account, no token; the audit row says where it came from. */
const CITIZEN: Actor = { accountId: null, tokenId: null, label: 'Người dân qua cổng thông tin', role: 'editor' };

export interface OpinionContext {
  db: D1Database;
  now: string;
  /**
   * The sender's network address as Cloudflare saw it (functions/client-address.ts), or null
   * when it is not known; only its salted hash is stored.
   */
  address: string | null;
  /** Whether the unit set Turnstile's keys: past the pending threshold the widget is the check, not the repeat refusal. */
  turnstile: boolean;
}

/** "họp, hội nghị; hòm thư góp ý": the consultation's channels other than this portal, for a refusal to point to. */
export function otherChannels(consultation: Pick<Consultation, 'channels'>): string {
  const names = consultation.channels.filter((ch) => ch !== 'portal').map((ch) => CONSULTATION_CHANNELS[ch].toLocaleLowerCase('vi'));
  return [...names, 'trực tiếp tại Ủy ban nhân dân'].join('; ');
}

/** A refusal the public form shows with its HTTP status. */
export class OpinionRefusal extends Error {
  override name = 'OpinionRefusal';
  readonly status: 409 | 404 | 429;
  constructor(status: 409 | 404 | 429, message: string) {
    super(message);
    this.status = status;
  }
}

/** A receipt number: the consultation's id and six random letters and digits, unambiguous to read aloud ("YK-3-K7QD2M"). */
function receiptFor(consultationId: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const random = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => alphabet[b % alphabet.length]).join('');
  return `YK-${consultationId}-${random}`;
}

/**
 * A citizen's opinion, from the public form: validated, refused when the consultation is not
 * open or a limit is reached, stored with the salted hash of the address, never published
 * until an official moderates it (so it asks for no publish).
 */
export async function giveOpinion(ctx: OpinionContext, slug: string, consultation: Consultation | null, raw: unknown): Promise<Opinion> {
  if (!consultation || consultation.status !== 'published' || consultation.slug !== slug) throw new OpinionRefusal(404, 'Không tìm thấy nội dung lấy ý kiến này.');
  const input = parseInput(OpinionSchema, raw);
  const today = todayInVietnam(new Date(ctx.now));
  if (!acceptsOpinions(consultation, today)) {
    const phase = consultationPhase(consultation, today);
    throw new OpinionRefusal(409, phase === 'upcoming' ? 'Chưa đến thời gian lấy ý kiến về nội dung này.' : 'Đã hết thời gian lấy ý kiến về nội dung này; ý kiến không được ghi nhận.');
  }
  // Unknown addresses share one hash but no per-address limit (insertOpinion): never one bucket of ten for everyone.
  // A known one is hashed as the sender it stands for (an IPv6 /64, schema/core/network-address.ts): the
  // per-address limit, the "first-time" test and the moderators' bulk hide all read this hash.
  const addressHash = await sha256Hex(`${await addressSalt(ctx.db)}:${ctx.address === null ? 'unknown' : senderOf(ctx.address)}`);
  const { consent: _consent, ...fields } = input;
  const limits = {
    perAddress: ctx.address === null ? null : OPINIONS_PER_ADDRESS,
    perConsultation: OPINIONS_PER_CONSULTATION,
    repeatWhilePending: ctx.turnstile ? null : PENDING_BOT_CHECK,
  };
  const record = { ...fields, consultationId: consultation.id, receipt: receiptFor(consultation.id), addressHash, addressKnown: ctx.address !== null };
  const result = await insertOpinion(ctx.db, record, limits, CITIZEN, ctx.now);
  if (!result.ok) {
    const elsewhere = `góp ý qua hình thức khác: ${otherChannels(consultation)}`;
    throw new OpinionRefusal(
      429,
      result.limit === 'address'
        ? `Bạn đã gửi nhiều ý kiến trong ${OPINION_WINDOW_HOURS} giờ qua. Hãy thử lại sau, hoặc ${elsewhere}.`
        : result.limit === 'queue'
          ? `Cổng đang có nhiều ý kiến chờ cán bộ xem; trong lúc này mỗi người gửi được một ý kiến về nội dung này, và bạn đã gửi. Hãy thử lại sau vài giờ, hoặc ${elsewhere}.`
          : `Cổng đang nhận quá nhiều ý kiến cho nội dung này và bạn đã gửi ý kiến trước đó. Hãy thử lại sau, hoặc ${elsewhere}.`,
    );
  }
  return result.opinion;
}

interface CheckedFile {
  bytes: Uint8Array;
  fileName: string;
  mime: string;
  sha256: string;
}

/** A draft document checked by its bytes exactly as a disclosure's attachment is (schema/disclosure/attachment.ts). */
async function checkDraftDocument(file: unknown): Promise<CheckedFile> {
  const refuse = (message: string) => new ValidationError([{ field: 'file', message }]);
  if (!(file instanceof File) || file.size === 0) throw refuse('Chưa chọn tệp dự thảo.');
  if (file.size > MAX_ATTACHMENT_BYTES) throw refuse(attachmentTooLarge(file.name));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = sniffType(bytes, file.name);
  if (!type) throw refuse(`Tệp "${file.name}" không phải PDF, ảnh PNG/JPEG hoặc tệp Word/Excel (kiểm tra theo nội dung tệp, không theo tên).`);
  return { bytes, fileName: safeFileName(file.name, type), mime: ATTACHMENT_TYPES[type].mime, sha256: await sha256Hex(bytes) };
}

async function storeDraftDocument(ctx: WriteContext, id: number, f: CheckedFile): Promise<Consultation['draftDocument'] & object> {
  const objectKey = `tep/y-kien/${id}/${f.sha256}`;
  if (!ctx.files) throw new Error('a draft document needs the FILES (R2) binding');
  await ctx.files.put(objectKey, f.bytes, { httpMetadata: { contentType: f.mime }, customMetadata: { sha256: f.sha256 } });
  return { fileName: f.fileName, contentType: f.mime, sizeBytes: f.bytes.byteLength, sha256: f.sha256, objectKey };
}

/**
 * Attaches the draft document put to the people; a new file replaces the previous one, whose
 * bytes stay in R2 under their own key (what was once published is not destroyed). On a
 * published consultation the file is an edit citizens read at once: it needs a public reason,
 * which its page lists with the other changes (issue 22.4), and waits for a second approver
 * when the unit asks for two.
 */
export async function attachDraftDocument(ctx: WriteContext, id: number, file: unknown, rawVersion: unknown, rawReason: unknown = ''): Promise<Outcome<Change<Consultation>>> {
  const { version } = parseInput(VersionSchema, { version: rawVersion });
  const before = await loadAt(ctx.db, id, version);
  // The draft of a published consultation is served to citizens at once.
  authorize(ctx.actor, before.status === 'published' ? 'record.edit-published' : 'record.draft');
  assertNotWithdrawn(before);
  const checked = await checkDraftDocument(file);
  const reason = typeof rawReason === 'string' ? rawReason.normalize('NFC').trim() : '';
  if (before.status === 'published' && !reason) {
    throw new RuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do thêm hoặc thay tệp dự thảo; lý do hiện trên trang công khai.');
  }
  if (reason.length > 500) throw new RuleError('changeNote', 'Lý do dài quá 500 ký tự.');
  const draftDocument = await storeDraftDocument(ctx, id, checked);
  const note = `${draftNote(draftDocument.fileName, before.draftDocument !== null)}${reason ? `: ${reason}` : ''}`;
  // A pending file is stored under its own key but not served: /tep/y-kien/ serves the consultation's current draft only.
  const pending = await proposeIfFourEyes(ctx, before, 'draft_document', { draftDocument }, note);
  if (pending) return { value: { live: null, pending }, publish: null };
  const saved = await save(ctx, before, { ...before, draftDocument, version: version + 1 }, 'attach', true, before.status === 'published' ? note : null);
  return { value: { live: saved, pending: null }, publish: publication(saved, 'draft document') };
}

/**
 * Withdraws a published consultation with a reason citizens read, as every record kind is
 * withdrawn (schema/lifecycle/lifecycle.use-cases.ts): it stays public, marked "Đã thu hồi" with the date
 * and the reason; its form takes no more opinions (acceptsOpinions asks for a published one).
 */
export const withdrawConsultation = (ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Consultation>>> => life.withdraw(ctx, id, raw);

/**
 * Approves the open change of a consultation: it goes live with its public reason in the
 * page's list of changes and a new version, in one batch with the decision.
 */
export const approveConsultationRevision = (ctx: WriteContext, id: number, revisionId: number): Promise<Outcome<Consultation>> => life.approve(ctx, id, revisionId);

/** Rejects the open change of a consultation with a reason: nothing public changes. */
export const rejectConsultationRevision = life.reject;

import type { Disclosure } from '../disclosure.ts';
import { getAttachment, setAttachmentState } from '../db/attachments.ts';
import { currentMinimums } from '../db/categories.ts';
import { getDisclosure, saveDisclosure } from '../db/disclosures.ts';
import { decideRevisionStatements, getRevision, insertRevisionStatements, openRevisionOf, targetOf, type NewRevision, type RevisionTarget } from '../db/pending-revisions.ts';
import { getUnit } from '../db/unit.ts';
import { ForbiddenError, NotFoundError, RuleError, VersionConflictError } from '../errors.ts';
import { mayPublish } from '../review.ts';
import { RejectSchema, type PendingRevision } from '../revision.ts';
import { parseInput } from '../validation.ts';
import { authorize } from '../roles.ts';
import type { Outcome, WriteContext } from './context.ts';
import { publication } from './disclosures.ts';

/**
 * Four eyes on every change citizens see (issue 16): with the unit's rule on, an edit of a
 * published item and a file added to or withdrawn from it wait as a pending revision until an
 * approver other than its author approves it. Until then the public page shows the published
 * version. With the rule off, an approver's change goes live at once. Disclosures are approved
 * here; decisions, supervision records (schema/use-cases/community-records.ts) and
 * consultations (schema/use-cases/consultations.ts) use the same store and rules.
 */

/** A change to a published item: live at once, or waiting for a second approver. */
export type Change<T> = { live: T; pending: null } | { live: null; pending: PendingRevision };

/**
 * The minimums a public item is judged by after an edit: those it was published with, unless the
 * edit (a public act with its reason) moves it to another category — then that category's current
 * ones. A draft has none stored; it follows its category until published.
 */
export async function minimumsAfterEdit(db: D1Database, before: Disclosure, category: string): Promise<Disclosure['channelMinimums']> {
  if (before.status === 'draft') return null;
  return category === before.category ? before.channelMinimums : currentMinimums(db, category);
}

/** Whether changes to published items need a second approver. */
export async function fourEyesOn(db: D1Database): Promise<boolean> {
  return (await getUnit(db))?.fourEyes ?? false;
}

/** A change to a published item is an approver's, as an edit of it always was. */
export function assertMayChangePublished(ctx: WriteContext): void {
  // The role matrix decides (schema/roles.ts): withdrawing a file of a published item edits it.
  authorize(ctx.actor, 'disclosure.edit-published');
}

/** One open change per record: a second waits until the first is approved or rejected. */
export async function assertNoOpenChange(db: D1Database, target: RevisionTarget): Promise<void> {
  if (await openRevisionOf(db, target)) {
    throw new RuleError('revision', 'Nội dung này đang có một thay đổi chờ duyệt: hãy duyệt hoặc từ chối thay đổi đó trước.');
  }
}

/** One open change per disclosure. */
export const assertNoOpenRevision = (db: D1Database, disclosureId: number) => assertNoOpenChange(db, { entity: 'disclosure', id: disclosureId });

/** Stores a pending change (after `first`, e.g. its attachment's INSERT, in the same batch). */
export async function propose(ctx: WriteContext, revision: NewRevision, first: D1PreparedStatement[] = []): Promise<PendingRevision> {
  await ctx.db.batch([...first, ...insertRevisionStatements(ctx.db, revision, ctx.actor, ctx.now)]);
  return (await openRevisionOf(ctx.db, revision.target ?? { entity: 'disclosure', id: revision.disclosureId! }))!;
}

/** The public change note of a file added or withdrawn: citizens read which file and why. */
export const attachNote = (fileName: string, reason: string) => `Thêm tệp đính kèm "${fileName}": ${reason}`;
export const withdrawNote = (fileName: string, reason: string) => `Rút tệp đính kèm "${fileName}": ${reason}`;

/** The open change `revisionId` of the record `target`, or the reason it is not there. */
export async function openChange(db: D1Database, target: RevisionTarget, revisionId: number): Promise<PendingRevision> {
  const r = await getRevision(db, revisionId);
  const of = r ? targetOf(r) : null;
  if (!r || of!.entity !== target.entity || of!.id !== target.id) throw new NotFoundError('Không tìm thấy thay đổi chờ duyệt này.');
  if (r.decision) throw new RuleError('revision', 'Thay đổi này đã được duyệt hoặc từ chối rồi.');
  return r;
}

/** The author of a change never approves it alone; any other approver may. */
export function assertMayDecide(ctx: WriteContext, r: PendingRevision): void {
  authorize(ctx.actor, 'change.approve');
  const verdict = mayPublish(ctx.actor, { lastEditorId: r.createdBy }, true);
  if (!verdict.ok) throw new ForbiddenError(verdict.message.replace('người soạn hoặc sửa sau cùng không tự công khai được', 'người đề nghị thay đổi không tự duyệt được'));
}

/** Approves an open change: it goes live with its public reason and a new version, in one batch. */
export async function approveRevision(ctx: WriteContext, disclosureId: number, revisionId: number): Promise<Outcome<Disclosure>> {
  const r = await openChange(ctx.db, { entity: 'disclosure', id: disclosureId }, revisionId);
  assertMayDecide(ctx, r);
  const before = await getDisclosure(ctx.db, disclosureId);
  if (!before) throw new NotFoundError('Không tìm thấy nội dung công khai này.');
  if (before.version !== r.baseVersion) {
    throw new RuleError('revision', `Nội dung đã đổi sang phiên bản ${before.version} sau khi thay đổi này được đề nghị: hãy từ chối và đề nghị lại trên bản mới.`);
  }
  const version = before.version + 1;
  const decided = decideRevisionStatements(ctx.db, r, { kind: 'approved', approvedVersion: version }, ctx.actor, ctx.now);
  let after: Disclosure = { ...before, version };
  let note = r.changeNote;
  let also: D1PreparedStatement[] = decided;
  if (r.kind === 'edit') {
    const fields = r.fields as Partial<Disclosure>;
    after = { ...before, ...fields, channelMinimums: await minimumsAfterEdit(ctx.db, before, fields.category ?? before.category), version, lastEditorId: r.createdBy };
  } else {
    const file = r.attachmentId === null ? null : await getAttachment(ctx.db, r.attachmentId);
    if (!file) throw new NotFoundError('Không tìm thấy tệp của thay đổi này.');
    const withdraw = r.kind === 'withdraw_attachment';
    note = withdraw ? withdrawNote(file.fileName, r.changeNote) : attachNote(file.fileName, r.changeNote);
    const change = withdraw
      ? { from: 'attached' as const, to: 'withdrawn' as const, withdrawalReason: r.changeNote, whenVersion: version }
      : { from: 'pending' as const, to: 'attached' as const, whenVersion: version };
    also = [...setAttachmentState(ctx.db, file, change, withdraw ? 'withdraw' : 'attach', ctx.actor, ctx.now), ...decided];
  }
  const saved = await saveDisclosure(ctx.db, before, after, { action: `approve-${r.kind}`, changeNote: note, writer: r.createdBy }, ctx.actor, ctx.now, also);
  if (!saved) throw new VersionConflictError((await getDisclosure(ctx.db, disclosureId))?.version ?? before.version);
  const current = (await getDisclosure(ctx.db, disclosureId))!;
  return { value: current, publish: publication(current, 'change approved', ctx, before) };
}

/** Rejects an open change of a disclosure with a reason: nothing public changes; a pending file stays private. */
export const rejectRevision = (ctx: WriteContext, disclosureId: number, revisionId: number, raw: unknown) =>
  rejectChange(ctx, { entity: 'disclosure', id: disclosureId }, revisionId, raw);

/** Rejects an open change of any record with a reason, kept for its author; nothing public changes. */
export async function rejectChange(ctx: WriteContext, target: RevisionTarget, revisionId: number, raw: unknown): Promise<Outcome<PendingRevision>> {
  // The role matrix first, before anything is read (tests/api/roles.test.ts, cell change.reject).
  authorize(ctx.actor, 'change.reject');
  const { reason } = parseInput(RejectSchema, raw);
  const r = await openChange(ctx.db, target, revisionId);
  const statements = decideRevisionStatements(ctx.db, r, { kind: 'rejected', reason }, ctx.actor, ctx.now);
  if (r.kind === 'attach' && r.attachmentId !== null) {
    const file = await getAttachment(ctx.db, r.attachmentId);
    if (file) statements.push(...setAttachmentState(ctx.db, file, { from: 'pending', to: 'rejected' }, 'reject', ctx.actor, ctx.now));
  }
  await ctx.db.batch(statements);
  const decided = (await getRevision(ctx.db, revisionId))!;
  if (decided.decision !== 'rejected') throw new RuleError('revision', 'Thay đổi này đã được duyệt hoặc từ chối rồi.');
  return { value: decided, publish: null };
}

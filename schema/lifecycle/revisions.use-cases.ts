import type { Disclosure } from '../disclosure/disclosure.ts';
import { getAttachment, setAttachmentState } from '../disclosure/attachments.db.ts';
import { currentMinimums } from '../disclosure/categories.db.ts';
import {
  decideRevisionStatements,
  getRevision,
  insertRevisionStatements,
  openRevisionOf,
  targetOf,
  type NewRevision,
  type RevisionTarget,
} from './pending-revisions.db.ts';
import { getUnit } from '../unit/unit.db.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../core/errors.ts';
import { mayPublish } from '../accounts/review.ts';
import { RejectSchema, REVISION_KIND_CODES, type PendingRevision } from './revision.ts';
import { parseInput } from '../core/validation.ts';
import { assertRecordKind } from './record-kinds.ts';
import { authorize } from '../accounts/roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * Four eyes on every change citizens see (issue 16): with the unit's rule on, an edit of a
 * published item and a file added to or withdrawn from it wait as a pending revision until an
 * approver other than its author approves it. Until then the public page shows the published
 * version. With the rule off, an approver's change goes live at once. This module holds the
 * store and rules every record kind shares; each kind approves its own change (disclosures in
 * schema/disclosure/disclosures.use-cases.ts, decisions and supervision records in community-records.ts,
 * consultations in consultations.ts), so no kind's module is imported back from here.
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
  // The role matrix decides (schema/accounts/roles.ts): withdrawing a file of a published item edits it.
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
  // The database takes any code since migration 0033: the registry of record kinds is the check.
  assertRecordKind(revision.target?.entity ?? 'disclosure');
  // Nor does it check the kind of change since migration 0034: REVISION_KINDS is the check.
  if (!(REVISION_KIND_CODES as readonly string[]).includes(revision.kind)) throw new Error(`Unknown kind of change ${JSON.stringify(revision.kind)} (schema/lifecycle/revision.ts)`);
  await ctx.db.batch([...first, ...insertRevisionStatements(ctx.db, revision, ctx.actor, ctx.now)]);
  return (await openRevisionOf(ctx.db, revision.target ?? { entity: 'disclosure', id: revision.disclosureId! }))!;
}

/** The public change note of a file added or withdrawn: citizens read which file and why. */
export const attachNote = (fileName: string, reason: string) => `Thêm tệp đính kèm "${fileName}": ${reason}`;
export const withdrawNote = (fileName: string, reason: string) => `Rút tệp đính kèm "${fileName}": ${reason}`;

/** The open change `revisionId` of the record `target`, or the reason it is not there. */
export async function openChange(db: D1Database, target: RevisionTarget, revisionId: number): Promise<PendingRevision> {
  assertRecordKind(target.entity);
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

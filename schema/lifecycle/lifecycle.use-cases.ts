import { WithdrawSchema } from '../disclosure/disclosure.ts';
import { decideRevisionStatements } from './pending-revisions.db.ts';
import { getUnit } from '../unit/unit.db.ts';
import { ForbiddenError, NotFoundError, RuleError, VersionConflictError } from '../core/errors.ts';
import type { RecordKind } from './record-kinds.ts';
import { mayPublish } from '../accounts/review.ts';
import type { PendingRevision } from './revision.ts';
import { authorize, type Action } from '../accounts/roles.ts';
import { parseInput } from '../core/validation.ts';
import type { Outcome, Publication, WriteContext } from '../core/context.use-cases.ts';
import {
  assertMayDecide,
  assertNoOpenChange,
  fourEyesOn,
  openChange,
  propose,
  rejectChange,
  type Change,
} from './revisions.use-cases.ts';

/**
 * The one lifecycle of every record kind citizens read (issue 20): draft → published →
 * withdrawn, a version that guards every save, the publish guard (role and four eyes), a change
 * to a published record that waits for a second approver when the unit asks for two, its
 * approval and rejection, and the withdrawal with its public reason. The rules are written here
 * once; each kind (schema/lifecycle/record-kinds.ts) supplies only a `RecordLifecycle` descriptor — how
 * its record is read and saved, and which pages it changes — in its own use-case module
 * (disclosures.ts, community-records.ts, consultations.ts), and `LIFECYCLES`
 * (schema/lifecycle/lifecycles.use-cases.ts) holds one per registered kind.
 */

/** What the lifecycle needs of any kind's record. */
export interface LifecycleRecord {
  id: number;
  version: number;
  status: 'draft' | 'published' | 'withdrawn';
  lastEditorId: number | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

/** How a save names its act: the audit action, the public change note (null: none), the writer. */
interface SaveNote {
  action: string;
  /** Written to the kind's public change history in the same batch; null writes none. */
  changeNote: string | null;
  /** Who wrote the change (an approved change's author); undefined: the actor for an edit. */
  writer?: number | null;
}

/** A kind's part: its record's storage and pages. Everything else is the lifecycle's. */
export interface RecordLifecycle<R extends LifecycleRecord> {
  kind: RecordKind;
  /** "Không tìm thấy … này." */
  notFound: string;
  actions: { draft: Action; publish: Action; editPublished: Action; withdraw: Action };
  get(db: D1Database, id: number): Promise<R | null>;
  /** Saves `after` over `before` guarded by its version, with its audit row and history; false when someone saved first. */
  save(ctx: WriteContext, before: R, after: R, note: SaveNote, also?: D1PreparedStatement[]): Promise<boolean>;
  /** What citizens must see rebuilt after a change (null: nothing public changed). */
  publication(r: R, reason: string, ctx: WriteContext, before?: R): Publication | null;
  /** What else a withdrawal changes in the same batch (a disclosure's files), guarded by the record's new version. */
  withdrawing?(ctx: WriteContext, before: R, after: R): Promise<D1PreparedStatement[]>;
}

/** The public reason a withdrawal carries while it waits for its second approver. */
const WITHDRAWAL_FIELD = 'withdrawalReason';

export function lifecycle<R extends LifecycleRecord>(k: RecordLifecycle<R>) {
  const target = (id: number) => ({ entity: k.kind, id });
  const notFound = () => new NotFoundError(k.notFound);

  /** The record at the version the official worked on, or the reason it is not there. */
  async function loadAt(db: D1Database, id: number, version: number): Promise<R> {
    const current = await k.get(db, id);
    if (!current) throw notFound();
    if (current.version !== version) throw new VersionConflictError(current.version);
    return current;
  }

  /** The record after a guarded save: reloaded, or the conflict when someone saved first. */
  async function saved(db: D1Database, ok: boolean, id: number): Promise<R> {
    const current = await k.get(db, id);
    if (!current) throw notFound();
    if (!ok) throw new VersionConflictError(current.version);
    return current;
  }

  /** Who may publish: the matrix's role, then four eyes (the last writer does not publish alone). */
  async function assertMayPublish(ctx: WriteContext, lastEditorId: number | null): Promise<void> {
    authorize(ctx.actor, k.actions.publish);
    const verdict = mayPublish(ctx.actor, { lastEditorId }, (await getUnit(ctx.db))?.fourEyes ?? false);
    if (!verdict.ok) throw new ForbiddenError(verdict.message);
  }

  /**
   * With four eyes on, a change to a record citizens read (published, or withdrawn and still
   * shown) is stored as a pending revision (null when it goes live at once: a draft, or four eyes
   * off). One open change per record, with or without four eyes.
   */
  async function proposeIfFourEyes(
    ctx: WriteContext,
    before: R,
    kind: PendingRevision['kind'],
    fields: Record<string, unknown>,
    changeNote: string,
  ): Promise<PendingRevision | null> {
    await assertNoOpenChange(ctx.db, target(before.id));
    if (before.status === 'draft' || !(await fourEyesOn(ctx.db))) return null;
    return propose(ctx, { target: target(before.id), baseVersion: before.version, kind, fields, changeNote, attachment: null });
  }

  /** The record withdrawn at `version`: marked, dated, with its reason; what else changes with it. */
  async function withdrawal(ctx: WriteContext, before: R, reason: string, version: number) {
    const after: R = { ...before, status: 'withdrawn', withdrawnAt: ctx.now, withdrawalReason: reason, version };
    return { after, also: (await k.withdrawing?.(ctx, before, after)) ?? [] };
  }

  /**
   * Withdraws a published record with a reason citizens read: it stays public, marked "Đã thu
   * hồi" with the date and the reason. Only the role the matrix names may (authorize), and it
   * takes effect at once, four eyes or not. While another change waits, the withdrawal is
   * refused: that one is decided first. (A pending change of kind 'withdraw', stored before
   * session 9's merge, is still approved or rejected below.)
   */
  async function withdraw(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<R>>> {
    authorize(ctx.actor, k.actions.withdraw);
    const { version, reason } = parseInput(WithdrawSchema, raw);
    const before = await loadAt(ctx.db, id, version);
    if (before.status !== 'published') throw new RuleError('status', 'Chỉ thu hồi được nội dung đang công khai.');
    // At once, even under four eyes (issue 22.12): taking down what should not be public must not
    // wait, and the approver who withdraws pulls the files in the same act. The record stays
    // public, marked, with the reason; nothing is hidden by it.
    await assertNoOpenChange(ctx.db, target(before.id));
    const { after, also } = await withdrawal(ctx, before, reason, version + 1);
    const value = await saved(ctx.db, await k.save(ctx, before, after, { action: 'withdraw', changeNote: null }, also), id);
    return { value: { live: value, pending: null }, publish: k.publication(value, 'withdrawn', ctx) };
  }

  /** How a kind applies an approved change other than a withdrawal: the record after it, its public note, what else. */
  type Apply = (r: PendingRevision, before: R, version: number) => Promise<{ after: R; changeNote: string; also?: D1PreparedStatement[] }>;
  const mergeFields: Apply = async (r, before, version) => ({
    after: { ...before, ...(r.fields as Partial<R>), version, lastEditorId: r.createdBy },
    changeNote: r.changeNote,
  });

  /**
   * Approves the open change `revisionId` of the record: by an approver other than its author
   * (assertMayDecide, inside the role matrix), on the version it was made on; it goes live with
   * its public reason and a new version, in one batch with the decision. An approved withdrawal
   * withdraws the record as an immediate one would, dated at the approval.
   */
  async function approve(ctx: WriteContext, id: number, revisionId: number, apply: Apply = mergeFields): Promise<Outcome<R>> {
    const r = await openChange(ctx.db, target(id), revisionId);
    assertMayDecide(ctx, r);
    const before = await k.get(ctx.db, id);
    if (!before) throw notFound();
    // A withdrawal is of a published record only; any other change, of the version it was made on.
    if (before.version !== r.baseVersion || (r.kind === 'withdraw' && before.status !== 'published')) {
      throw new RuleError('revision', `Nội dung đã đổi sang phiên bản ${before.version} sau khi thay đổi này được đề nghị: hãy từ chối và đề nghị lại trên bản mới.`);
    }
    const version = before.version + 1;
    const decided = decideRevisionStatements(ctx.db, r, { kind: 'approved', approvedVersion: version }, ctx.actor, ctx.now);
    let ok: boolean;
    if (r.kind === 'withdraw') {
      const { after, also } = await withdrawal(ctx, before, String(r.fields?.[WITHDRAWAL_FIELD] ?? r.changeNote), version);
      // The record's last writer stays who it was: a withdrawal edits no field.
      ok = await k.save(ctx, before, after, { action: 'approve-withdraw', changeNote: null, writer: null }, [...also, ...decided]);
    } else {
      const { after, changeNote, also = [] } = await apply(r, before, version);
      ok = await k.save(ctx, before, after, { action: `approve-${r.kind}`, changeNote, writer: r.createdBy }, [...also, ...decided]);
    }
    const value = await saved(ctx.db, ok, id);
    return { value, publish: k.publication(value, 'change approved', ctx, before) };
  }

  /** Rejects the open change of the record with a reason kept for its author: nothing public changes. */
  const reject = (ctx: WriteContext, id: number, revisionId: number, raw: unknown): Promise<Outcome<PendingRevision>> =>
    rejectChange(ctx, target(id), revisionId, raw);

  return { kind: k.kind, target, notFound, loadAt, saved, assertMayPublish, proposeIfFourEyes, withdraw, approve, reject };
}

/** What any kind's lifecycle answers, its record type forgotten (schema/lifecycle/lifecycles.use-cases.ts lists one per kind). */
export interface AnyLifecycle {
  kind: RecordKind;
  withdraw(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<LifecycleRecord>>>;
  approve(ctx: WriteContext, id: number, revisionId: number): Promise<Outcome<LifecycleRecord>>;
  reject(ctx: WriteContext, id: number, revisionId: number, raw: unknown): Promise<Outcome<PendingRevision>>;
}

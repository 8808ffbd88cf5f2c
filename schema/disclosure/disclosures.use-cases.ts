import type { z } from 'zod';
import {
  DisclosureCreateSchema,
  DisclosureUpdateSchema,
  PublishSchema,
  type Disclosure,
} from './disclosure.ts';
import { getAttachment, listAttachments, setAttachmentState } from './attachments.db.ts';
import { categoryExists, currentMinimums } from './categories.db.ts';
import { todayInVietnam } from '../core/dates.ts';
import { getDisclosure, insertDisclosure, listCitations, saveDisclosure, withDocumentType } from './disclosures.db.ts';
import { NotFoundError, RuleError, ValidationError } from '../core/errors.ts';
import { authorize } from '../accounts/roles.ts';
import { fieldErrors, parseInput } from '../core/validation.ts';
import { pagesShowing } from '../publishing/publish.ts';
import type { Outcome, Publication, WriteContext } from '../core/context.use-cases.ts';
import { lifecycle } from '../lifecycle/lifecycle.use-cases.ts';
import { attachNote, minimumsAfterEdit, withdrawNote, type Change } from '../lifecycle/revisions.use-cases.ts';

/**
 * Writing disclosures: create, edit, publish, withdraw. Every rule of the record lives here —
 * who may publish (roles, four eyes), that a published item is edited only by an approver and
 * with a public reason, that a save made on a stale version is refused — so the API, the admin
 * and the scripts cannot differ.
 */

const NO_SUCH_CATEGORY = 'Nội dung công khai (Điều 11) không có trong danh mục: hãy chọn một mục trong danh sách.';

/**
 * Validates like the schema, plus the one rule that needs the database (the category exists);
 * every problem is reported at once.
 */
async function check<S extends z.ZodType<{ category: string }>>(db: D1Database, schema: S, raw: unknown): Promise<z.output<S>> {
  const parsed = schema.safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  const category = parsed.success ? parsed.data.category : (raw as { category?: unknown } | null)?.category;
  if (typeof category === 'string' && /^[a-z0-9-]{1,60}$/.test(category) && !(await categoryExists(db, category))) {
    errors.push({ field: 'category', message: NO_SUCH_CATEGORY });
  }
  if (errors.length || !parsed.success) throw new ValidationError(errors);
  return parsed.data;
}

/**
 * Citizens see a change to a published or withdrawn item: its page and the pages that show it
 * (schema/publishing/publish.ts pagesShowing, looked up after the official's answer), including those that
 * showed the version `before` an edit. Drafts change nothing public.
 */
export function publication(d: Disclosure, reason: string, ctx: WriteContext, before?: Disclosure): Publication | null {
  if (d.status === 'draft') return null;
  // An item that leaves a category shifts that category's later list pages (numbered from the oldest).
  const left = before && before.status !== 'draft' && before.category !== d.category ? { relist: [before.category] } : {};
  return {
    reason: `disclosure ${d.id} ${reason}`,
    scope: async () => ({ disclosures: pagesShowing(before ? [before, d] : d, await listCitations(ctx.db)), areas: ['disclosures'], ...left }),
    // Publishing, withdrawing, a file added, withdrawn or approved: each may change what its files answer.
    files: [d.id],
  };
}

/**
 * The disclosure's part of the one lifecycle (schema/lifecycle/lifecycle.use-cases.ts): its table, its
 * pages, and its files, which a withdrawal pulls in the same act and with the same reason
 * (issue 22.12): `/tep/…` answers 410 for them and the page lists each as "Tệp đã rút".
 */
const life = lifecycle<Disclosure>({
  kind: 'disclosure',
  notFound: 'Không tìm thấy nội dung công khai này.',
  actions: { draft: 'disclosure.draft', publish: 'disclosure.publish', editPublished: 'disclosure.edit-published', withdraw: 'disclosure.withdraw' },
  get: getDisclosure,
  save: (ctx, before, after, note, also) => saveDisclosure(ctx.db, before, after, note, ctx.actor, ctx.now, also),
  publication,
  async withdrawing(ctx, before, after) {
    const files = (await listAttachments(ctx.db, before.id)).filter((f) => f.state === 'attached');
    // Each guarded by the item's new version: they apply only if the withdrawal itself did.
    const change = { from: 'attached' as const, to: 'withdrawn' as const, withdrawalReason: after.withdrawalReason!, whenVersion: after.version };
    return files.flatMap((f) => setAttachmentState(ctx.db, f, change, 'withdraw', ctx.actor, ctx.now));
  },
});
export const disclosureLifecycle = life;

/** Checks a new item's input as createDisclosure does, without storing it. */
export const checkCreate = (db: D1Database, raw: unknown) => check(db, DisclosureCreateSchema, raw);

/**
 * The day a plan's status was recorded: as typed, else kept while the status is unchanged, else
 * the day of this save; none without a status.
 */
function statusDay(fields: Pick<Disclosure, 'planStatus' | 'planStatusOn'>, before: Disclosure | undefined, ctx: WriteContext): string | undefined {
  if (fields.planStatus === '') return undefined;
  if (fields.planStatusOn) return fields.planStatusOn;
  if (before && before.planStatus === fields.planStatus) return before.planStatusOn;
  return todayInVietnam(new Date(ctx.now));
}

/**
 * Creates an item, a draft or published at once. A draft of valid input is one round trip to
 * D1: the INSERT checks the category and picks the free slug itself (insertDisclosure). Input
 * with errors is checked in full first, so every problem is reported at once, the category too;
 * so is an item published at once, whose category is needed for the minimums it freezes.
 */
export async function createDisclosure(ctx: WriteContext, raw: unknown): Promise<Outcome<Disclosure>> {
  authorize(ctx.actor, 'disclosure.draft');
  const parsed = DisclosureCreateSchema.safeParse(raw);
  const input = parsed.success && !parsed.data.publish ? parsed.data : await checkCreate(ctx.db, raw);
  if (input.publish) await life.assertMayPublish(ctx, ctx.actor.accountId);
  const { publish, ...fields } = input;
  const created = await insertDisclosure(
    ctx.db,
    {
      ...withDocumentType(fields),
      planStatusOn: statusDay(fields, undefined, ctx),
      status: publish ? 'published' : 'draft',
      publishedAt: publish ? ctx.now : null,
      channelMinimums: publish ? await currentMinimums(ctx.db, fields.category) : null,
    },
    publish ? 'create+publish' : 'create',
    ctx.actor,
    ctx.now,
  );
  // The category was removed from the list since it was checked, or never was in it.
  if (!created) throw new ValidationError([{ field: 'category', message: NO_SUCH_CATEGORY }]);
  return { value: created, publish: publication(created, 'created', ctx) };
}

/**
 * Saves an edit made on `version`. A published item is edited by an approver only, with a
 * reason that its public page shows; the UPDATE is guarded by the version, so two officials
 * saving the same item cannot overwrite each other. With four eyes, the edit of a published
 * item waits for a second approver (schema/lifecycle/revisions.use-cases.ts) and nothing public changes.
 */
export async function updateDisclosure(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Disclosure>>> {
  const input = await check(ctx.db, DisclosureUpdateSchema, raw);
  const before = await life.loadAt(ctx.db, id, input.version);
  authorize(ctx.actor, before.status === 'draft' ? 'disclosure.draft' : 'disclosure.edit-published');
  if (before.status !== 'draft' && input.changeNote === '') {
    throw new RuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
  }
  const { version: _version, changeNote, ...fields } = input;
  const proposed = { ...withDocumentType(fields), planStatusOn: statusDay(fields, before, ctx) };
  const pending = await life.proposeIfFourEyes(ctx, before, 'edit', proposed, changeNote);
  if (pending) return { value: { live: null, pending }, publish: null };
  const after: Disclosure = {
    ...before,
    ...withDocumentType(fields),
    planStatusOn: statusDay(fields, before, ctx),
    channelMinimums: await minimumsAfterEdit(ctx.db, before, fields.category),
    version: before.version + 1,
    lastEditorId: ctx.actor.accountId,
  };
  // Citizens see how a published item changed; drafts have no public history.
  const note = before.status === 'draft' ? null : changeNote;
  const saved = await life.saved(ctx.db, await saveDisclosure(ctx.db, before, after, { action: 'update', changeNote: note }, ctx.actor, ctx.now), id);
  return { value: { live: saved, pending: null }, publish: publication(saved, 'updated', ctx, before) };
}

export async function publishDisclosure(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Disclosure>> {
  authorize(ctx.actor, 'disclosure.publish');
  const { version } = parseInput(PublishSchema, raw);
  const before = await life.loadAt(ctx.db, id, version);
  if (before.status === 'published') throw new RuleError('status', 'Nội dung này đã được công khai.');
  await life.assertMayPublish(ctx, before.lastEditorId);
  const after: Disclosure = {
    ...before,
    status: 'published',
    publishedAt: before.publishedAt ?? ctx.now,
    // Frozen at the first publication; a withdrawn item published again keeps what it showed.
    channelMinimums: before.channelMinimums ?? (await currentMinimums(ctx.db, before.category)),
    withdrawnAt: null,
    withdrawalReason: null,
    version: version + 1,
  };
  const saved = await life.saved(ctx.db, await saveDisclosure(ctx.db, before, after, { action: 'publish', changeNote: null }, ctx.actor, ctx.now), id);
  return { value: saved, publish: publication(saved, 'published', ctx) };
}

/**
 * A withdrawn item stays public, marked "Đã thu hồi" with the reason: nothing published is
 * silently deleted. Its files are pulled in the same act (the descriptor's `withdrawing`). Under
 * four eyes the withdrawal waits for a second approver as an edit does, and its files with it.
 */
export const withdrawDisclosure = (ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Disclosure>>> => life.withdraw(ctx, id, raw);

/**
 * Approves an open change: it goes live with its public reason and a new version, in one batch
 * (schema/lifecycle/lifecycle.use-cases.ts). An edit keeps the minimums it was published with unless it
 * moves the item to another category; a file added or withdrawn changes the file's state.
 */
export const approveRevision = (ctx: WriteContext, disclosureId: number, revisionId: number): Promise<Outcome<Disclosure>> =>
  life.approve(ctx, disclosureId, revisionId, async (r, before, version) => {
    if (r.kind === 'edit') {
      const fields = r.fields as Partial<Disclosure>;
      const channelMinimums = await minimumsAfterEdit(ctx.db, before, fields.category ?? before.category);
      return { after: { ...before, ...fields, channelMinimums, version, lastEditorId: r.createdBy }, changeNote: r.changeNote };
    }
    const file = r.attachmentId === null ? null : await getAttachment(ctx.db, r.attachmentId);
    if (!file) throw new NotFoundError('Không tìm thấy tệp của thay đổi này.');
    const withdraw = r.kind === 'withdraw_attachment';
    const change = withdraw
      ? { from: 'attached' as const, to: 'withdrawn' as const, withdrawalReason: r.changeNote, whenVersion: version }
      : { from: 'pending' as const, to: 'attached' as const, whenVersion: version };
    return {
      after: { ...before, version },
      changeNote: withdraw ? withdrawNote(file.fileName, r.changeNote) : attachNote(file.fileName, r.changeNote),
      also: setAttachmentState(ctx.db, file, change, withdraw ? 'withdraw' : 'attach', ctx.actor, ctx.now),
    };
  });

/** Rejects an open change of a disclosure with a reason: nothing public changes; a pending file stays private. */
export const rejectRevision = life.reject;

import type { z } from 'zod';
import { RecordPublishSchema, type RecordState } from './community-record.ts';
import type { RecordTable } from './community-records.db.ts';
import { RuleError, ValidationError } from '../core/errors.ts';
import { areaPages } from '../publishing/publish.ts';
import { authorize } from '../accounts/roles.ts';
import { fieldErrors, parseInput, type FieldError } from '../core/validation.ts';
import type { Outcome, Publication, WriteContext } from '../core/context.use-cases.ts';
import { lifecycle } from '../lifecycle/lifecycle.use-cases.ts';
import type { Change } from '../lifecycle/revisions.use-cases.ts';

/**
 * Create, edit, publish and withdraw for the records of the people's pillars, through the one
 * lifecycle of every record kind (schema/lifecycle/lifecycle.use-cases.ts): approvers publish (four eyes
 * when the unit asks), a published record is edited only by an approver and with a reason
 * citizens see — and, with four eyes, the edit or the withdrawal waits as a pending revision
 * until another approver approves it —, a save made on a stale version is refused, and a
 * withdrawn record stays public with its date and reason. This module adds only what the three
 * tables share: their validation and their one descriptor.
 */

/** Rules needing the database: each returns the problems it found (the record's links exist). */
export type DbCheck<F> = (db: D1Database, fields: F) => Promise<FieldError[]>;

interface Schemas<F> {
  create: z.ZodType<F & { publish: boolean }>;
  update: z.ZodType<F & { version: number; changeNote: string }>;
}

type Stored<F> = F & RecordState;

/**
 * Settings of the unit a record is judged by (a decision's thresholds), stored with it: taken
 * while it is a draft and when it is published, kept once published — a later change of the
 * settings never rewrites a published record. The DbCheck reads them from the record.
 */
export type InForce<S> = (db: D1Database) => Promise<S>;

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

async function check<T>(db: D1Database, fields: T, dbCheck: DbCheck<T>): Promise<void> {
  const errors = await dbCheck(db, fields);
  if (errors.length) throw new ValidationError(errors);
}

/**
 * `F`: the stored fields; `I`: those the official types (F unless settings are stored with them,
 * `inForce` giving the rest).
 */
export function recordUseCases<F extends object, I extends object = F>(
  table: RecordTable<F>,
  schemas: Schemas<NoInfer<I>>,
  label: string,
  dbCheck: DbCheck<NoInfer<F>> = async () => [],
  inForce: InForce<Omit<NoInfer<F>, keyof I>> = async () => ({}) as Omit<F, keyof I>,
) {
  const publication = (r: Stored<F>, reason: string): Publication | null =>
    r.status === 'draft' ? null : { reason: `${label} ${r.id} ${reason}`, scope: areaPages('community') };
  const life = lifecycle<Stored<F>>({
    kind: table.entity,
    notFound: `Không tìm thấy ${label} này.`,
    actions: { draft: 'record.draft', publish: 'record.publish', editPublished: 'record.edit-published', withdraw: 'record.withdraw' },
    get: (db, id) => table.get(db, id),
    save: (ctx, before, after, note, also) => table.save(ctx.db, before, after, note, ctx.actor, ctx.now, also),
    publication: (r, reason) => publication(r, reason),
  });

  return {
    lifecycle: life,
    async create(ctx: WriteContext, raw: unknown): Promise<Outcome<Stored<F>>> {
      const { publish, ...typed } = parse(schemas.create, raw);
      const fields = { ...typed, ...(await inForce(ctx.db)) } as F;
      await check(ctx.db, fields, dbCheck);
      authorize(ctx.actor, publish ? 'record.publish' : 'record.draft');
      if (publish) await life.assertMayPublish(ctx, ctx.actor.accountId);
      const state = { status: publish ? ('published' as const) : ('draft' as const), publishedAt: publish ? ctx.now : null };
      const created = await table.insert(ctx.db, fields, state, publish ? 'create+publish' : 'create', ctx.actor, ctx.now);
      return { value: created, publish: publication(created, 'created') };
    },
    /**
     * Saves an edit made on `version`. With four eyes, the edit of a published record is stored
     * as a pending revision and nothing public changes until another approver approves it.
     */
    async update(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Stored<F>>>> {
      const { version, changeNote, ...fields } = parse(schemas.update, raw);
      const before = await life.loadAt(ctx.db, id, version);
      // A draft is judged by the settings in force; a published record by those stored with it.
      const settings = before.status === 'draft' ? await inForce(ctx.db) : {};
      await check(ctx.db, { ...before, ...(fields as unknown as Partial<F>), ...settings }, dbCheck);
      authorize(ctx.actor, before.status === 'draft' ? 'record.draft' : 'record.edit-published');
      if (before.status === 'withdrawn') throw new RuleError('status', 'Nội dung này đã thu hồi: không sửa được nữa.');
      if (before.status !== 'draft' && changeNote === '') {
        throw new RuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
      }
      const pending = await life.proposeIfFourEyes(ctx, before, 'edit', fields as Record<string, unknown>, changeNote);
      if (pending) return { value: { live: null, pending }, publish: null };
      const after: Stored<F> = { ...before, ...(fields as unknown as Partial<F>), ...settings, version: before.version + 1, lastEditorId: ctx.actor.accountId };
      const note = before.status === 'draft' ? null : changeNote;
      const value = await life.saved(ctx.db, await table.save(ctx.db, before, after, { action: 'update', changeNote: note }, ctx.actor, ctx.now), id);
      return { value: { live: value, pending: null }, publish: publication(value, 'updated') };
    },
    async publish(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Stored<F>>> {
      const { version } = parseInput(RecordPublishSchema, raw);
      const before = await life.loadAt(ctx.db, id, version);
      if (before.status !== 'draft') throw new RuleError('status', before.status === 'withdrawn' ? 'Nội dung này đã thu hồi.' : 'Nội dung này đã được công khai.');
      await life.assertMayPublish(ctx, before.lastEditorId);
      // Published with the settings in force now, and judged by them (they may have changed since the draft was saved).
      const after: Stored<F> = { ...before, ...(await inForce(ctx.db)), status: 'published', publishedAt: before.publishedAt ?? ctx.now, version: version + 1 };
      await check(ctx.db, after, dbCheck);
      const value = await life.saved(ctx.db, await table.save(ctx.db, before, after, { action: 'publish', changeNote: null }, ctx.actor, ctx.now), id);
      return { value, publish: publication(value, 'published') };
    },
    /** Withdraws a published record with a reason (schema/lifecycle/lifecycle.use-cases.ts: four eyes, the role matrix). */
    withdraw: (ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Change<Stored<F>>>> => life.withdraw(ctx, id, raw),
    /** Approves the open change of a record: it goes live with its public reason and a new version, in one batch. */
    approve: (ctx: WriteContext, id: number, revisionId: number): Promise<Outcome<Stored<F>>> => life.approve(ctx, id, revisionId),
    /** Rejects the open change of a record with a reason: nothing public changes. */
    reject: life.reject,
  };
}

import type { z } from 'zod';
import { RecordPublishSchema, type RecordState } from '../community-record.ts';
import type { RecordTable } from '../db/community-records.ts';
import { getUnit } from '../db/unit.ts';
import { ForbiddenError, NotFoundError, RuleError, ValidationError, VersionConflictError } from '../errors.ts';
import { NO_DETAIL_PAGES } from '../publish.ts';
import { mayPublish } from '../review.ts';
import { authorize } from '../roles.ts';
import { fieldErrors, parseInput, type FieldError } from '../validation.ts';
import type { Outcome, Publication, WriteContext } from './context.ts';

/**
 * Create, edit and publish for the records of the people's pillars, with the rules disclosures
 * follow: approvers publish (four eyes when the unit asks), a published record is edited only by
 * an approver and with a reason citizens see, a save made on a stale version is refused.
 */

/** Rules needing the database: each returns the problems it found (the record's links exist). */
export type DbCheck<F> = (db: D1Database, fields: F) => Promise<FieldError[]>;

interface Schemas<F> {
  create: z.ZodType<F & { publish: boolean }>;
  update: z.ZodType<F & { version: number; changeNote: string }>;
}

type Stored<F> = F & RecordState;

async function validate<T>(db: D1Database, schema: z.ZodType<T>, raw: unknown, dbCheck: DbCheck<T>): Promise<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  const errors = await dbCheck(db, parsed.data);
  if (errors.length) throw new ValidationError(errors);
  return parsed.data;
}

export function recordUseCases<F extends object>(table: RecordTable<F>, schemas: Schemas<F>, label: string, dbCheck: DbCheck<F> = async () => []) {
  const notFound = () => new NotFoundError(`Không tìm thấy ${label} này.`);
  const publication = (r: Stored<F>, reason: string): Publication | null =>
    r.status === 'draft' ? null : { reason: `${label} ${r.id} ${reason}`, scope: NO_DETAIL_PAGES };

  async function assertMayPublish(ctx: WriteContext, lastEditorId: number | null) {
    const unit = await getUnit(ctx.db);
    const verdict = mayPublish(ctx.actor, { lastEditorId }, unit?.fourEyes ?? false);
    if (!verdict.ok) throw new ForbiddenError(verdict.message);
  }
  async function loadAt(db: D1Database, id: number, version: number) {
    const current = await table.get(db, id);
    if (!current) throw notFound();
    if (current.version !== version) throw new VersionConflictError(current.version);
    return current;
  }
  async function saved(db: D1Database, ok: boolean, id: number): Promise<Stored<F>> {
    const current = await table.get(db, id);
    if (!current) throw notFound();
    if (!ok) throw new VersionConflictError(current.version);
    return current;
  }

  return {
    async create(ctx: WriteContext, raw: unknown): Promise<Outcome<Stored<F>>> {
      const { publish, ...fields } = await validate(ctx.db, schemas.create, raw, dbCheck as DbCheck<F & { publish: boolean }>);
      authorize(ctx.actor, publish ? 'record.publish' : 'record.draft');
      if (publish) await assertMayPublish(ctx, ctx.actor.accountId);
      const state = { status: publish ? ('published' as const) : ('draft' as const), publishedAt: publish ? ctx.now : null };
      const created = await table.insert(ctx.db, fields as F, state, publish ? 'create+publish' : 'create', ctx.actor, ctx.now);
      return { value: created, publish: publication(created, 'created') };
    },
    async update(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Stored<F>>> {
      const { version, changeNote, ...fields } = await validate(ctx.db, schemas.update, raw, dbCheck as DbCheck<F & { version: number; changeNote: string }>);
      const before = await loadAt(ctx.db, id, version);
      authorize(ctx.actor, before.status === 'draft' ? 'record.draft' : 'record.edit-published');
      if (before.status !== 'draft' && changeNote === '') {
        throw new RuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
      }
      const after: Stored<F> = { ...before, ...(fields as F), version: before.version + 1, lastEditorId: ctx.actor.accountId };
      const note = before.status === 'draft' ? null : changeNote;
      const ok = await table.save(ctx.db, before, after, { action: 'update', changeNote: note }, ctx.actor, ctx.now);
      const value = await saved(ctx.db, ok, id);
      return { value, publish: publication(value, 'updated') };
    },
    async publish(ctx: WriteContext, id: number, raw: unknown): Promise<Outcome<Stored<F>>> {
      const { version } = parseInput(RecordPublishSchema, raw);
      const before = await loadAt(ctx.db, id, version);
      if (before.status === 'published') throw new RuleError('status', 'Nội dung này đã được công khai.');
      authorize(ctx.actor, 'record.publish');
      await assertMayPublish(ctx, before.lastEditorId);
      const after: Stored<F> = { ...before, status: 'published', publishedAt: before.publishedAt ?? ctx.now, version: version + 1 };
      const ok = await table.save(ctx.db, before, after, { action: 'publish', changeNote: null }, ctx.actor, ctx.now);
      const value = await saved(ctx.db, ok, id);
      return { value, publish: publication(value, 'published') };
    },
  };
}

import { documentTypeOf } from '../document-number.ts';
import type { Channel, Disclosure, DisclosureCreate, DisclosureStatus, DisclosureUpdate } from '../disclosure.ts';
import { slugify } from '../text.ts';
import { mayPublish } from '../review.ts';
import { auditIfChanged, type Actor } from './audit.ts';
import { getUnit } from './unit.ts';

/** All SQL for the `disclosures` table and its revisions. */

type Row = Record<string, unknown>;

function toDisclosure(r: Row): Disclosure {
  return {
    id: r.id as number,
    slug: r.slug as string,
    title: r.title as string,
    category: r.category as string,
    documentNumber: r.document_number as string,
    documentType: r.document_type as string,
    issuedOn: r.issued_on as string,
    issuer: r.issuer as string,
    summary: r.summary as string,
    body: r.body as string,
    channels: JSON.parse(r.channels as string) as Channel[],
    postingStart: r.posting_start as string,
    postingEnd: (r.posting_end as string | null) ?? undefined,
    permanent: r.permanent === 1,
    shortPostingReason: r.short_posting_reason as string,
    periodLabel: r.period_label as string,
    planStatus: r.plan_status as Disclosure['planStatus'],
    cites: JSON.parse(r.cites as string) as string[],
    status: r.status as DisclosureStatus,
    version: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    publishedAt: (r.published_at as string | null) ?? null,
    withdrawnAt: (r.withdrawn_at as string | null) ?? null,
    withdrawalReason: (r.withdrawal_reason as string | null) ?? null,
    lastEditorId: (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null,
  };
}

/** What the audit log keeps of a disclosure: the fields people edit and its state. */
function auditView(d: Omit<Disclosure, 'id' | 'createdAt' | 'updatedAt' | 'lastEditorId'>) {
  const { slug: _slug, ...rest } = d as typeof d & { lastEditorId?: unknown };
  delete rest.lastEditorId;
  return rest;
}

export async function getDisclosure(db: D1Database, id: number): Promise<Disclosure | null> {
  const r = await db.prepare('SELECT * FROM disclosures WHERE id = ?').bind(id).first<Row>();
  return r ? toDisclosure(r) : null;
}

export interface ListOptions {
  /** Only these statuses (default: every status). */
  statuses?: DisclosureStatus[];
  category?: string;
  limit?: number;
  offset?: number;
}

function whereClause(options: ListOptions): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (options.statuses?.length && options.statuses.length === 2 && !options.statuses.includes('draft')) {
    // Written this way so the partial indexes on non-draft items (migration 0006) apply.
    parts.push("status <> 'draft'");
  } else if (options.statuses?.length) {
    parts.push(`status IN (${options.statuses.map(() => '?').join(', ')})`);
    params.push(...options.statuses);
  }
  if (options.category) {
    parts.push('category = ?');
    params.push(options.category);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * Disclosures newest first. Public lists (no drafts) go by publication time; lists that may
 * hold drafts go by last change. Either order is an index, so no list needs a sort step.
 */
export async function listDisclosures(db: D1Database, options: ListOptions = {}): Promise<Disclosure[]> {
  const where = whereClause(options);
  const publicOnly = options.statuses?.length && !options.statuses.includes('draft');
  const order = publicOnly ? 'published_at DESC, id DESC' : 'updated_at DESC, id DESC';
  const { results } = await db
    .prepare(`SELECT * FROM disclosures ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .bind(...where.params, options.limit ?? -1, options.offset ?? 0)
    .all<Row>();
  return results.map(toDisclosure);
}

export async function countDisclosures(db: D1Database, options: ListOptions = {}): Promise<number> {
  const where = whereClause(options);
  const row = await db.prepare(`SELECT count(*) AS n FROM disclosures ${where.sql}`).bind(...where.params).first<{ n: number }>();
  return row?.n ?? 0;
}

/** Everything citizens may see: published and withdrawn items (withdrawn ones stay, marked). */
export const PUBLIC_STATUSES: DisclosureStatus[] = ['published', 'withdrawn'];

/**
 * A slug for a new disclosure from its title, unique among existing ones. Digits-only slugs
 * are avoided because list pages use `/trang/N/`.
 */
export async function freeSlug(db: D1Database, title: string): Promise<string> {
  const base = slugify(title, 70) || 'cong-khai';
  const { results } = await db
    // A range rather than LIKE: D1 refuses LIKE patterns longer than 50 bytes.
    .prepare("SELECT slug FROM disclosures WHERE slug = ? OR (slug > ? || '-' AND slug < ? || '.')")
    .bind(base, base, base)
    .all<{ slug: string }>();
  const taken = new Set(results.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export interface Created {
  disclosure: Disclosure;
}

/** Inserts a disclosure and its audit row in one batch (a D1 batch is one transaction). */
export async function createDisclosure(db: D1Database, input: DisclosureCreate, actor: Actor, now: string): Promise<Disclosure> {
  if (input.publish) await assertMayPublish(db, actor, actor.accountId);
  const slug = await freeSlug(db, input.title);
  const status: DisclosureStatus = input.publish ? 'published' : 'draft';
  const publishedAt = input.publish ? now : null;
  const record = {
    slug,
    title: input.title,
    category: input.category,
    documentNumber: input.documentNumber,
    documentType: input.documentNumber ? documentTypeOf(input.documentNumber) : '',
    issuedOn: input.issuedOn,
    issuer: input.issuer,
    summary: input.summary,
    body: input.body,
    channels: input.channels,
    postingStart: input.postingStart,
    postingEnd: input.postingEnd,
    permanent: input.permanent,
    shortPostingReason: input.shortPostingReason,
    periodLabel: input.periodLabel,
    planStatus: input.planStatus,
    cites: input.cites,
    status,
    version: 1,
    publishedAt,
    withdrawnAt: null,
    withdrawalReason: null,
  };
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO disclosures (slug, title, category, document_number, document_type, issued_on, issuer, summary, body,
           channels, posting_start, posting_end, permanent, short_posting_reason, period_label, plan_status, cites, status, version,
           created_at, updated_at, published_at, created_by, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .bind(
        slug, record.title, record.category, record.documentNumber, record.documentType, record.issuedOn, record.issuer,
        record.summary, record.body, JSON.stringify(record.channels), record.postingStart, record.postingEnd ?? null,
        record.permanent ? 1 : 0, record.shortPostingReason, record.periodLabel, record.planStatus, JSON.stringify(record.cites),
        status, now, now, publishedAt, actor.accountId, actor.accountId,
      ),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor_account_id, actor_token_id, action, entity, entity_id, before_json, after_json)
         SELECT ?, ?, ?, ?, 'disclosure', id, NULL, ? FROM disclosures WHERE slug = ?`,
      )
      .bind(now, actor.accountId, actor.tokenId, input.publish ? 'create+publish' : 'create', JSON.stringify(auditView(record)), slug),
  ]);
  return toDisclosure((inserted!.results as Row[])[0]!);
}

export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  readonly current: Disclosure;
  constructor(current: Disclosure) {
    super(`disclosure ${current.id} is at version ${current.version}`);
    this.current = current;
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The actor's role or the four-eyes rule does not allow this; `message` is Vietnamese. */
export class ReviewError extends Error {
  override name = 'ReviewError';
}

async function assertMayPublish(db: D1Database, actor: Actor, lastEditorId: number | null): Promise<void> {
  const unit = await getUnit(db);
  const verdict = mayPublish(actor, { lastEditorId }, unit?.fourEyes ?? false);
  if (!verdict.ok) throw new ReviewError(verdict.message);
}

/** A change the item's current state does not allow; `message` is Vietnamese, for people. */
export class DisclosureRuleError extends Error {
  override name = 'DisclosureRuleError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/** A stale version or a vanished row: a guarded write matched nothing. */
async function failGuard(db: D1Database, id: number): Promise<never> {
  const current = await getDisclosure(db, id);
  if (!current) throw new NotFoundError(`disclosure ${id} not found`);
  throw new VersionConflictError(current);
}

async function loadAt(db: D1Database, id: number, version: number): Promise<Disclosure> {
  const before = await getDisclosure(db, id);
  if (!before) throw new NotFoundError(`disclosure ${id} not found`);
  if (before.version !== version) throw new VersionConflictError(before);
  return before;
}

/**
 * Saves an edit made on `input.version`. The UPDATE is guarded by that version, and the audit
 * row and the public revision are written only if it matched, all in one batch: two officials
 * saving the same item cannot overwrite each other.
 */
export async function updateDisclosure(db: D1Database, id: number, input: DisclosureUpdate, actor: Actor, now: string): Promise<Disclosure> {
  const before = await loadAt(db, id, input.version);
  if (before.status !== 'draft' && actor.role !== 'approver') {
    throw new ReviewError('Nội dung đã công khai chỉ người duyệt mới sửa được; tài khoản biên tập hãy báo người duyệt.');
  }
  if (before.status !== 'draft' && input.changeNote === '') {
    throw new DisclosureRuleError('changeNote', 'Nội dung này đã công khai: hãy ghi lý do sửa đổi để người dân biết điều gì đã thay đổi.');
  }
  const after: Disclosure = {
    ...before,
    title: input.title,
    category: input.category,
    documentNumber: input.documentNumber,
    documentType: input.documentNumber ? documentTypeOf(input.documentNumber) : '',
    issuedOn: input.issuedOn,
    issuer: input.issuer,
    summary: input.summary,
    body: input.body,
    channels: input.channels,
    postingStart: input.postingStart,
    postingEnd: input.postingEnd,
    permanent: input.permanent,
    shortPostingReason: input.shortPostingReason,
    periodLabel: input.periodLabel,
    planStatus: input.planStatus,
    cites: input.cites,
    version: before.version + 1,
    updatedAt: now,
    lastEditorId: actor.accountId,
  };
  const statements = [
    db
      .prepare(
        `UPDATE disclosures SET title = ?, category = ?, document_number = ?, document_type = ?, issued_on = ?, issuer = ?,
           summary = ?, body = ?, channels = ?, posting_start = ?, posting_end = ?, permanent = ?, short_posting_reason = ?,
           period_label = ?, plan_status = ?, cites = ?, version = version + 1, updated_at = ?, updated_by = ?
         WHERE id = ? AND version = ?`,
      )
      .bind(
        after.title, after.category, after.documentNumber, after.documentType, after.issuedOn, after.issuer, after.summary,
        after.body, JSON.stringify(after.channels), after.postingStart, after.postingEnd ?? null, after.permanent ? 1 : 0,
        after.shortPostingReason, after.periodLabel, after.planStatus, JSON.stringify(after.cites), now, actor.accountId, id, input.version,
      ),
    auditIfChanged(db, { actor, action: 'update', entity: 'disclosure', before: auditView(before), after: auditView(after), at: now }, id),
  ];
  // Citizens see how a published item changed; drafts have no public history.
  if (before.status !== 'draft') {
    statements.push(
      db
        .prepare(
          `INSERT INTO disclosure_revisions (disclosure_id, version, changed_at, change_note, snapshot)
           SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
        )
        .bind(id, after.version, now, input.changeNote, JSON.stringify(auditView(before))),
    );
  }
  const [update] = await db.batch(statements);
  if (update!.meta.changes !== 1) await failGuard(db, id);
  return (await getDisclosure(db, id))!;
}

/** Moves a disclosure to a new status, guarded by version, with its audit row. */
async function transition(
  db: D1Database,
  id: number,
  version: number,
  actor: Actor,
  now: string,
  action: 'publish' | 'withdraw',
  withdrawalReason?: string,
): Promise<Disclosure> {
  const before = await loadAt(db, id, version);
  if (action === 'publish' && before.status === 'published') {
    throw new DisclosureRuleError('status', 'Nội dung này đã được công khai.');
  }
  if (action === 'publish') await assertMayPublish(db, actor, before.lastEditorId);
  if (action === 'withdraw' && actor.role !== 'approver') throw new ReviewError('Chỉ người duyệt mới thu hồi được nội dung đã công khai.');
  if (action === 'withdraw' && before.status !== 'published') {
    throw new DisclosureRuleError('status', 'Chỉ thu hồi được nội dung đang công khai.');
  }
  const update =
    action === 'publish'
      ? db
          .prepare(
            `UPDATE disclosures SET status = 'published', published_at = coalesce(published_at, ?), withdrawn_at = NULL,
               withdrawal_reason = NULL, version = version + 1, updated_at = ?
             WHERE id = ? AND version = ?`,
          )
          .bind(now, now, id, version)
      : db
          .prepare(
            `UPDATE disclosures SET status = 'withdrawn', withdrawn_at = ?, withdrawal_reason = ?, version = version + 1, updated_at = ?
             WHERE id = ? AND version = ? AND status = 'published'`,
          )
          .bind(now, withdrawalReason ?? '', now, id, version);
  const after =
    action === 'publish'
      ? { ...before, status: 'published' as const, publishedAt: before.publishedAt ?? now, withdrawnAt: null, withdrawalReason: null }
      : { ...before, status: 'withdrawn' as const, withdrawnAt: now, withdrawalReason: withdrawalReason ?? '' };
  const [result] = await db.batch([
    update,
    auditIfChanged(db, { actor, action, entity: 'disclosure', before: auditView(before), after: auditView({ ...after, version: version + 1 }), at: now }, id),
  ]);
  if (result!.meta.changes !== 1) await failGuard(db, id);
  return (await getDisclosure(db, id))!;
}

export function publishDisclosure(db: D1Database, id: number, version: number, actor: Actor, now: string) {
  return transition(db, id, version, actor, now, 'publish');
}

export function withdrawDisclosure(db: D1Database, id: number, version: number, reason: string, actor: Actor, now: string) {
  return transition(db, id, version, actor, now, 'withdraw', reason);
}

export interface Revision {
  version: number;
  changedAt: string;
  changeNote: string;
}

/** Revisions of every public disclosure, grouped by id: the site loads them in one query. */
export async function listAllRevisions(db: D1Database): Promise<Map<number, Revision[]>> {
  const { results } = await db
    .prepare('SELECT disclosure_id, version, changed_at, change_note FROM disclosure_revisions ORDER BY disclosure_id, version DESC')
    .all<{ disclosure_id: number; version: number; changed_at: string; change_note: string }>();
  const map = new Map<number, Revision[]>();
  for (const r of results) {
    const list = map.get(r.disclosure_id) ?? [];
    list.push({ version: r.version, changedAt: r.changed_at, changeNote: r.change_note });
    map.set(r.disclosure_id, list);
  }
  return map;
}


/** Slug, number and citations of every disclosure: what schema/publish.ts `pagesShowing` reads. */
export async function listCitations(db: D1Database): Promise<Pick<Disclosure, 'slug' | 'documentNumber' | 'cites'>[]> {
  const { results } = await db.prepare('SELECT slug, document_number, cites FROM disclosures').all<{ slug: string; document_number: string; cites: string }>();
  return results.map((r) => ({ slug: r.slug, documentNumber: r.document_number, cites: JSON.parse(r.cites) as string[] }));
}

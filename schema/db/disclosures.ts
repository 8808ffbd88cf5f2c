import { documentTypeOf } from '../document-number.ts';
import type { Disclosure, DisclosureStatus } from '../disclosure.ts';
import { slugify } from '../text.ts';
import { auditIfChanged, type Actor } from './audit.ts';

/**
 * All SQL for the `disclosures` table and its public revisions. No rules live here (who may
 * publish, when a reason is needed): those are in schema/use-cases/disclosures.ts.
 */

type Row = Record<string, unknown>;

/** One entry per stored field: its column and how a value crosses into and out of SQL. */
interface Column {
  sql: string;
  toSql?: (value: never) => unknown;
  fromSql?: (value: unknown) => unknown;
}
const json = { toSql: (v: unknown) => JSON.stringify(v), fromSql: (v: unknown) => JSON.parse(v as string) };
const bool = { toSql: (v: boolean) => (v ? 1 : 0), fromSql: (v: unknown) => v === 1 };
const nullable = { toSql: (v: string | null) => v ?? null, fromSql: (v: unknown) => (v as string | null) ?? null };

/**
 * The fields an official writes, with their columns: the row mapper, the INSERT and the UPDATE
 * are all built from this map, so adding a field is one line here (plus its migration).
 */
const EDITABLE = {
  title: { sql: 'title' },
  category: { sql: 'category' },
  documentNumber: { sql: 'document_number' },
  documentType: { sql: 'document_type' },
  issuedOn: { sql: 'issued_on' },
  issuer: { sql: 'issuer' },
  summary: { sql: 'summary' },
  body: { sql: 'body' },
  channels: { sql: 'channels', ...json },
  postingStart: { sql: 'posting_start' },
  postingEnd: { sql: 'posting_end', toSql: (v: string | undefined) => v ?? null, fromSql: (v: unknown) => (v as string | null) ?? undefined },
  permanent: { sql: 'permanent', ...bool },
  shortPostingReason: { sql: 'short_posting_reason' },
  periodLabel: { sql: 'period_label' },
  planStatus: { sql: 'plan_status' },
  cites: { sql: 'cites', ...json },
} satisfies { [K in keyof Disclosure]?: Column };

/** Fields the state machine sets. */
const STATE = {
  status: { sql: 'status' },
  version: { sql: 'version' },
  publishedAt: { sql: 'published_at', ...nullable },
  withdrawnAt: { sql: 'withdrawn_at', ...nullable },
  withdrawalReason: { sql: 'withdrawal_reason', ...nullable },
} satisfies { [K in keyof Disclosure]?: Column };

const READ_ONLY = {
  id: { sql: 'id' },
  slug: { sql: 'slug' },
  createdAt: { sql: 'created_at' },
  updatedAt: { sql: 'updated_at' },
} satisfies { [K in keyof Disclosure]?: Column };

type Editable = keyof typeof EDITABLE;
type StateField = keyof typeof STATE;
const ALL: Record<string, Column> = { ...READ_ONLY, ...EDITABLE, ...STATE };
const EDITABLE_KEYS = Object.keys(EDITABLE) as Editable[];
const STATE_KEYS = Object.keys(STATE) as StateField[];

const toSql = (key: string, value: unknown) => {
  const column = ALL[key]!;
  return column.toSql ? column.toSql(value as never) : value;
};

function toDisclosure(r: Row): Disclosure {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(ALL)) out[key] = column.fromSql ? column.fromSql(r[column.sql]) : r[column.sql];
  // The four-eyes rule compares the publisher with whoever wrote the item last.
  out.lastEditorId = (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null;
  return out as Disclosure;
}

/** The fields an official typed, plus the type code derived from the document number. */
export type DisclosureFields = Pick<Disclosure, Exclude<Editable, 'documentType'>>;

export function withDocumentType(fields: DisclosureFields): Pick<Disclosure, Editable> {
  return { ...fields, documentType: fields.documentNumber ? documentTypeOf(fields.documentNumber) : '' };
}

/** What the audit log and the public revisions keep of a disclosure: what people edit and its state. */
export function auditView(d: Disclosure) {
  const view: Record<string, unknown> = {};
  for (const key of [...EDITABLE_KEYS, ...STATE_KEYS]) view[key] = d[key];
  return view;
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
 * A slug for a new disclosure from its title, unique among existing ones. A slug of digits
 * only is prefixed ("cong-khai-2024"): list pages live at `/trang/N/`, and a bare number
 * reads as a page number.
 */
export async function freeSlug(db: D1Database, title: string): Promise<string> {
  const slug = slugify(title, 70);
  const base = !slug ? 'cong-khai' : /^[0-9-]+$/.test(slug) ? `cong-khai-${slug}` : slug;
  const { results } = await db
    // A range rather than LIKE: D1 refuses LIKE patterns longer than 50 bytes.
    .prepare("SELECT slug FROM disclosures WHERE slug = ? OR (slug > ? || '-' AND slug < ? || '.')")
    .bind(base, base, base)
    .all<{ slug: string }>();
  const taken = new Set(results.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new disclosure's stored state: its fields and where the state machine starts it. */
export type NewDisclosure = Pick<Disclosure, Editable | 'slug' | 'status' | 'publishedAt'>;

/** Inserts a disclosure and its audit row in one batch (a D1 batch is one transaction). */
export async function insertDisclosure(db: D1Database, record: NewDisclosure, action: string, actor: Actor, now: string): Promise<Disclosure> {
  const values: Record<string, unknown> = {
    ...record,
    version: 1,
    withdrawnAt: null,
    withdrawalReason: null,
  };
  const keys = ['slug', ...EDITABLE_KEYS, ...STATE_KEYS];
  const columns = [...keys.map((k) => ALL[k]!.sql), 'created_at', 'updated_at', 'created_by', 'updated_by'];
  const params = [...keys.map((k) => toSql(k, values[k])), now, now, actor.accountId, actor.accountId];
  const audit = auditView({ ...values, id: 0, createdAt: now, updatedAt: now, lastEditorId: actor.accountId } as Disclosure);
  const [inserted] = await db.batch([
    db.prepare(`INSERT INTO disclosures (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) RETURNING *`).bind(...params),
    db
      .prepare(
        `INSERT INTO audit_log (at, actor_account_id, actor_token_id, action, entity, entity_id, before_json, after_json)
         SELECT ?, ?, ?, ?, 'disclosure', id, NULL, ? FROM disclosures WHERE slug = ?`,
      )
      .bind(now, actor.accountId, actor.tokenId, action, JSON.stringify(audit), record.slug),
  ]);
  return toDisclosure((inserted!.results as Row[])[0]!);
}

/**
 * Saves `after` over `before`, guarded by `before.version`: the UPDATE, its audit row and, for
 * an item citizens have seen, the public revision (`changeNote`) are one batch and are written
 * only if the version still matched. Returns false when it did not (someone saved first).
 */
export async function saveDisclosure(
  db: D1Database,
  before: Disclosure,
  after: Disclosure,
  audit: { action: string; changeNote: string | null },
  actor: Actor,
  now: string,
): Promise<boolean> {
  const keys = [...EDITABLE_KEYS, ...STATE_KEYS];
  // Only an edit makes the actor the item's last writer (four eyes); publishing or withdrawing does not.
  const writer = audit.action === 'update' ? actor.accountId : null;
  const statements = [
    db
      .prepare(
        `UPDATE disclosures SET ${keys.map((k) => `${ALL[k]!.sql} = ?`).join(', ')}, updated_at = ?,
           updated_by = coalesce(?, updated_by) WHERE id = ? AND version = ?`,
      )
      .bind(...keys.map((k) => toSql(k, after[k])), now, writer, before.id, before.version),
    auditIfChanged(db, { actor, action: audit.action, entity: 'disclosure', before: auditView(before), after: auditView(after), at: now }, before.id),
  ];
  if (audit.changeNote !== null) {
    statements.push(
      db
        .prepare(
          `INSERT INTO disclosure_revisions (disclosure_id, version, changed_at, change_note, snapshot)
           SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
        )
        .bind(before.id, after.version, now, audit.changeNote, JSON.stringify(auditView(before))),
    );
  }
  const [update] = await db.batch(statements);
  return update!.meta.changes === 1;
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

import type { RecordRevision, RecordState } from './community-record.ts';
import { slugify } from '../core/text.ts';
import { auditIfChanged, auditLastInsert, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, nullable, text, type ColumnMap, type ColumnSpec, type Row } from '../core/columns.db.ts';
import { assertRecordKind, RECORD_KINDS, type CommunityRecordKind } from '../lifecycle/record-kinds.ts';

/**
 * The SQL shared by the tables of the people's pillars (decisions, supervision boards and
 * activities): each has the fields of its column map plus the same state columns, an audit row
 * in the same batch as every write, a version that guards every UPDATE, and public revisions in
 * `community_revisions`. One table's module is `recordTable('decisions', 'decision', { … })`.
 */

/** The kinds whose versions `community_revisions` keeps (schema/lifecycle/record-kinds.ts). */
export type RecordEntity = CommunityRecordKind;
type Stored = Pick<RecordState, 'status' | 'version' | 'publishedAt' | 'withdrawnAt' | 'withdrawalReason'>;

const STATE = {
  status: text<RecordState['status']>('status'),
  version: int('version'),
  publishedAt: nullable(text('published_at')),
  withdrawnAt: nullable(text('withdrawn_at')),
  withdrawalReason: nullable(text('withdrawal_reason')),
};
const FIXED = columnMap<Pick<RecordState, 'id' | 'slug' | 'createdAt' | 'updatedAt'>>({
  id: int('id'),
  slug: text('slug'),
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
});

export interface RecordTable<F> {
  /** The record type, as `community_revisions` and `pending_revisions` name it. */
  entity: RecordEntity;
  get(db: D1Database, id: number): Promise<(F & RecordState) | null>;
  /** Newest first by publication (public lists) or by last change (lists with drafts). */
  /** `publishedOnly`: what citizens see, published and withdrawn records. */
  list(db: D1Database, options?: { publishedOnly?: boolean }): Promise<(F & RecordState)[]>;
  insert(db: D1Database, fields: F, state: { status: 'draft' | 'published'; publishedAt: string | null }, action: string, actor: Actor, now: string): Promise<F & RecordState>;
  /**
   * Saves `after` over `before` guarded by its version; false when someone saved first.
   * `audit.writer` is who wrote the change (an approved revision's author, not its approver);
   * `also` runs after the UPDATE in the same batch (an approved revision's decision).
   */
  save(
    db: D1Database,
    before: F & RecordState,
    after: F & RecordState,
    audit: { action: string; changeNote: string | null; writer?: number | null },
    actor: Actor,
    now: string,
    also?: D1PreparedStatement[],
  ): Promise<boolean>;
  revisions(db: D1Database): Promise<Map<number, RecordRevision[]>>;
  columns: ColumnMap<F & Stored>;
}

export function recordTable<F>(table: string, entity: RecordEntity, spec: ColumnSpec<F>): RecordTable<F> {
  // community_revisions.entity has no CHECK since migration 0033: the registry is the check.
  assertRecordKind(entity);
  if (RECORD_KINDS[entity].table !== table) throw new Error(`${table} is not the table of the record kind ${entity} (schema/lifecycle/record-kinds.ts)`);
  const STORED = columnMap<F & Stored>({ ...spec, ...STATE } as ColumnSpec<F & Stored>);
  const read = (r: Row): F & RecordState => ({
    ...FIXED.read(r),
    ...STORED.read(r),
    lastEditorId: (r.updated_by as number | null) ?? (r.created_by as number | null) ?? null,
  });
  const auditView = (v: F & Stored) => Object.fromEntries(STORED.fields.map((k) => [k, v[k]]));

  async function freeSlug(db: D1Database, title: string): Promise<string> {
    const base = slugify(title, 70) || entity.replace(/_/g, '-');
    const { results } = await db
      // A range rather than LIKE: D1 refuses LIKE patterns longer than 50 bytes.
      .prepare(`SELECT slug FROM ${table} WHERE slug = ? OR (slug > ? || '-' AND slug < ? || '.')`)
      .bind(base, base, base)
      .all<{ slug: string }>();
    const taken = new Set(results.map((r) => r.slug));
    if (!taken.has(base) && !/^[0-9-]+$/.test(base) && !RESERVED_SLUGS.includes(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  return {
    entity,
    columns: STORED,
    async get(db, id) {
      const r = await db.prepare(`SELECT * FROM ${table} WHERE id = ?`).bind(id).first<Row>();
      return r ? read(r) : null;
    },
    async list(db, options = {}) {
      // Public: published and withdrawn records (a withdrawn one stays, marked, with its reason).
      const sql = options.publishedOnly
        ? `SELECT * FROM ${table} WHERE status <> 'draft' ORDER BY published_at DESC, id DESC`
        : `SELECT * FROM ${table} ORDER BY updated_at DESC, id DESC`;
      const { results } = await db.prepare(sql).all<Row>();
      return results.map(read);
    },
    async insert(db, fields, state, action, actor, now) {
      const stored = { ...fields, ...state, withdrawnAt: null, withdrawalReason: null, version: 1 } as F & Stored;
      const { columns, placeholders, values } = STORED.write(stored as never);
      const titled = fields as { title?: string; name?: string };
      const slug = await freeSlug(db, titled.title ?? titled.name ?? entity);
      const [inserted] = await db.batch([
        db
          .prepare(`INSERT INTO ${table} (slug, ${columns}, created_at, updated_at, created_by, updated_by) VALUES (?, ${placeholders}, ?, ?, ?, ?) RETURNING *`)
          .bind(slug, ...values, now, now, actor.accountId, actor.accountId),
        auditLastInsert(db, { actor, action, entity, before: null, after: { slug, ...auditView(stored) }, at: now }),
      ]);
      return read((inserted!.results as Row[])[0]!);
    },
    async save(db, before, after, audit, actor, now, also = []) {
      // Only an edit makes the actor the record's last writer (four eyes); publishing does not.
      const writer = audit.writer !== undefined ? audit.writer : audit.action === 'update' ? actor.accountId : null;
      const statements = [
        db
          .prepare(`UPDATE ${table} SET ${STORED.set()}, updated_at = ?, updated_by = coalesce(?, updated_by) WHERE id = ? AND version = ?`)
          .bind(...STORED.values(after as never), now, writer, before.id, before.version),
        auditIfChanged(db, { actor, action: audit.action, entity, before: auditView(before), after: auditView(after), at: now }, before.id),
      ];
      if (audit.changeNote !== null) {
        statements.push(
          db
            .prepare(
              `INSERT INTO community_revisions (entity, entity_id, version, changed_at, change_note, snapshot)
               SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1`,
            )
            .bind(entity, before.id, after.version, now, audit.changeNote, JSON.stringify(auditView(before))),
        );
      }
      statements.push(...also);
      const [update] = await db.batch(statements);
      return update!.meta.changes === 1;
    },
    async revisions(db) {
      const { results } = await db
        .prepare('SELECT entity_id, version, changed_at, change_note FROM community_revisions WHERE entity = ? ORDER BY entity_id, version DESC')
        .bind(entity)
        .all<{ entity_id: number; version: number; changed_at: string; change_note: string }>();
      const map = new Map<number, RecordRevision[]>();
      for (const r of results) map.set(r.entity_id, [...(map.get(r.entity_id) ?? []), { version: r.version, changedAt: r.changed_at, changeNote: r.change_note }]);
      return map;
    },
  };
}

/** Path segments the pillar pages use beside the detail pages (`/nhan-dan-quyet-dinh/noi-dung/…`, `/giam-sat/hoat-dong/…`). */
const RESERVED_SLUGS = ['noi-dung', 'trang', 'hoat-dong'];

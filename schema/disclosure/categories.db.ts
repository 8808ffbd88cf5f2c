import type { Category } from './category.ts';
import type { ChannelMinimums } from './channels.ts';
import { auditById, auditIfChanged, type Actor } from '../accounts/audit.db.ts';
import { columnMap, int, json, nullable, text } from '../core/columns.db.ts';

/** SQL for disclosure categories. */

const CATEGORY = columnMap<Category>({
  slug: text('slug'),
  label: text('label'),
  legalRef: text('legal_ref'),
  lawClause: nullable(int('law_clause')),
  description: text('description'),
  channelMinimums: json('channel_minimums'),
  sortOrder: int('sort_order'),
});
const EDITABLE = ['label', 'legalRef', 'lawClause', 'description', 'channelMinimums', 'sortOrder'] as const;

export async function listCategories(db: D1Database): Promise<Category[]> {
  const { results } = await db.prepare('SELECT * FROM categories ORDER BY sort_order, slug').all();
  return results.map(CATEGORY.read);
}

export async function getCategory(db: D1Database, slug: string): Promise<Category | null> {
  const r = await db.prepare('SELECT * FROM categories WHERE slug = ?').bind(slug).first();
  return r ? CATEGORY.read(r) : null;
}

/** A category's current minimum days per channel ({} when it requires none or does not exist). */
export async function currentMinimums(db: D1Database, slug: string): Promise<ChannelMinimums> {
  return (await getCategory(db, slug))?.channelMinimums ?? {};
}

export async function categoryExists(db: D1Database, slug: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM categories WHERE slug = ?').bind(slug).first()) !== null;
}

/** How many disclosures (of any status: withdrawn ones stay public) use the category. */
export async function categoryUseCount(db: D1Database, slug: string): Promise<number> {
  const r = await db.prepare('SELECT count(*) AS n FROM disclosures WHERE category = ?').bind(slug).first<{ n: number }>();
  return r?.n ?? 0;
}

export async function nextSortOrder(db: D1Database): Promise<number> {
  const r = await db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM categories').first<{ m: number }>();
  return (r?.m ?? 0) + 10;
}

export async function insertCategory(db: D1Database, c: Category, actor: Actor, now: string): Promise<void> {
  const { columns, placeholders, values } = CATEGORY.write(c);
  await db.batch([
    db.prepare(`INSERT INTO categories (${columns}) VALUES (${placeholders})`).bind(...values),
    auditById(db, { actor, action: 'create', entity: 'category', before: null, after: c, at: now }, c.slug),
  ]);
}

export async function updateCategory(db: D1Database, before: Category, after: Category, actor: Actor, now: string): Promise<void> {
  await db.batch([
    db.prepare(`UPDATE categories SET ${CATEGORY.set([...EDITABLE])} WHERE slug = ?`).bind(...CATEGORY.values(after, [...EDITABLE]), before.slug),
    auditById(db, { actor, action: 'update', entity: 'category', before, after, at: now }, before.slug),
  ]);
}

/** Deletes an unused category; the guard is in the statement too, so a race cannot orphan an item. */
export async function deleteCategory(db: D1Database, before: Category, actor: Actor, now: string): Promise<boolean> {
  const [deleted] = await db.batch([
    db.prepare('DELETE FROM categories WHERE slug = ? AND NOT EXISTS (SELECT 1 FROM disclosures WHERE category = ?)').bind(before.slug, before.slug),
    auditIfChanged(db, { actor, action: 'delete', entity: 'category', before, after: null, at: now }, before.slug),
  ]);
  return (deleted?.meta.changes ?? 0) > 0;
}

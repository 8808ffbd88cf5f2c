import type { Category } from '../category.ts';

/** SQL for disclosure categories. */

export async function listCategories(db: D1Database): Promise<Category[]> {
  const { results } = await db
    .prepare('SELECT slug, label, legal_ref, sort_order FROM categories ORDER BY sort_order, slug')
    .all<{ slug: string; label: string; legal_ref: string; sort_order: number }>();
  return results.map((r) => ({ slug: r.slug, label: r.label, legalRef: r.legal_ref, sortOrder: r.sort_order }));
}

export async function categoryExists(db: D1Database, slug: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM categories WHERE slug = ?').bind(slug).first()) !== null;
}

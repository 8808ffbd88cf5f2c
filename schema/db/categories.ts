import type { Category } from '../category.ts';
import { columnMap, int, text } from './columns.ts';

/** SQL for disclosure categories. */

const CATEGORY = columnMap<Category>({ slug: text('slug'), label: text('label'), legalRef: text('legal_ref'), sortOrder: int('sort_order') });

export async function listCategories(db: D1Database): Promise<Category[]> {
  const { results } = await db.prepare('SELECT * FROM categories ORDER BY sort_order, slug').all();
  return results.map(CATEGORY.read);
}

export async function categoryExists(db: D1Database, slug: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM categories WHERE slug = ?').bind(slug).first()) !== null;
}

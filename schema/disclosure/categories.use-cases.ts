import { CategoryCreateSchema, CategoryEditSchema, type Category } from './category.ts';
import {
  categoryUseCount,
  deleteCategory as removeCategory,
  getCategory,
  insertCategory,
  nextSortOrder,
  updateCategory as storeCategory,
} from './categories.db.ts';
import { NotFoundError, RuleError, ValidationError } from '../core/errors.ts';
import { EVERYTHING } from '../publishing/publish.ts';
import { slugify } from '../core/text.ts';
import { parseInput } from '../core/validation.ts';
import { authorize } from '../accounts/roles.ts';
import type { Outcome, WriteContext } from '../core/context.use-cases.ts';

/**
 * The list of disclosure categories (Điều 11, Luật 10/2022/QH15) is law data the commune keeps:
 * approvers edit labels, descriptions, clauses and channel minimums, and add categories; a slug never changes and
 * a category in use is never deleted. Every page lists the categories, so everything is republished.
 */

export async function createCategory(ctx: WriteContext, raw: unknown): Promise<Outcome<Category>> {
  authorize(ctx.actor, 'categories.manage');
  const input = parseInput(CategoryCreateSchema, raw);
  const slug = input.slug || slugify(input.label, 60);
  if (!slug) throw new ValidationError([{ field: 'slug', message: 'Không tạo được mã từ tên: hãy nhập mã nội dung công khai, ví dụ "quy-hoach".' }]);
  if (await getCategory(ctx.db, slug)) {
    throw new RuleError('slug', `Mã "${slug}" đã có trong danh mục: hãy chọn mã khác (mã không đổi được sau khi tạo).`);
  }
  const category: Category = {
    slug,
    label: input.label,
    description: input.description,
    legalRef: input.legalRef,
    lawClause: input.lawClause,
    channelMinimums: input.channelMinimums ?? {},
    sortOrder: input.sortOrder ?? (await nextSortOrder(ctx.db)),
  };
  await insertCategory(ctx.db, category, ctx.actor, ctx.now);
  return { value: category, publish: { reason: `category ${slug} created`, scope: EVERYTHING } };
}

export async function updateCategory(ctx: WriteContext, slug: string, raw: unknown): Promise<Outcome<Category>> {
  authorize(ctx.actor, 'categories.manage');
  const before = await getCategory(ctx.db, slug);
  if (!before) throw new NotFoundError('Không có nội dung công khai này trong danh mục.');
  const input = parseInput(CategoryEditSchema, raw);
  const after: Category = { ...before, ...input, sortOrder: input.sortOrder ?? before.sortOrder, channelMinimums: input.channelMinimums ?? before.channelMinimums };
  await storeCategory(ctx.db, before, after, ctx.actor, ctx.now);
  return { value: after, publish: { reason: `category ${slug} updated`, scope: EVERYTHING } };
}

export async function deleteCategory(ctx: WriteContext, slug: string): Promise<Outcome<null>> {
  authorize(ctx.actor, 'categories.manage');
  const before = await getCategory(ctx.db, slug);
  if (!before) throw new NotFoundError('Không có nội dung công khai này trong danh mục.');
  const used = await categoryUseCount(ctx.db, slug);
  if (used > 0 || !(await removeCategory(ctx.db, before, ctx.actor, ctx.now))) {
    throw new RuleError('slug', `Không xóa được "${before.label}": đang có ${used || 'các'} mục công khai thuộc nội dung này (kể cả mục đã thu hồi). Có thể đổi tên hoặc mô tả thay vì xóa.`);
  }
  return { value: null, publish: { reason: `category ${slug} deleted`, scope: EVERYTHING } };
}

import { Hono } from 'hono';
import { categoryUseCount, getCategory, listCategories } from '../../schema/disclosure/categories.db.ts';
import { NotFoundError, RuleError } from '../../schema/core/errors.ts';
import { createCategory, deleteCategory, updateCategory } from '../../schema/disclosure/categories.use-cases.ts';
import { act } from '../act.ts';
import { CategoryEditPage, CategoryListPage, CategoryNewPage, categoryValues, nestChannelMinimums } from '../admin/category-pages.tsx';
import { readForm } from '../admin/form.ts';
import { requirePermission } from '../admin/roles.tsx';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** /admin/danh-muc: the disclosure categories (approvers only; every change audited). */

const TITLE = 'Danh mục nội dung công khai';

async function listPage(db: D1Database) {
  const categories = await listCategories(db);
  return Promise.all(categories.map(async (c) => ({ ...c, uses: await categoryUseCount(db, c.slug) })));
}

export const categoriesAdmin = new Hono<AppEnv>()
  .get('/', requirePermission('categories.manage'), async (c) =>
    c.render(<CategoryListPage categories={await listPage(c.env.DB)} saved={c.req.query('da-luu') !== undefined} />, { title: TITLE }),
  )
  .get('/moi', requirePermission('categories.manage'), (c) =>
    c.render(<CategoryNewPage values={{}} errors={[]} />, { title: 'Thêm nội dung công khai vào danh mục' }),
  )
  .post('/moi', requirePermission('categories.manage'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    nestChannelMinimums(input);
    try {
      await act(c, (ctx) => createCategory(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'label');
      c.status(status);
      return c.render(<CategoryNewPage values={values} errors={errors} />, {
        title: 'Thêm nội dung công khai vào danh mục',
        hasErrors: true,
      });
    }
    return c.redirect('/admin/danh-muc?da-luu', 303);
  })
  .get('/:slug{[a-z0-9-]+}', requirePermission('categories.manage'), async (c) => {
    const category = await getCategory(c.env.DB, c.req.param('slug'));
    if (!category) return c.notFound();
    return c.render(<CategoryEditPage category={category} values={categoryValues(category)} errors={[]} />, {
      title: `Sửa: ${category.label}`,
    });
  })
  .post('/:slug{[a-z0-9-]+}', requirePermission('categories.manage'), async (c) => {
    const category = await getCategory(c.env.DB, c.req.param('slug'));
    if (!category) return c.notFound();
    const { input, values } = readForm(await c.req.parseBody());
    nestChannelMinimums(input);
    try {
      await act(c, (ctx) => updateCategory(ctx, category.slug, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'label');
      c.status(status);
      return c.render(<CategoryEditPage category={category} values={values} errors={errors} />, {
        title: `Sửa: ${category.label}`,
        hasErrors: true,
      });
    }
    return c.redirect('/admin/danh-muc?da-luu', 303);
  })
  .post('/:slug{[a-z0-9-]+}/xoa', requirePermission('categories.manage'), async (c) => {
    try {
      await act(c, (ctx) => deleteCategory(ctx, c.req.param('slug')));
    } catch (error) {
      if (error instanceof NotFoundError) return c.notFound();
      if (!(error instanceof RuleError)) throw error;
      c.status(422);
      return c.render(<CategoryListPage categories={await listPage(c.env.DB)} error={error.message} />, { title: TITLE, hasErrors: true });
    }
    return c.redirect('/admin/danh-muc?da-luu', 303);
  });

import { Hono } from 'hono';
import { ValidationError } from '../../schema/errors.ts';
import type { Unit } from '../../schema/unit.ts';
import { saveUnit } from '../../schema/use-cases/unit.ts';
import { getUnit } from '../../schema/db/unit.ts';
import { readForm, type Values } from '../admin/form.ts';
import { hasRole, requirePermission } from '../admin/roles.tsx';
import { EmbedPage, UnitPage } from '../admin/unit-pages.tsx';
import { act } from '../act.ts';
import type { AppEnv } from '../env.ts';

/** The unit's configuration (/admin/don-vi, approvers only) and the embed snippets (/admin/nhung). */

function unitValues(u: Unit | null): Values {
  if (!u) return {};
  const { kind, name, parent, province, address, phone, email, placeName, publicBaseUrl } = u;
  const embedOrigins = u.embedOrigins.join('\n');
  const fourEyes = u.fourEyes ? 'on' : '';
  const demoData = u.demoData ? 'on' : '';
  return { kind, name, parent, province, address, phone, email, placeName, publicBaseUrl, embedOrigins, fourEyes, demoData };
}

export const unitAdmin = new Hono<AppEnv>()
  .get('/don-vi', requirePermission('unit.edit'), async (c) => {
    const values = unitValues(await getUnit(c.env.DB));
    const saved = c.req.query('da-luu') !== undefined;
    return c.render(<UnitPage values={values} errors={[]} saved={saved} />, { title: 'Thông tin đơn vị' });
  })
  .post('/don-vi', requirePermission('unit.edit'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody(), { booleans: ['fourEyes', 'demoData'] });
    const embedOrigins = String(values.embedOrigins ?? '').split(/\s+/).filter(Boolean);
    try {
      await act(c, (ctx) => saveUnit(ctx, { ...input, embedOrigins, publicBaseUrl: input.publicBaseUrl ?? '' }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      c.status(422);
      return c.render(<UnitPage values={values} errors={error.errors} />, { title: 'Thông tin đơn vị', hasErrors: true });
    }
    return c.redirect('/admin/don-vi?da-luu', 303);
  })
  .get('/nhung', async (c) => {
    const unit = await getUnit(c.env.DB);
    const origin = unit?.publicBaseUrl || new URL(c.req.url).origin;
    const canEdit = hasRole(c.get('account'), 'approver');
    const page = <EmbedPage origin={origin} allowed={unit?.embedOrigins ?? []} canEdit={canEdit} />;
    return c.render(page, { title: 'Nhúng vào trang web của xã' });
  });

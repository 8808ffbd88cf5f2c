import { Hono } from 'hono';
import type { Unit } from '../../schema/unit/unit.ts';
import { saveUnit } from '../../schema/unit/unit.use-cases.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { listEarlierNames } from '../../schema/unit/unit-names.db.ts';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { readForm, type Values } from '../admin/form.ts';
import { hasRole, requirePermission } from '../admin/roles.tsx';
import { EmbedPage, UnitPage } from '../admin/unit-pages.tsx';
import { DemocracyRulesPage } from '../admin/democracy-rules-page.tsx';
import { getDemocracyRules } from '../../schema/unit/democracy-rules.db.ts';
import { saveDemocracyRules } from '../../schema/unit/democracy-rules.use-cases.ts';
import { act } from '../act.ts';
import type { AppEnv } from '../env.ts';
import { formErrors } from '../admin/refusals.ts';

/** The unit's configuration (/admin/don-vi, approvers only) and the embed snippets (/admin/nhung). */

function unitValues(u: Unit | null): Values {
  if (!u) return {};
  const { kind, name, parent, province, address, phone, email, placeName, publicBaseUrl, signPrefix, signerTitle, signerName } = u;
  const embedOrigins = u.embedOrigins.join('\n');
  const fourEyes = u.fourEyes ? 'on' : '';
  const demoData = u.demoData ? 'on' : '';
  // A rename applies from today unless the official picks a later date.
  const nameFrom = todayInVietnam();
  return {
    kind,
    name,
    nameFrom,
    parent,
    province,
    address,
    phone,
    email,
    placeName,
    publicBaseUrl,
    embedOrigins,
    fourEyes,
    demoData,
    signPrefix,
    signerTitle,
    signerName,
  };
}

export const unitAdmin = new Hono<AppEnv>()
  .get('/don-vi', requirePermission('unit.edit'), async (c) => {
    const [unit, earlier] = await Promise.all([getUnit(c.env.DB), listEarlierNames(c.env.DB)]);
    const saved = c.req.query('da-luu') !== undefined;
    const page = <UnitPage values={unitValues(unit)} errors={[]} saved={saved} current={unit ?? undefined} earlier={earlier} />;
    return c.render(page, { title: 'Thông tin đơn vị' });
  })
  .post('/don-vi', requirePermission('unit.edit'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody(), { booleans: ['fourEyes', 'demoData'] });
    const embedOrigins = String(values.embedOrigins ?? '').split(/\s+/).filter(Boolean);
    try {
      await act(c, (ctx) => saveUnit(ctx, { ...input, embedOrigins, publicBaseUrl: input.publicBaseUrl ?? '' }));
    } catch (error) {
      const { errors, status } = formErrors(error, 'name');
      c.status(status);
      const [unit, earlier] = await Promise.all([getUnit(c.env.DB), listEarlierNames(c.env.DB)]);
      const page = <UnitPage values={values} errors={errors} current={unit ?? undefined} earlier={earlier} />;
      return c.render(page, { title: 'Thông tin đơn vị', hasErrors: true });
    }
    return c.redirect('/admin/don-vi?da-luu', 303);
  })
  .get('/don-vi/nguong', requirePermission('unit.edit'), async (c) => {
    const rules = await getDemocracyRules(c.env.DB);
    const values = Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, String(v)]));
    return c.render(<DemocracyRulesPage values={values} errors={[]} saved={c.req.query('da-luu') !== undefined} />, {
      title: 'Ngưỡng theo Luật Thực hiện dân chủ ở cơ sở',
    });
  })
  .post('/don-vi/nguong', requirePermission('unit.edit'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => saveDemocracyRules(ctx, input));
    } catch (error) {
      const { errors, status } = formErrors(error, 'minPublicOpinionDays');
      c.status(status);
      return c.render(<DemocracyRulesPage values={values} errors={errors} />, {
        title: 'Ngưỡng theo Luật Thực hiện dân chủ ở cơ sở',
        hasErrors: true,
      });
    }
    return c.redirect('/admin/don-vi/nguong?da-luu', 303);
  })
  .get('/nhung', async (c) => {
    const unit = await getUnit(c.env.DB);
    const origin = unit?.publicBaseUrl || new URL(c.req.url).origin;
    const canEdit = hasRole(c.get('account'), 'approver');
    const page = <EmbedPage origin={origin} allowed={unit?.embedOrigins ?? []} canEdit={canEdit} />;
    return c.render(page, { title: 'Nhúng vào trang web của xã' });
  });

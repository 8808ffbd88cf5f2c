import { Hono, type Context } from 'hono';
import { REPORT_SECTION_KEYS, type ReportDraft } from '../../schema/report/democracy-report.ts';
import { listCategories } from '../../schema/disclosure/categories.db.ts';
import { computeReportFigures, getReport, listReports } from '../../schema/report/democracy-reports.db.ts';
import { RuleError } from '../../schema/core/errors.ts';
import { createReport, publishReport, updateReport } from '../../schema/report/democracy-reports.use-cases.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { act } from '../act.ts';
import { readForm, type Values } from '../admin/form.ts';
import { formErrors } from '../admin/refusals.ts';
import { ReportListPage, ReportPage } from '../admin/report-pages.tsx';
import { hasRole } from '../admin/roles.tsx';
import { PUBLISH_NOTE } from '../admin/disclosure-pages.tsx';
import type { AppEnv } from '../env.ts';
import { reportDocxResponse } from './reports.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { provinceOf } from '../../schema/province/commune-registry.ts';

/** The periodic report on grassroots democracy, under /admin/bao-cao. */

const TITLE = 'Báo cáo thực hiện dân chủ ở cơ sở';

/** The form's default: the half-year that ended last (or the one under way in its last month). */
function defaultValues(now = new Date()): Values {
  // Vietnam's calendar month (UTC+7), not the server's: 31/05 at 18:00 UTC is already June in Vietnam.
  const [year, month] = todayInVietnam(now).split('-').map(Number) as [number, number];
  const [y, n] = month >= 6 && month < 12 ? [year, 1] : month === 12 ? [year, 2] : [year - 1, 2];
  return { kind: 'half', year: String(y), number: String(n) };
}

const textValues = (r: ReportDraft): Values => ({
  documentNumber: r.documentNumber,
  recipients: r.recipients,
  agencyDone: r.agencyDone === null ? '' : String(r.agencyDone),
  agencyTotal: r.agencyTotal === null ? '' : String(r.agencyTotal),
  signPrefix: r.signPrefix,
  signerTitle: r.signerTitle,
  signerName: r.signerName,
  ...Object.fromEntries(REPORT_SECTION_KEYS.map((k) => [k, r[k]])),
});

async function renderReport(c: Context<AppEnv>, report: ReportDraft, values: Values, errors: FieldError[], notice?: string) {
  const [figures, categories] = await Promise.all([
    report.figures ?? computeReportFigures(c.env.DB, report.period, report),
    listCategories(c.env.DB),
  ]);
  const page = (
    <ReportPage
      report={report}
      figures={figures}
      values={values}
      errors={errors}
      categories={categories}
      canPublish={hasRole(c.get('account'), 'approver')}
      notice={notice}
    />
  );
  return c.render(page, { title: TITLE, hasErrors: errors.length > 0 });
}

const NOTICES: Record<string, string> = {
  'da-lap': 'Đã lập bản nháp báo cáo. Số liệu dưới đây cổng tự tổng hợp; hãy viết phần nhận định rồi lưu.',
  'da-luu': 'Đã lưu bản nháp.',
  // The same promise as every publish: measured on the local portal (issue 15.6).
  'da-cong-khai': `Đã công khai báo cáo. ${PUBLISH_NOTE}`,
};

export const reportsAdmin = new Hono<AppEnv>()
  .get('/', async (c) =>
    c.render(<ReportListPage reports={await listReports(c.env.DB)} values={defaultValues()} errors={[]} />, { title: TITLE }),
  )
  .post('/', async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    try {
      const created = await act(c, (ctx) => createReport(ctx, input, provinceOf().name));
      return c.redirect(`/admin/bao-cao/${created.id}?da-lap`, 303);
    } catch (error) {
      const { errors, status } = formErrors(error, 'kind');
      c.status(status);
      return c.render(<ReportListPage reports={await listReports(c.env.DB)} values={values} errors={errors} />, {
        title: TITLE,
        hasErrors: true,
      });
    }
  })
  .get('/:id{[0-9]+}', async (c) => {
    const report = await getReport(c.env.DB, Number(c.req.param('id')));
    if (!report) return c.notFound();
    const notice = Object.keys(NOTICES).find((k) => c.req.query(k) !== undefined);
    return renderReport(c, report, textValues(report), [], notice ? NOTICES[notice] : undefined);
  })
  .post('/:id{[0-9]+}', async (c) => {
    const id = Number(c.req.param('id'));
    const { input, values } = readForm(await c.req.parseBody());
    try {
      await act(c, (ctx) => updateReport(ctx, id, input));
      return c.redirect(`/admin/bao-cao/${id}?da-luu`, 303);
    } catch (error) {
      const report = await getReport(c.env.DB, id);
      if (!report) return c.notFound();
      const { errors, status } = formErrors(error, 'leadership');
      c.status(status);
      return renderReport(c, report, values, errors);
    }
  })
  .post('/:id{[0-9]+}/cong-khai', async (c) => {
    const id = Number(c.req.param('id'));
    const { input } = readForm(await c.req.parseBody(), { booleans: ['confirm'] });
    try {
      if (!input.confirm) throw new RuleError('confirm', 'Hãy đánh dấu ô xác nhận đã kiểm tra số liệu và nội dung trước khi công khai.');
      await act(c, (ctx) => publishReport(ctx, id, input));
      return c.redirect(`/admin/bao-cao/${id}?da-cong-khai`, 303);
    } catch (error) {
      const report = await getReport(c.env.DB, id);
      if (!report) return c.notFound();
      const { errors, status } = formErrors(error, 'documentNumber');
      c.status(status);
      return renderReport(c, report, textValues(report), errors);
    }
  })
  .get('/:id{[0-9]+}/tai-ve.docx', async (c) => {
    const report = await getReport(c.env.DB, Number(c.req.param('id')));
    if (!report) return c.notFound();
    return reportDocxResponse(c, report);
  });

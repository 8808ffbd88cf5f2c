import { Hono } from 'hono';
import { periodKey, type Period } from '../../schema/period.ts';
import { parseProcedureCsv, readCsvUpload } from '../../schema/procedure-csv.ts';
import type { FieldError } from '../../schema/validation.ts';
import { readForm, type Values } from '../admin/form.ts';
import { filledRowCount, rowsToValues, valuesToRows } from '../admin/statistics-forms.tsx';
import { PetitionPage, ProcedurePage, StatisticsPage } from '../admin/statistics-pages.tsx';
import { listPetitionStats } from '../../schema/db/petition-stats.ts';
import type { PetitionStats } from '../../schema/petition-stats.ts';
import { listProcedureReports } from '../../schema/db/procedure-stats.ts';
import type { AppEnv } from '../env.ts';
import { ForbiddenError, ValidationError, VersionConflictError } from '../../schema/errors.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/use-cases/statistics.ts';
import { act } from '../act.ts';
import { requirePermission } from '../admin/roles.tsx';

/** Admin of statistics, under /admin/thong-ke. */

const periodValues = (p: Period): Values => ({ kind: p.kind, year: String(p.year), number: String(p.number) });
/** A save refused by the role matrix or a newer version: shown beside the period, the figures kept as typed. */
function refusal(error: unknown): { errors: FieldError[]; status: 403 | 409 | 422 } {
  if (error instanceof ValidationError) return { errors: error.errors, status: 422 };
  if (error instanceof VersionConflictError) return { errors: [{ field: 'kind', message: error.message }], status: 409 };
  if (error instanceof ForbiddenError) return { errors: [{ field: 'kind', message: error.message }], status: 403 };
  throw error;
}
const thisHalfYear = (): Values => ({ kind: 'half', year: String(new Date().getFullYear()), number: '1' });
/** The figures of a stored period as form text; a figure not given stays empty. */
const countValues = (p: PetitionStats): Values =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => !['id', 'period', 'updatedAt'].includes(k))
      .map(([k, v]) => [k, v === undefined ? '' : String(v)]),
  );
const PROCEDURES = 'Kết quả giải quyết thủ tục hành chính';
const PETITIONS = 'Số liệu đơn thư';

export const statisticsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [reports, petitions] = await Promise.all([listProcedureReports(c.env.DB), listPetitionStats(c.env.DB)]);
    const saved = c.req.query('da-luu') !== undefined;
    return c.render(<StatisticsPage reports={reports} petitions={petitions} saved={saved} />, { title: 'Thống kê' });
  })
  .get('/thu-tuc', async (c) => {
    const key = c.req.query('ky');
    const report = key ? (await listProcedureReports(c.env.DB)).find((r) => periodKey(r.period) === key) : undefined;
    const values = report ? { ...periodValues(report.period), version: String(report.version), ...rowsToValues(report.rows) } : thisHalfYear();
    return c.render(<ProcedurePage values={values} errors={[]} rowCount={report?.rows.length ?? 0} />, { title: PROCEDURES });
  })
  .post('/thu-tuc', requirePermission('statistics.save'), async (c) => {
    const { values } = readForm(await c.req.parseBody());
    const rows = valuesToRows(values);
    const period = { kind: values.kind, year: values.year, number: values.number };
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period, rows, version: values.version }));
    } catch (error) {
      const { errors, status } = refusal(error);
      c.status(status);
      const page = <ProcedurePage values={values} errors={errors} rowCount={filledRowCount(values)} />;
      return c.render(page, { title: PROCEDURES, hasErrors: true });
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  .post('/thu-tuc/csv', requirePermission('statistics.save'), async (c) => {
    const body = await c.req.parseBody();
    const values: Values = { kind: String(body.kind ?? ''), year: String(body.year ?? ''), number: String(body.number ?? ''), version: String(body.version ?? '') };
    const rejected = (errors: FieldError[], shown: Values = values, rowCount = 0, status: 403 | 409 | 422 = 422) => {
      c.status(status);
      const page = <ProcedurePage values={shown} errors={errors} rowCount={rowCount} />;
      return c.render(page, { title: PROCEDURES, hasErrors: true });
    };
    const fail = (message: string) => rejected([{ field: 'file', message }]);
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return fail('Chưa chọn tệp CSV.');
    const upload = readCsvUpload(new Uint8Array(await file.arrayBuffer()));
    if (!upload.ok) return fail(upload.message);
    const csv = parseProcedureCsv(upload.text);
    if (!csv.ok) return fail(csv.errors.join(' '));
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period: values, rows: csv.rows, version: values.version }, 'csv'));
    } catch (error) {
      const { errors, status } = refusal(error);
      return rejected(errors, { ...values, ...rowsToValues(csv.rows) }, csv.rows.length, status);
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  .get('/don-thu', async (c) => {
    const key = c.req.query('ky');
    const found = key ? (await listPetitionStats(c.env.DB)).find((p) => periodKey(p.period) === key) : undefined;
    const values = found ? { ...periodValues(found.period), ...countValues(found) } : thisHalfYear();
    return c.render(<PetitionPage values={values} errors={[]} />, { title: PETITIONS });
  })
  .post('/don-thu', requirePermission('statistics.save'), async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    const { kind, year, number, ...counts } = input;
    try {
      await act(c, (ctx) => savePetitionStats(ctx, { ...counts, period: { kind, year, number } }));
    } catch (error) {
      const { errors, status } = refusal(error);
      c.status(status);
      return c.render(<PetitionPage values={values} errors={errors} />, { title: PETITIONS, hasErrors: true });
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  });

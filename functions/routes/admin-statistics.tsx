import { Hono } from 'hono';
import { comparePeriods, nextPeriod, periodKey, type Period } from '../../schema/period.ts';
import { parseProcedureCsv, procedureCsvTemplate, readCsvUpload } from '../../schema/procedure-csv.ts';
import type { FieldError } from '../../schema/validation.ts';
import { readForm, type Values } from '../admin/form.ts';
import { cellName, CSV_PERIOD_FIELDS, filledRowCount, rowsToValues, SPARE_ROWS, valuesToRows } from '../admin/statistics-forms.tsx';
import { ConfirmReplacePage, PetitionPage, ProcedurePage, StatisticsPage } from '../admin/statistics-pages.tsx';
import { procedureTableChanges } from '../../schema/procedure-diff.ts';
import { checkProcedureReport } from '../../schema/procedure-stats.ts';
import { getPetitionStats, listPetitionStats } from '../../schema/db/petition-stats.ts';
import { petitionChanges, PetitionStatsSchema, type PetitionStats } from '../../schema/petition-stats.ts';
import { getProcedureReport, listProcedureReports } from '../../schema/db/procedure-stats.ts';
import type { AppEnv } from '../env.ts';
import { ValidationError } from '../../schema/errors.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/use-cases/statistics.ts';
import { act } from '../act.ts';
import { requirePermission } from '../admin/roles.tsx';
import { todayInVietnam } from '../../schema/dates.ts';
import { formErrors } from '../admin/refusals.ts';

/** Admin of statistics, under /admin/thong-ke. */

const periodValues = (p: Period): Values => ({ kind: p.kind, year: String(p.year), number: String(p.number) });
// The year in Vietnam: on 31/12 from 17:00 UTC the server's clock still shows the old year.
const thisHalfYear = (): Values => ({ kind: 'half', year: todayInVietnam().slice(0, 4), number: '1' });
/** The figures of a stored period as form text; a figure not given stays empty. */
const countValues = (p: PetitionStats): Values =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([k]) => !['id', 'period', 'updatedAt', 'changeReason', 'history'].includes(k))
      .map(([k, v]) => [k, v === undefined || v === null ? '' : String(v)]),
  );
const PROCEDURES = 'Kết quả giải quyết thủ tục hành chính';
const PETITIONS = 'Số liệu đơn thư';

/** A replacement waiting for its confirmation: the period, what changes, the form as the confirm page sends it back. */
interface Replacement {
  period: Period;
  changes: string[];
  shown: Values;
}

/**
 * What a valid table would change in a stored one; null when there is nothing to confirm (a new
 * period, the same figures, a table that does not add up, or a form opened on an older version).
 */
async function procedureReplacement(db: D1Database, raw: { period: unknown; rows: unknown }, values: Values): Promise<Replacement | null> {
  const checked = checkProcedureReport(raw);
  if (!checked.ok) return null;
  const stored = await getProcedureReport(db, checked.value.period);
  if (!stored) return null;
  // A form opened on an older version of the table goes to the use case, which refuses it (409).
  if (values.version && Number(values.version) !== stored.version) return null;
  const changes = procedureTableChanges(stored.rows, checked.value.rows);
  if (!changes.length) return null;
  const { kind, year, number } = checked.value.period;
  // "Thay bảng cũ" replaces exactly the table these differences were computed against.
  const shown = { ...values, version: String(stored.version), kind, year: String(year), number: String(number), ...rowsToValues(checked.value.rows) };
  return { period: checked.value.period, changes, shown };
}

/** The same for a period's petition counts. */
async function petitionReplacement(db: D1Database, raw: Record<string, unknown>, values: Values): Promise<Replacement | null> {
  const parsed = PetitionStatsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const stored = await getPetitionStats(db, parsed.data.period);
  if (!stored) return null;
  if (values.version && Number(values.version) !== stored.version) return null;
  const changes = petitionChanges(stored, parsed.data);
  if (!changes.length) return null;
  return { period: parsed.data.period, changes, shown: { ...values, version: String(stored.version) } };
}

const REPLACES = {
  procedures: { action: '/admin/thong-ke/thu-tuc', what: 'bảng số liệu', button: 'Thay bảng cũ', backLabel: 'Không thay, xem bảng đang có' },
  petitions: { action: '/admin/thong-ke/don-thu', what: 'số liệu đơn thư', button: 'Thay số liệu cũ', backLabel: 'Không thay, xem số liệu đang có' },
} as const;

/** The confirmation page of a replacement; with errors when its reason was refused (nothing replaced). */
const confirmPage = (of: keyof typeof REPLACES, r: Replacement, errors: FieldError[] = []) => (
  <ConfirmReplacePage period={r.period} changes={r.changes} values={r.shown} errors={errors} {...REPLACES[of]} />
);

/** The refused reason of a confirmed replacement: its confirmation page comes back with the reason as typed (it is among the values it shows). */
const reasonRefused = (error: unknown): FieldError[] | null =>
  error instanceof ValidationError && error.errors.some((e) => e.field === 'reason') ? error.errors : null;

export const statisticsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [reports, petitions] = await Promise.all([listProcedureReports(c.env.DB), listPetitionStats(c.env.DB)]);
    const saved = c.req.query('da-luu') !== undefined;
    return c.render(<StatisticsPage reports={reports} petitions={petitions} saved={saved} />, { title: 'Thống kê' });
  })
  .get('/thu-tuc', async (c) => {
    const key = c.req.query('ky');
    const reports = await listProcedureReports(c.env.DB);
    const report = key ? reports.find((r) => periodKey(r.period) === key) : undefined;
    if (report) {
      const values = { ...periodValues(report.period), version: String(report.version), ...rowsToValues(report.rows) };
      return c.render(<ProcedurePage values={values} errors={[]} rowCount={report.rows.length} />, { title: PROCEDURES });
    }
    // A new table: the period after the latest one, its fields carried over with blank figures.
    const latest = reports.toSorted((a, b) => comparePeriods(a.period, b.period)).at(-1);
    if (!latest) return c.render(<ProcedurePage values={thisHalfYear()} errors={[]} rowCount={0} />, { title: PROCEDURES });
    const fields = Object.fromEntries(latest.rows.map((r, i) => [cellName(i, 'field'), r.field]));
    const values = { ...periodValues(nextPeriod(latest.period)), ...fields };
    return c.render(<ProcedurePage values={values} errors={[]} rowCount={latest.rows.length} />, { title: PROCEDURES });
  })
  .get('/thu-tuc/mau.csv', async (c) => {
    const reports = await listProcedureReports(c.env.DB);
    const latest = reports.toSorted((a, b) => comparePeriods(a.period, b.period)).at(-1);
    const csv = procedureCsvTemplate(latest?.rows.map((r) => r.field) ?? []);
    return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="bieu-06-mau.csv"' });
  })
  .post('/thu-tuc', requirePermission('statistics.save'), async (c) => {
    const { values } = readForm(await c.req.parseBody());
    if (values['them-dong'] !== undefined) {
      // "Thêm dòng": the same table back, nothing saved, with more blank rows below.
      return c.render(<ProcedurePage values={values} errors={[]} rowCount={filledRowCount(values) + SPARE_ROWS} />, { title: PROCEDURES });
    }
    const rows = valuesToRows(values);
    const period = { kind: values.kind, year: values.year, number: values.number };
    const replacement = await procedureReplacement(c.env.DB, { period, rows }, values);
    if (replacement && values['thay-the'] !== '1') return c.render(confirmPage('procedures', replacement), { title: PROCEDURES });
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period, rows, version: values.version, reason: values.reason }));
    } catch (error) {
      const refusedReason = replacement && reasonRefused(error);
      if (replacement && refusedReason) {
        c.status(422);
        return c.render(confirmPage('procedures', replacement, refusedReason), { title: PROCEDURES, hasErrors: true });
      }
      const { errors, status } = formErrors(error, 'kind');
      c.status(status);
      const page = <ProcedurePage values={values} errors={errors} rowCount={filledRowCount(values)} />;
      return c.render(page, { title: PROCEDURES, hasErrors: true });
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  .post('/thu-tuc/csv', requirePermission('statistics.save'), async (c) => {
    const body = await c.req.parseBody();
    const sent = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const values: Values = { kind: sent(CSV_PERIOD_FIELDS.kind), year: sent(CSV_PERIOD_FIELDS.year), number: sent(CSV_PERIOD_FIELDS.number), version: sent('version') };
    for (const [field, name] of Object.entries(CSV_PERIOD_FIELDS)) values[name] = values[field];
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
    // The confirmation is posted as the table form: the file's rows travel as its cells.
    const replacement = await procedureReplacement(c.env.DB, { period: values, rows: csv.rows }, { ...values, ...rowsToValues(csv.rows) });
    if (replacement) return c.render(confirmPage('procedures', replacement), { title: PROCEDURES });
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period: values, rows: csv.rows, version: values.version }, 'csv'));
    } catch (error) {
      const { errors, status } = formErrors(error, 'kind');
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
    const { kind, year, number, reason, 'thay-the': confirmed, ...counts } = input;
    const raw = { ...counts, period: { kind, year, number } };
    const replacement = await petitionReplacement(c.env.DB, raw, values);
    if (replacement && confirmed !== '1') return c.render(confirmPage('petitions', replacement), { title: PETITIONS });
    try {
      await act(c, (ctx) => savePetitionStats(ctx, { ...raw, reason }));
    } catch (error) {
      const refusedReason = replacement && reasonRefused(error);
      if (replacement && refusedReason) {
        c.status(422);
        return c.render(confirmPage('petitions', replacement, refusedReason), { title: PETITIONS, hasErrors: true });
      }
      const { errors, status } = formErrors(error, 'kind');
      c.status(status);
      return c.render(<PetitionPage values={values} errors={errors} />, { title: PETITIONS, hasErrors: true });
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  });

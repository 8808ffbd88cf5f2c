import { Hono } from 'hono';
import {
  comparePeriods,
  nextPeriod,
  periodKey,
  periodOfKey,
  PeriodSchema,
  unfinishedUntil,
  type Period,
} from '../../schema/statistics/period.ts';
import { procedureCsvTemplate } from '../../schema/statistics/procedure-csv.ts';
import { readProcedureUpload } from '../../schema/statistics/procedure-upload.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { readForm, type Values } from '../admin/form.ts';
import {
  cellName,
  filledRowCount,
  rowsToValues,
  SPARE_ROWS,
  typedRowCount,
  valuesToRows,
  type ProcedureFormProps,
} from '../admin/statistics-forms.tsx';
import {
  BACK_TO_FORM,
  ConfirmReplacePage,
  ConfirmUnfinishedPage,
  PetitionPage,
  ProcedurePage,
  StatisticsPage,
  UNFINISHED_CONFIRMED,
  UploadPage,
} from '../admin/statistics-pages.tsx';
import { procedureTableChanges } from '../../schema/statistics/procedure-diff.ts';
import { checkProcedureReport } from '../../schema/statistics/procedure-stats.ts';
import { getPetitionStats, listPetitionStats } from '../../schema/statistics/petition-stats.db.ts';
import { petitionChanges, PetitionStatsSchema, type PetitionStats } from '../../schema/statistics/petition-stats.ts';
import { getProcedureReport, listProcedureReports } from '../../schema/statistics/procedure-stats.db.ts';
import type { AppEnv } from '../env.ts';
import { ValidationError } from '../../schema/core/errors.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/statistics/statistics.use-cases.ts';
import { act } from '../act.ts';
import { requirePermission } from '../admin/roles.tsx';
import { formErrors } from '../admin/refusals.ts';

/** Admin of statistics, under /admin/thong-ke. */

const periodValues = (p: Period): Values => ({ kind: p.kind, year: String(p.year), number: String(p.number) });
// The year in Vietnam: on 31/12 from 17:00 UTC the server's clock still shows the old year.
const thisHalfYear = (): Values => ({ kind: 'half', year: todayInVietnam().slice(0, 4), number: '1' });

/** The import page for the period a form shows (none chosen yet: the page picks the next one). */
function importHref(values: Values): string {
  const period = PeriodSchema.safeParse({ kind: values.kind, year: values.year, number: values.number });
  return `/admin/thong-ke/thu-tuc/nhap-tep${period.success ? `?ky=${periodKey(period.data)}` : ''}`;
}
const procedurePage = (props: Omit<ProcedureFormProps, 'importHref'>) => <ProcedurePage {...props} importHref={importHref(props.values)} />;

/**
 * A valid save for a period not over yet comes back as a warning with two buttons, unless its
 * "Vẫn lưu số liệu tạm" was pressed: null when there is nothing to warn about.
 */
function unfinishedWarning(period: unknown, values: Values, of: keyof typeof REPLACES) {
  const parsed = PeriodSchema.safeParse(period);
  if (!parsed.success || values[UNFINISHED_CONFIRMED] === '1') return null;
  const end = unfinishedUntil(parsed.data, todayInVietnam());
  if (!end) return null;
  const what = of === 'procedures' ? 'Bảng số liệu' : 'Số liệu đơn thư';
  return <ConfirmUnfinishedPage period={parsed.data} end={end} values={values} action={REPLACES[of].action} what={what} />;
}
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
  const shown = {
    ...values,
    version: String(stored.version),
    kind,
    year: String(year),
    number: String(number),
    ...rowsToValues(checked.value.rows),
  };
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
  procedures: {
    action: '/admin/thong-ke/thu-tuc',
    what: 'bảng số liệu',
    button: 'Thay bảng cũ',
    backLabel: 'Không thay, xem bảng đang có',
  },
  petitions: {
    action: '/admin/thong-ke/don-thu',
    what: 'số liệu đơn thư',
    button: 'Thay số liệu cũ',
    backLabel: 'Không thay, xem số liệu đang có',
  },
} as const;

/** The confirmation page of a replacement; with errors when its reason was refused (nothing replaced). */
const confirmPage = (of: keyof typeof REPLACES, r: Replacement, errors: FieldError[] = []) => (
  <ConfirmReplacePage period={r.period} changes={r.changes} values={r.shown} errors={errors} {...REPLACES[of]} />
);

/**
 * The refused reason of a confirmed replacement: its confirmation page comes back with the reason
 * as typed (it is among the values it shows).
 */
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
      return c.render(procedurePage({ values, errors: [], rowCount: report.rows.length }), { title: PROCEDURES });
    }
    // A new table: the period after the latest one, its fields carried over with blank figures.
    const latest = reports.toSorted((a, b) => comparePeriods(a.period, b.period)).at(-1);
    if (!latest) return c.render(procedurePage({ values: thisHalfYear(), errors: [], rowCount: 0 }), { title: PROCEDURES });
    const fields = Object.fromEntries(latest.rows.map((r, i) => [cellName(i, 'field'), r.field]));
    const values = { ...periodValues(nextPeriod(latest.period)), ...fields };
    return c.render(procedurePage({ values, errors: [], rowCount: latest.rows.length }), { title: PROCEDURES });
  })
  .get('/thu-tuc/nhap-tep', async (c) => {
    // The period comes chosen: the one the table page showed (?ky=), else the one after the latest stored.
    const key = c.req.query('ky');
    const reports = await listProcedureReports(c.env.DB);
    const report = key ? reports.find((r) => periodKey(r.period) === key) : undefined;
    const latest = reports.toSorted((a, b) => comparePeriods(a.period, b.period)).at(-1);
    const fromKey = key && !report ? periodOfKey(key) : null;
    const values: Values = report
      ? { ...periodValues(report.period), version: String(report.version) }
      : fromKey
        ? periodValues(fromKey)
        : latest
          ? periodValues(nextPeriod(latest.period))
          : thisHalfYear();
    return c.render(<UploadPage values={values} errors={[]} />, { title: PROCEDURES });
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
      return c.render(procedurePage({ values, errors: [], rowCount: filledRowCount(values) + SPARE_ROWS }), { title: PROCEDURES });
    }
    if (values[BACK_TO_FORM] !== undefined) {
      const { [BACK_TO_FORM]: _, ...kept } = values;
      return c.render(procedurePage({ values: kept, errors: [], rowCount: typedRowCount(kept) }), { title: PROCEDURES });
    }
    const rows = valuesToRows(values);
    const period = { kind: values.kind, year: values.year, number: values.number };
    const warning = checkProcedureReport({ period, rows }).ok ? unfinishedWarning(period, values, 'procedures') : null;
    if (warning) return c.render(warning, { title: PROCEDURES });
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
      return c.render(procedurePage({ values, errors, rowCount: filledRowCount(values) }), { title: PROCEDURES, hasErrors: true });
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  // The import page's form (the path is the one it has always had; it takes Excel as well as CSV).
  .post('/thu-tuc/csv', requirePermission('statistics.save'), async (c) => {
    const body = await c.req.parseBody();
    const sent = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const values: Values = { kind: sent('kind'), year: sent('year'), number: sent('number'), version: sent('version') };
    const rejected = (errors: FieldError[], status: 403 | 409 | 422 = 422) => {
      c.status(status);
      return c.render(<UploadPage values={values} errors={errors} />, { title: PROCEDURES, hasErrors: true });
    };
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return rejected([{ field: 'file', message: 'Chưa chọn tệp. Hãy chọn tệp Excel (.xlsx) hoặc CSV của bảng số liệu.' }]);
    const upload = await readProcedureUpload(new Uint8Array(await file.arrayBuffer()));
    if (!upload.ok) return rejected([{ field: 'file', message: upload.errors.join(' ') }]);
    // The confirmations are posted as the table form: the file's rows travel as its cells.
    const shown = { ...values, ...rowsToValues(upload.rows) };
    const checked = checkProcedureReport({ period: values, rows: upload.rows });
    const warning = checked.ok ? unfinishedWarning(values, shown, 'procedures') : null;
    if (warning) return c.render(warning, { title: PROCEDURES });
    const replacement = await procedureReplacement(c.env.DB, { period: values, rows: upload.rows }, shown);
    if (replacement) return c.render(confirmPage('procedures', replacement), { title: PROCEDURES });
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period: values, rows: upload.rows, version: values.version }, 'csv'));
    } catch (error) {
      const { errors, status } = formErrors(error, 'kind');
      // A wrong period is fixed on this page; figures that do not add up, in the table they fill.
      if (errors.every((e) => !e.field.startsWith('rows'))) return rejected(errors, status);
      c.status(status);
      return c.render(procedurePage({ values: shown, errors, rowCount: upload.rows.length }), { title: PROCEDURES, hasErrors: true });
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
    if (values[BACK_TO_FORM] !== undefined) {
      const { [BACK_TO_FORM]: _, ...kept } = values;
      return c.render(<PetitionPage values={kept} errors={[]} />, { title: PETITIONS });
    }
    const warning = PetitionStatsSchema.safeParse(raw).success ? unfinishedWarning(raw.period, values, 'petitions') : null;
    if (warning) return c.render(warning, { title: PETITIONS });
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

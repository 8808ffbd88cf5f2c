import { Hono } from 'hono';
import { html } from 'hono/html';
import { periodKey, periodLabel, type Period } from '../../schema/period.ts';
import { parseProcedureCsv, readCsvUpload } from '../../schema/procedure-csv.ts';
import type { FieldError } from '../../schema/validation.ts';
import { page, readForm, type Values } from '../admin/page.ts';
import { petitionForm, procedureForm, rowsToValues, valuesToRows } from '../admin/statistics-forms.ts';
import { listPetitionStats } from '../../schema/db/petition-stats.ts';
import { listProcedureReports } from '../../schema/db/procedure-stats.ts';
import type { AppEnv } from '../env.ts';
import { ValidationError } from '../../schema/errors.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/use-cases/statistics.ts';
import { act } from '../act.ts';

/** Admin of statistics, under /admin/thong-ke. */

const periodValues = (p: Period): Values => ({ kind: p.kind, year: String(p.year), number: String(p.number) });

export const statisticsAdmin = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [reports, petitions] = await Promise.all([listProcedureReports(c.env.DB), listPetitionStats(c.env.DB)]);
    return c.html(
      page(
        'Thống kê',
        html`<h1>Thống kê</h1>
${c.req.query('da-luu') !== undefined ? html`<p class="notice" role="status">Đã lưu. Trang công khai sẽ cập nhật sau khoảng nửa phút.</p>` : ''}
<h2>Kết quả giải quyết thủ tục hành chính</h2>
<p><a class="button" href="/admin/thong-ke/thu-tuc">Nhập bảng số liệu mới</a></p>
<ul>${reports.map((r) => html`<li><a href="/admin/thong-ke/thu-tuc?ky=${periodKey(r.period)}">${periodLabel(r.period)}</a> (${r.rows.length} lĩnh vực)</li>`)}</ul>
<h2>Tiếp công dân, đơn thư</h2>
<p><a class="button" href="/admin/thong-ke/don-thu">Nhập số liệu đơn thư</a></p>
<ul>${petitions.map((p) => html`<li><a href="/admin/thong-ke/don-thu?ky=${periodKey(p.period)}">${periodLabel(p.period)}</a>: ${p.received} đơn</li>`)}</ul>`,
        { signedIn: c.get('account').displayName },
      ),
    );
  })
  .get('/thu-tuc', async (c) => {
    const key = c.req.query('ky');
    const report = key ? (await listProcedureReports(c.env.DB)).find((r) => periodKey(r.period) === key) : undefined;
    const values = report ? { ...periodValues(report.period), ...rowsToValues(report.rows) } : { kind: 'half', year: String(new Date().getFullYear()), number: '1' };
    return c.html(procedurePage(values, [], report?.rows.length ?? 0, c.get('account').displayName));
  })
  .post('/thu-tuc', async (c) => {
    const { values } = readForm(await c.req.parseBody());
    const rows = valuesToRows(values);
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period: { kind: values.kind, year: values.year, number: values.number }, rows }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(procedurePage(values, error.errors, countRows(values), c.get('account').displayName), 422);
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  .post('/thu-tuc/csv', async (c) => {
    const body = await c.req.parseBody();
    const values: Values = { kind: String(body.kind ?? ''), year: String(body.year ?? ''), number: String(body.number ?? '') };
    const file = body.file;
    const fail = (message: string, extra: Values = {}, rowCount = 0) =>
      c.html(procedurePage({ ...values, ...extra }, [{ field: 'file', message }], rowCount, c.get('account').displayName), 422);
    if (!(file instanceof File) || file.size === 0) return fail('Chưa chọn tệp CSV.');
    const upload = readCsvUpload(new Uint8Array(await file.arrayBuffer()));
    if (!upload.ok) return fail(upload.message);
    const csv = parseProcedureCsv(upload.text);
    if (!csv.ok) return fail(csv.errors.join(' '));
    try {
      await act(c, (ctx) => saveProcedureReport(ctx, { period: values, rows: csv.rows }, 'csv'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(procedurePage({ ...values, ...rowsToValues(csv.rows) }, error.errors, csv.rows.length, c.get('account').displayName), 422);
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  })
  .get('/don-thu', async (c) => {
    const key = c.req.query('ky');
    const found = key ? (await listPetitionStats(c.env.DB)).find((p) => periodKey(p.period) === key) : undefined;
    const values: Values = found
      ? { ...periodValues(found.period), ...Object.fromEntries(Object.entries(found).filter(([k]) => !['id', 'period', 'updatedAt'].includes(k)).map(([k, v]) => [k, v === undefined ? '' : String(v)])) }
      : { kind: 'half', year: String(new Date().getFullYear()), number: '1' };
    return c.html(page('Số liệu đơn thư', html`<h1>Tiếp công dân, đơn thư</h1>${petitionForm(values, [])}`, { signedIn: c.get('account').displayName }));
  })
  .post('/don-thu', async (c) => {
    const { input, values } = readForm(await c.req.parseBody());
    const { kind, year, number, ...counts } = input;
    try {
      await act(c, (ctx) => savePetitionStats(ctx, { ...counts, period: { kind, year, number } }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return c.html(page('Lỗi – Số liệu đơn thư', html`<h1>Tiếp công dân, đơn thư</h1>${petitionForm(values, error.errors)}`, { signedIn: c.get('account').displayName }), 422);
    }
    return c.redirect('/admin/thong-ke/?da-luu', 303);
  });

function countRows(values: Values): number {
  let n = 0;
  while (values[`r${n}_field`] !== undefined) n++;
  return Math.max(0, n - 4);
}

function procedurePage(values: Values, errors: FieldError[], rowCount: number, who: string) {
  return page(
    `${errors.length ? 'Lỗi – ' : ''}Kết quả giải quyết thủ tục hành chính`,
    html`<h1>Kết quả giải quyết thủ tục hành chính</h1>${procedureForm(values, errors, rowCount)}`,
    { signedIn: who },
  );
}

import { Hono } from 'hono';
import { PeriodSchema } from '../../schema/period.ts';
import { parseProcedureCsv, readCsvUpload } from '../../schema/procedure-csv.ts';
import { requireToken } from '../auth.ts';
import { idempotent } from '../idempotency.ts';
import { listPetitionStats } from '../../schema/db/petition-stats.ts';
import { listProcedureReports } from '../../schema/db/procedure-stats.ts';
import { savePetitionStats, saveProcedureReport } from '../../schema/use-cases/statistics.ts';
import { act } from '../act.ts';
import type { AppEnv } from '../env.ts';
import { apiError, parseOrFail, readJson, validationError } from './api-helpers.ts';

/** JSON API for statistics: /api/v1/statistics. A table that does not add up is refused whole. */

export const statisticsApi = new Hono<AppEnv>()
  .get('/procedures', requireToken('statistics:read'), async (c) => c.json({ items: await listProcedureReports(c.env.DB) }))
  .put('/procedures', requireToken('statistics:write'), idempotent, async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => saveProcedureReport(ctx, body, 'api')));
  })
  .post('/procedures/csv', requireToken('statistics:write'), idempotent, async (c) => {
    const period = parseOrFail(PeriodSchema, { kind: c.req.query('kind'), year: c.req.query('year'), number: c.req.query('number') ?? 1 });
    if (!/^text\/(csv|plain)\b/i.test(c.req.header('content-type') ?? '')) {
      throw apiError(415, 'unsupported_media_type', 'Gửi tệp CSV với Content-Type: text/csv.');
    }
    const upload = readCsvUpload(new Uint8Array(await c.req.arrayBuffer()));
    if (!upload.ok && upload.tooLarge) throw apiError(413, 'too_large', upload.message);
    if (!upload.ok) throw validationError([{ field: 'csv', message: upload.message }]);
    const csv = parseProcedureCsv(upload.text);
    if (!csv.ok) throw validationError(csv.errors.map((message) => ({ field: 'csv', message })));
    return c.json(await act(c, (ctx) => saveProcedureReport(ctx, { period, rows: csv.rows }, 'csv')));
  })
  .get('/petitions', requireToken('statistics:read'), async (c) => c.json({ items: await listPetitionStats(c.env.DB) }))
  .put('/petitions', requireToken('statistics:write'), idempotent, async (c) => {
    const body = await readJson(c);
    return c.json(await act(c, (ctx) => savePetitionStats(ctx, body)));
  });

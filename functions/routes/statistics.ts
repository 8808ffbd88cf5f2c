import { Hono } from 'hono';
import { PeriodSchema } from '../../schema/period.ts';
import { PetitionStatsSchema } from '../../schema/petition-stats.ts';
import { parseProcedureCsv, readCsvUpload } from '../../schema/procedure-csv.ts';
import { checkProcedureReport } from '../../schema/procedure-stats.ts';
import { requireToken } from '../auth.ts';
import { idempotent } from '../idempotency.ts';
import { listPetitionStats, savePetitionStats } from '../../schema/db/petition-stats.ts';
import { listProcedureReports, saveProcedureReport } from '../../schema/db/procedure-stats.ts';
import type { AppEnv } from '../env.ts';
import { NO_DETAIL_PAGES, requestPublish } from '../publish.ts';
import { apiError, parseOrFail, readJson, validationError } from './api-helpers.ts';

/** JSON API for statistics: /api/v1/statistics. A table that does not add up is refused whole. */

export const statisticsApi = new Hono<AppEnv>()
  .get('/procedures', requireToken('statistics:read'), async (c) => c.json({ items: await listProcedureReports(c.env.DB) }))
  .put('/procedures', requireToken('statistics:write'), idempotent, async (c) => {
    const checked = checkProcedureReport(await readJson(c));
    if (!checked.ok) throw validationError(checked.errors);
    await saveProcedureReport(c.env.DB, checked.value.period, checked.value.rows, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'procedure statistics', NO_DETAIL_PAGES));
    return c.json(checked.value);
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
    const checked = checkProcedureReport({ period, rows: csv.rows });
    if (!checked.ok) throw validationError(checked.errors);
    await saveProcedureReport(c.env.DB, checked.value.period, checked.value.rows, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'procedure statistics (csv)', NO_DETAIL_PAGES));
    return c.json(checked.value);
  })
  .get('/petitions', requireToken('statistics:read'), async (c) => c.json({ items: await listPetitionStats(c.env.DB) }))
  .put('/petitions', requireToken('statistics:write'), idempotent, async (c) => {
    const stats = parseOrFail(PetitionStatsSchema, await readJson(c));
    await savePetitionStats(c.env.DB, stats, c.get('actor'), new Date().toISOString());
    c.executionCtx.waitUntil(requestPublish(c.env, 'petition statistics', NO_DETAIL_PAGES));
    return c.json(stats);
  });

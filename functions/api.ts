import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';
import { publishBacklog } from '../schema/publishing/publish-jobs.db.ts';
import { BEARER_SCHEME, documentConfig, json } from './openapi.ts';
import { disclosuresApi } from './routes/disclosures.ts';
import { receptionApi } from './routes/reception.ts';
import { reportsApi } from './routes/reports.ts';
import { statisticsApi } from './routes/statistics.ts';
import { consultationsApi } from './routes/consultations.ts';
import { decisionsApi } from './routes/decisions.ts';
import { boardsApi, activitiesApi } from './routes/supervision.ts';
import { categoriesApi } from './routes/categories.ts';
import { communesApi } from './routes/communes.ts';

/**
 * The JSON API, /api/v1: one sub-app per resource, each route a createRoute that carries its
 * scope, schemas and examples. Kept apart from the admin so that `npm run lint:api` can load
 * it in Node (the admin is JSX, which Node does not run).
 */
export const api = new OpenAPIHono<AppEnv>({ strict: false });

// The OpenAPI document is generated from the /api/v1 routes below (each is a createRoute),
// once per isolate: generating it costs about 10 ms of CPU, a whole request's budget on the
// Workers free plan. Only the server URL differs between requests.
api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', BEARER_SCHEME);
let generated: ReturnType<typeof api.getOpenAPI31Document> | undefined;
export const apiDocument = (c: Context<AppEnv>) => {
  const config = documentConfig(c);
  return { ...(generated ??= api.getOpenAPI31Document(config)), servers: config.servers };
};
api.get('/api/v1/openapi.json', (c) => c.json(apiDocument(c)));
api.openapi(
  createRoute({
    method: 'get',
    path: '/api/v1/health',
    operationId: 'getHealth',
    summary: 'Dịch vụ đang chạy, và việc xuất bản trang công khai',
    description: 'Số lần xuất bản đang chờ hoặc đang chạy, và lúc lần gần nhất xong: sau một lần lưu, trang công khai đã cập nhật khi `pending` về 0.',
    tags: ['Hệ thống'],
    security: [],
    responses: {
      200: json(
        z.object({
          ok: z.literal(true),
          publishing: z.object({ pending: z.number().int(), lastFinishedAt: z.string().nullable() }),
        }),
        'Đang chạy',
      ),
    },
  }),
  async (c) => c.json({ ok: true as const, publishing: await publishBacklog(c.env.DB) }, 200),
);
api.route('/api/v1/disclosures', disclosuresApi);
api.route('/api/v1/reception', receptionApi);
api.route('/api/v1/statistics', statisticsApi);
api.route('/api/v1/reports', reportsApi);
api.route('/api/v1/consultations', consultationsApi);
api.route('/api/v1/decisions', decisionsApi);
api.route('/api/v1/supervision/boards', boardsApi);
api.route('/api/v1/supervision/activities', activitiesApi);
api.route('/api/v1/categories', categoriesApi);
api.route('/api/v1/communes', communesApi);

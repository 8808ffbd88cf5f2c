import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from './env.ts';
import { BEARER_SCHEME, documentConfig, json } from './openapi.ts';
import { disclosuresApi } from './routes/disclosures.ts';
import { receptionApi } from './routes/reception.ts';
import { reportsApi } from './routes/reports.ts';
import { statisticsApi } from './routes/statistics.ts';

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
    summary: 'Dịch vụ đang chạy',
    tags: ['Hệ thống'],
    security: [],
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'Đang chạy') },
  }),
  (c) => c.json({ ok: true as const }, 200),
);
api.route('/api/v1/disclosures', disclosuresApi);
api.route('/api/v1/reception', receptionApi);
api.route('/api/v1/statistics', statisticsApi);
api.route('/api/v1/reports', reportsApi);

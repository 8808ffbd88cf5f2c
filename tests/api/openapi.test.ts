import { describe, expect, it } from 'vitest';
import { API_SCOPE_CODES } from '../../schema/accounts/api-scopes.ts';
import { requireToken } from '../../functions/auth.ts';
import { app } from '../../functions/index.ts';
import { api, call, makeOfficial } from '../helpers.ts';

type Json = Record<string, any>;

// The document itself and the page that shows it are not operations of the API.
const DOCUMENTATION = new Set(['GET /api/v1/openapi.json', 'GET /api/v1']);

/** "POST /api/v1/reception/rules/{id}" for each method + path the app really routes under /api/v1. */
function routedOperations(): string[] {
  const found = app.routes
    // app.use() middleware is registered as ALL; it is not an operation.
    .filter((r) => r.path.startsWith('/api/v1') && r.method !== 'ALL')
    // Hono writes ":id" or ":id{[0-9]+}"; OpenAPI writes "{id}".
    .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)(\{[^/]*\})?/g, '{$1}').replace(/\/$/, '')}`)
    .filter((op) => !DOCUMENTATION.has(op));
  return [...new Set(found)].sort();
}

function documentedOperations(doc: Json): string[] {
  return Object.entries(doc.paths as Json)
    .flatMap(([path, item]) => Object.keys(item as Json).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('GET /api/v1/openapi.json', () => {
  it('documents every /api/v1 route the app serves, and no route it does not', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    const routed = routedOperations();
    const documented = documentedOperations(doc);
    const covered = routed.filter((op) => documented.includes(op));
    console.info(`${covered.length} of ${routed.length} operations documented`);
    expect(routed.length).toBeGreaterThan(20);
    expect(routed.filter((op) => !documented.includes(op)), 'routes missing from the document').toEqual([]);
    expect(documented.filter((op) => !routed.includes(op)), 'documented operations that do not exist').toEqual([]);
  });

  it('gives every operation an operationId, a summary, a tag, a 4xx answer with the error body, and its scope', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json) as [string, Json][]) {
        const name = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, name).toMatch(/^[a-z][A-Za-z]+$/);
        ids.add(op.operationId);
        expect(op.summary, name).toEqual(expect.any(String));
        expect(op.tags, name).toHaveLength(1);
        expect(op.responses, name).toSatisfy((r: Json) => Object.keys(r).some((s) => /^2/.test(s)));
        // The two public operations: the service's health and the list of communes (issue 24).
        if (path === '/api/v1/health' || path === '/api/v1/communes') {
          expect(op.security, name).toEqual([]);
          continue;
        }
        // The scope the route's middleware enforces, named in the document.
        expect(op.security, name).toEqual([{ bearer: [expect.toBeOneOf(API_SCOPE_CODES)] }]);
        expect(op.security[0].bearer[0].endsWith(method === 'get' ? ':read' : ':write'), name).toBe(true);
        for (const status of ['401', '403']) expect(op.responses[status]?.content['application/json'].schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        if (op.requestBody) {
          const [media] = Object.values(op.requestBody.content as Json) as Json[];
          expect(media!.schema, `${name} request schema`).toBeDefined();
          expect(media!.example, `${name} request example`).toBeDefined();
        }
        for (const [status, answer] of Object.entries(op.responses as Json) as [string, Json][]) {
          if (status === '204') continue;
          // JSON answers, and the Word file of a report: every body is described by a schema.
          const media = Object.values((answer.content ?? {}) as Json) as Json[];
          expect(media.length, `${name} ${status} has a body`).toBeGreaterThan(0);
          for (const m of media) expect(m.schema, `${name} ${status} body schema`).toBeDefined();
          if (/^[45]/.test(status)) expect(answer.content['application/json']?.schema, `${name} ${status} error body`).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    }
    expect(ids.size, 'operationIds are unique').toBe(documentedOperations(doc).length);
  });

  it('marks the fields a disclosure needs as required, and has a create example that publishes when posted as it stands', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    const body = doc.paths['/api/v1/disclosures'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').at(-1)] : body;
    expect(schema.required).toEqual(expect.arrayContaining(['title', 'category', 'issuedOn', 'summary', 'channels', 'postingStart']));
    // The README's curl example reads this very path.
    const example = doc.paths['/api/v1/disclosures'].post.requestBody.content['application/json'].example;
    const res = await api(await makeOfficial(), 'POST', '/api/v1/disclosures', example);
    expect(res.status).toBe(201);
    expect(((await res.json()) as Json).status).toBe('published');
  });

  it('describes the errors the use cases answer with: 422 with fields, 404, 409 with currentVersion, 403 review', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    const put = doc.paths['/api/v1/disclosures/{id}'].put;
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['403', '404', '409', '422']));
    const error = doc.components.schemas.Error.properties.error;
    expect(Object.keys(error.properties)).toEqual(expect.arrayContaining(['code', 'message', 'fields', 'currentVersion']));
    expect(error.required).toEqual(['code', 'message']);
  });
});

describe('GET /api/v1/', () => {
  it('lists every documented operation for integrators, with its scope', async () => {
    const doc = (await (await call('/api/v1/openapi.json')).json()) as Json;
    const page = await (await call('/api/v1/')).text();
    expect(page).toContain('href="/api/v1/openapi.json"');
    for (const op of documentedOperations(doc)) expect(page, op).toContain(`<code>${op}</code>`);
    expect(page).toContain('<code>statistics:write</code>');
  });
});

describe('requireToken', () => {
  it('takes only scopes from API_SCOPES (a misspelt one fails `tsc` in npm run check)', () => {
    // @ts-expect-error 'disclosure:read' (no "s") is not an ApiScope; if it ever compiles, tsc reports this directive as unused.
    expect(typeof requireToken('disclosure:read')).toBe('function');
    expect(typeof requireToken('disclosures:read')).toBe('function');
  });
});

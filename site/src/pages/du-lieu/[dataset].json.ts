import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, jsonSchemaOf, records } from '../../lib/open-data.ts';
import { portalData } from '../../lib/portal-data.ts';
import { notFound, propsFor } from '../../lib/static-props.ts';

/**
 * Each public table as JSON (`/du-lieu/cong-khai.json`) and its JSON Schema
 * (`/du-lieu/cong-khai.schema.json`). One route for both: rendered on demand, a separate
 * `[dataset].schema.json` route would lose `cong-khai.schema.json` to this one's `[dataset]`.
 */
export const getStaticPaths = (() =>
  DATASETS.flatMap((dataset) => [
    { params: { dataset: dataset.key }, props: { dataset, schema: false } },
    { params: { dataset: `${dataset.key}.schema` }, props: { dataset, schema: true } },
  ])) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const { dataset, schema } = found;
  if (schema) return new Response(JSON.stringify(jsonSchemaOf(dataset), null, 1), { headers: { 'Content-Type': 'application/schema+json; charset=utf-8' } });
  return new Response(JSON.stringify(records(dataset, await portalData()), null, 1), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

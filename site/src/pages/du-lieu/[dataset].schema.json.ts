import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, jsonSchemaOf } from '../../lib/open-data.ts';
import { notFound, propsFor } from '../../lib/static-props.ts';

export const getStaticPaths = (() => DATASETS.map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const { dataset } = found;
  return new Response(JSON.stringify(jsonSchemaOf(dataset), null, 1), { headers: { 'Content-Type': 'application/schema+json; charset=utf-8' } });
};

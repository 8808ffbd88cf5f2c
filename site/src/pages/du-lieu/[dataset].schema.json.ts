import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, jsonSchemaOf, type Dataset } from '../../lib/open-data.ts';

export const getStaticPaths = (() => DATASETS.map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ dataset: Dataset }> = ({ props: { dataset } }) =>
  new Response(JSON.stringify(jsonSchemaOf(dataset), null, 1), { headers: { 'Content-Type': 'application/schema+json; charset=utf-8' } });

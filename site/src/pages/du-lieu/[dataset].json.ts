import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, records, type Dataset } from '../../lib/open-data.ts';
import { portalData } from '../../lib/portal-data.ts';

export const getStaticPaths = (() => DATASETS.map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ dataset: Dataset }> = async ({ props: { dataset } }) =>
  new Response(JSON.stringify(records(dataset, await portalData()), null, 1), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });

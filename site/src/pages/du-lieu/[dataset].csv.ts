import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, records, toCsv, type Dataset } from '../../lib/open-data.ts';
import { portalData } from '../../lib/portal-data.ts';

export const getStaticPaths = (() => DATASETS.map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ dataset: Dataset }> = async ({ props: { dataset } }) =>
  new Response(toCsv(dataset, records(dataset, await portalData())), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });

import type { APIRoute, GetStaticPaths } from 'astro';
import { DATASETS, records, toCsv } from '../../lib/open-data.ts';
import { portalData } from '../../lib/portal-data.ts';
import { notFound, propsFor } from '../../lib/static-props.ts';

export const getStaticPaths = (() => DATASETS.map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const found = await propsFor(getStaticPaths, params);
  if (!found) return notFound();
  const { dataset } = found;
  return new Response(toCsv(dataset, records(dataset, await portalData())), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};

import { portalData } from './portal-data.ts';

type Params = Record<string, string | number | undefined>;
type PathList<P> = () => Promise<readonly { params: Params; props?: P }[]> | readonly { params: Params; props?: P }[];

const key = (params: Params) =>
  JSON.stringify(
    Object.keys(params)
      .sort()
      .map((k) => [k, String(params[k])]),
  );

let indexedFor: unknown;
const indexes = new Map<PathList<unknown>, Promise<Map<string, unknown>>>();

/**
 * The props of a page rendered on demand, from its own `getStaticPaths`: Astro passes props
 * only to pages it prerenders, and the site's pages are rendered by the publish consumer one
 * path at a time. Each page keeps `getStaticPaths` as the list of its paths (pages/noi-bo/
 * duong-dan.json.ts lists them for a full publish); the list is indexed once per read of D1.
 * null when the path is not one of the page's: the page answers 404, which removes a stored page.
 */
export async function propsFor<P>(paths: PathList<P>, params: Params): Promise<P | null> {
  const data = await portalData();
  if (indexedFor !== data) {
    indexes.clear();
    indexedFor = data;
  }
  let index = indexes.get(paths as PathList<unknown>);
  if (!index) {
    index = Promise.resolve(paths()).then((list) => new Map(list.map((p) => [key(p.params), p.props ?? {}])));
    indexes.set(paths as PathList<unknown>, index);
  }
  const found = (await index).get(key(params));
  return found === undefined ? null : (found as P);
}

export const notFound = () => new Response(null, { status: 404 });

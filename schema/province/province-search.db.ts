import type { Commune, Province } from './communes.ts';
import { hostOrigin, unitName } from './province-view.ts';
import { searchTerms } from '../publishing/search.ts';
import { searchPortal, type SearchPage } from '../publishing/search.db.ts';
import { getUnit } from '../unit/unit.db.ts';

/**
 * Search across the province's communes (issue 24, item 5): the same query on every commune's
 * own FTS5 index (schema/publishing/search.db.ts searchPortal), all communes at once, each on its own D1
 * (`bindings[commune.binding]`). Nothing is merged across databases: bm25 scores of two indexes
 * are not comparable, so results stay grouped by commune, each group in its commune's order
 * (phrase, then every word, then some), and the groups ordered by how exactly their best result
 * matched. A commune whose database is missing or fails is named as not searched; the others
 * still answer.
 *
 * Two queries per commune (the search and its unit row, for the name in force and the
 * "Dữ liệu minh họa" mark): 200 for a province of 100 communes, within D1's 1,000 queries per
 * Worker invocation on Workers Paid (50 on Free: a province of more than 25 communes needs Paid).
 */

/** Results shown per commune; the group links to the commune's own search for the rest. */
export const RESULTS_PER_COMMUNE = 5;

type CommuneSearch =
  | {
      commune: Commune;
      /** The commune's main host as an origin: every result links there. */
      origin: string;
      /** The name in force today, from the commune's unit (else the registry's). */
      name: string;
      /** The commune shows illustrative data (its unit setting "Dữ liệu minh họa"). */
      demoData: boolean;
      found: SearchPage;
    }
  | { commune: Commune; origin: string; name: string; failed: true };

export interface ProvinceSearch {
  /** Communes with at least one result, the most exact first (then in registry order). */
  found: Extract<CommuneSearch, { found: SearchPage }>[];
  /** Communes searched without a result. */
  empty: Extract<CommuneSearch, { found: SearchPage }>[];
  /** Communes whose database could not be searched ("chưa tìm được"). */
  failed: Extract<CommuneSearch, { failed: true }>[];
}

/** Every commune of the registry failed to answer: the page is a 503, not a page of failures. */
export class ProvinceSearchUnavailable extends Error {
  override name = 'ProvinceSearchUnavailable';
}

const TIER_ORDER = { phrase: 0, all: 1, some: 2 } as const;

/**
 * Searches every commune's index in parallel. Throws ProvinceSearchUnavailable when the province
 * has communes and none could be searched. A query without a word searches nothing.
 *
 * @example
 * const { found, failed } = await searchProvince(env, province, 'quy hoach', '8787');
 * found[0] // { commune, origin: 'http://localhost:8787', name: 'Thị trấn Bình Dương', found: { results, total, allWords } }
 */
export async function searchProvince(bindings: Record<string, unknown>, province: Province, query: string, localPort = ''): Promise<ProvinceSearch> {
  const out: ProvinceSearch = { found: [], empty: [], failed: [] };
  if (!searchTerms(query).length) return out;
  const answers = await Promise.all(province.communes.map((commune) => searchCommune(bindings, commune, query, localPort)));
  for (const answer of answers) {
    if ('failed' in answer) out.failed.push(answer);
    else (answer.found.total > 0 ? out.found : out.empty).push(answer);
  }
  if (province.communes.length > 0 && out.failed.length === province.communes.length) {
    throw new ProvinceSearchUnavailable(`no commune of ${province.communes.length} could be searched`);
  }
  // Stable: communes whose best result is equally exact keep the registry's order.
  out.found.sort((a, b) => TIER_ORDER[a.found.results[0]!.match] - TIER_ORDER[b.found.results[0]!.match]);
  return out;
}

async function searchCommune(bindings: Record<string, unknown>, commune: Commune, query: string, localPort: string): Promise<CommuneSearch> {
  const origin = hostOrigin(commune.hosts[0]!, localPort);
  const db = bindings[commune.binding] as D1Database | undefined;
  if (!db || typeof (db as { prepare?: unknown }).prepare !== 'function') {
    console.error(`Tìm kiếm toàn tỉnh: xã ${commune.slug} không có cơ sở dữ liệu ${commune.binding}.`);
    return { commune, origin, name: commune.name, failed: true };
  }
  try {
    const [found, unit] = await Promise.all([searchPortal(db, query, { limit: RESULTS_PER_COMMUNE }), getUnit(db)]);
    return { commune, origin, name: unitName(unit, commune), demoData: unit?.demoData ?? false, found };
  } catch (error) {
    // One commune's database down (or not migrated) is named on the page; the others still answer.
    console.error(`Tìm kiếm toàn tỉnh: không tìm được ở xã ${commune.slug}:`, error);
    return { commune, origin, name: commune.name, failed: true };
  }
}

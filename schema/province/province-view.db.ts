import type { Province } from './communes.ts';
import type { IsoDate } from '../core/dates.ts';
import { DisclosureSchema } from '../disclosure/disclosure.ts';
import { hostOrigin, upcomingSessions, type CommuneData, type CommuneDisclosure, type CommuneSnapshot } from './province-view.ts';
import { splitPublishable } from '../publishing/publish.ts';
import { listCategories } from '../disclosure/categories.db.ts';
import { listReports } from '../report/democracy-reports.db.ts';
import { listDisclosures, PUBLIC_STATUSES } from '../disclosure/disclosures.db.ts';
import { listProcedureReports } from '../statistics/procedure-stats.db.ts';
import { loadCalendar } from '../reception/reception.db.ts';
import { getUnit } from '../unit/unit.db.ts';
import { listEarlierNames } from '../unit/unit-names.db.ts';

/**
 * The province's rollup (issue 24): at the end of each of a commune's publish jobs the consumer
 * (functions/publish.ts) reads what the province shows of the commune from the commune's own
 * database (communeRollup, with the commune's own query modules) and writes it into the
 * province's database (writeRollup, PROVINCE_DB, province migration 0002). The province's pages
 * read every commune's rollup in one batch (readRollups): never a commune's database, so the
 * render's queries do not grow with the communes (D1 allows 1,000 per Worker invocation).
 */

/**
 * One commune's data as the province shows it, on `today` (the day its job runs): its unit and
 * earlier names, procedure tables, coming reception sessions, the public disclosures its own
 * publish includes (a row that fails its schema is left out of the commune's pages,
 * schema/publishing/publish.ts splitPublishable, and so of the province's), categories and reports.
 */
export async function communeRollup(db: D1Database, today: IsoDate): Promise<CommuneData> {
  const year = Number(today.slice(0, 4));
  const [unit, earlierNames, procedureReports, calendar, disclosures, reports, categories] = await Promise.all([
    getUnit(db),
    listEarlierNames(db),
    listProcedureReports(db),
    loadCalendar(db, [year, year + 1]),
    listDisclosures(db, { statuses: PUBLIC_STATUSES }),
    listReports(db),
    listCategories(db),
  ]);
  const { publishable } = splitPublishable(disclosures, DisclosureSchema);
  return {
    unit: unit ? { kind: unit.kind, name: unit.name } : null,
    earlierNames,
    demoData: unit?.demoData ?? false,
    procedureReports: procedureReports.map((r) => ({ period: r.period, rows: r.rows })),
    receptions: upcomingSessions(calendar, today),
    disclosures: publishable.map((d) => ({
      id: d.id,
      slug: d.slug,
      title: d.title,
      category: d.category,
      periodLabel: d.periodLabel,
      status: d.status,
      documentNumber: d.documentNumber,
      issuedOn: d.issuedOn || null,
      postingStart: d.postingStart || null,
      postingEnd: d.permanent ? null : d.postingEnd || null,
      permanent: d.permanent,
      publishedAt: d.publishedAt,
      withdrawnAt: d.withdrawnAt,
    })),
    categories: categories.map((c) => ({ slug: c.slug, label: c.label })),
    democracyReports: reports.map((r) => ({ period: { kind: r.period.kind, year: r.period.year, number: r.period.number }, status: r.status, disclosureId: r.disclosureId })),
  };
}

/** Disclosure rows per statement: a bound value is at most 2 MB on D1 (a row here is ~0.4 KB). */
const ROWS_PER_STATEMENT = 1000;

/** A digest of the disclosures' JSON: the summary row says whether they changed without reading them back. */
async function digest(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Writes a commune's rollup into the province's database, in one batch: its summary row, the
 * disclosure rows that changed (an unchanged row is not written again: D1 bills rows written),
 * and the removal of rows no longer in its publish. Returns whether anything the province shows
 * changed (`changed_at` moved): if not, the province's pages need no new render.
 */
export async function writeRollup(provinceDb: D1Database, commune: string, data: CommuneData, at: string): Promise<boolean> {
  const { disclosures, ...summary } = data;
  const rows = disclosures.map((d) => JSON.stringify(d));
  const ids = JSON.stringify(disclosures.map((d) => d.id));
  const statements: D1PreparedStatement[] = [
    provinceDb.prepare('DELETE FROM commune_rollup_disclosures WHERE commune = ?1 AND id NOT IN (SELECT value FROM json_each(?2))').bind(commune, ids),
  ];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    statements.push(
      provinceDb
        .prepare(
          `INSERT INTO commune_rollup_disclosures (commune, id, published_at, row)
           SELECT ?1, json_extract(value, '$.id'), json_extract(value, '$.publishedAt'), value FROM json_each(?2) WHERE true
           ON CONFLICT (commune, id) DO UPDATE SET published_at = excluded.published_at, row = excluded.row WHERE row IS NOT excluded.row`,
        )
        .bind(commune, `[${rows.slice(i, i + ROWS_PER_STATEMENT).join(',')}]`),
    );
  }
  statements.push(
    provinceDb
      .prepare(
        `INSERT INTO commune_rollups (commune, summary, disclosures_digest, rolled_up_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (commune) DO UPDATE SET
           changed_at = CASE WHEN summary IS NOT excluded.summary OR disclosures_digest IS NOT excluded.disclosures_digest THEN excluded.changed_at ELSE changed_at END,
           summary = excluded.summary, disclosures_digest = excluded.disclosures_digest, rolled_up_at = excluded.rolled_up_at
         RETURNING changed_at`,
      )
      .bind(commune, JSON.stringify(summary), await digest(`[${rows.join(',')}]`), at),
  );
  const results = await provinceDb.batch<{ changed_at: string }>(statements);
  return results.at(-1)!.results[0]?.changed_at === at;
}

/** The communes whose rollup changed at or after `since`: the province re-renders their pages. */
export async function rollupsChangedSince(provinceDb: D1Database, since: string): Promise<string[]> {
  const { results } = await provinceDb.prepare('SELECT commune FROM commune_rollups WHERE changed_at >= ? ORDER BY commune').bind(since).all<{ commune: string }>();
  return results.map((r) => r.commune);
}

/**
 * Every commune of the registry with its rollup, in the registry's order, read in one batch of
 * two queries whatever the number of communes. A commune without a rollup (never published
 * since the province began rolling up, or a failed one) has `data` null: unknown, never zeros.
 * A rollup of a slug no longer in the registry is not shown. `localPort`: the port local hosts
 * are served on (`npm start`: 8787), for the links to each commune.
 */
export async function readRollups(provinceDb: D1Database, province: Province, localPort = ''): Promise<CommuneSnapshot[]> {
  const [summaries, rows] = await provinceDb.batch([
    provinceDb.prepare('SELECT commune, summary, rolled_up_at FROM commune_rollups'),
    // The commune's own order: newest first (schema/disclosure/disclosures.db.ts, public lists).
    provinceDb.prepare('SELECT commune, row FROM commune_rollup_disclosures ORDER BY commune, published_at DESC, id DESC'),
  ]);
  const disclosures = new Map<string, CommuneDisclosure[]>();
  for (const r of rows!.results as { commune: string; row: string }[]) {
    let list = disclosures.get(r.commune);
    if (!list) disclosures.set(r.commune, (list = []));
    list.push(JSON.parse(r.row) as CommuneDisclosure);
  }
  const bySlug = new Map((summaries!.results as { commune: string; summary: string; rolled_up_at: string }[]).map((r) => [r.commune, r]));
  return province.communes.map((commune) => {
    const origin = hostOrigin(commune.hosts[0]!, localPort);
    const rollup = bySlug.get(commune.slug);
    if (!rollup) return { commune, origin, data: null, rolledUpAt: null };
    const summary = JSON.parse(rollup.summary) as Omit<CommuneData, 'disclosures'>;
    return { commune, origin, data: { ...summary, disclosures: disclosures.get(commune.slug) ?? [] }, rolledUpAt: rollup.rolled_up_at };
  });
}

/** The province's last render (province migration 0002): when it read the rollups, and its stamp; null before the first. */
export async function readProvinceState(provinceDb: D1Database): Promise<{ readFrom: string; stamp: string } | null> {
  const row = await provinceDb.prepare('SELECT read_from, stamp FROM province_publish_state WHERE id = 1').first<{ read_from: string; stamp: string }>();
  return row ? { readFrom: row.read_from, stamp: row.stamp } : null;
}

/** Records the province's render that read the rollups at `readFrom`. */
export async function saveProvinceState(provinceDb: D1Database, readFrom: string, stamp: string): Promise<void> {
  await provinceDb
    .prepare('INSERT INTO province_publish_state (id, read_from, stamp) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET read_from = excluded.read_from, stamp = excluded.stamp')
    .bind(readFrom, stamp)
    .run();
}

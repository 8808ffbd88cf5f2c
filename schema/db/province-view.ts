import type { Province } from '../communes.ts';
import type { IsoDate } from '../dates.ts';
import { hostOrigin, type CommuneData, type CommuneSnapshot } from '../province-view.ts';
import { listCategories } from './categories.ts';
import { listReports } from './democracy-reports.ts';
import { listDisclosures, PUBLIC_STATUSES } from './disclosures.ts';
import { listProcedureReports } from './procedure-stats.ts';
import { loadCalendar } from './reception.ts';
import { getUnit } from './unit.ts';
import { listEarlierNames } from './unit-names.ts';

/**
 * Reads what the province view needs from each commune's own database (`bindings[commune.binding]`),
 * through the same query modules the commune's own pages use: no SQL of its own, and no query
 * that spans two communes' stores. Communes are read one after another, so a province of 100
 * has one commune's handful of queries in flight at a time rather than several hundred at once
 * (not measured: bench issue 24 item 7 should say whether reading them in parallel pays).
 * `localPort`: the port local hosts are served on (`npm start`: 8787), for the links to each commune.
 */
export async function readCommunes(bindings: Record<string, unknown>, province: Province, today: IsoDate, localPort = ''): Promise<CommuneSnapshot[]> {
  const out: CommuneSnapshot[] = [];
  for (const commune of province.communes) {
    const origin = hostOrigin(commune.hosts[0]!, localPort);
    const db = bindings[commune.binding] as D1Database | undefined;
    if (!db || typeof (db as { prepare?: unknown }).prepare !== 'function') {
      console.error(`Tỉnh: xã ${commune.slug} không có cơ sở dữ liệu ${commune.binding}.`);
      out.push({ commune, origin, data: null });
      continue;
    }
    try {
      out.push({ commune, origin, data: await readCommune(db, today) });
    } catch (error) {
      // One commune's store down (or not yet migrated) leaves its cells unknown; the others still show.
      console.error(`Tỉnh: không đọc được dữ liệu xã ${commune.slug}:`, error);
      out.push({ commune, origin, data: null });
    }
  }
  return out;
}

/** One commune's data, as CommuneData: its unit and earlier names, procedure tables, calendar, public disclosures, categories and reports. */
async function readCommune(db: D1Database, today: IsoDate): Promise<CommuneData> {
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
  return {
    unit: unit ? { kind: unit.kind, name: unit.name } : null,
    earlierNames,
    demoData: unit?.demoData ?? false,
    procedureReports: procedureReports.map((r) => ({ period: r.period, rows: r.rows })),
    calendar,
    disclosures: disclosures.map((d) => ({
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

import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DEMO_COLUMN, parseProcedureCsv, procedureCsv } from '../../schema/statistics/procedure-csv.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { DEMO_BANNER } from '../../schema/unit/unit.ts';
import { demoMeta } from '../../site/src/lib/demo-mark.ts';
import { DATASETS, jsonSchemaOf, records, toCsv } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';

/** Issue 21 item 7: statistics and open data carry the demo mark while the unit is in demo mode. */

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
const rows = [
  ProcedureRowSchema.parse({ field: 'Hộ tịch', receivedTotal: 10, receivedDirect: 10, resolvedTotal: 10, resolvedOnTime: 10 }),
  ProcedureRowSchema.parse({ field: 'Chứng thực', receivedTotal: 4, receivedOnline: 1, receivedDirect: 3, resolvedTotal: 3, resolvedEarly: 3, pendingTotal: 1, pendingWithin: 1 }),
];
const stamp = { version: 2, updatedAt: '2026-01-05T03:00:00.000Z', changeReason: 'Bổ sung số liệu lĩnh vực chứng thực' };

describe('GET /thong-ke/thu-tuc-hanh-chinh/[period].csv in demo mode', () => {
  const [header, ...body] = parse(procedureCsv(rows, stamp, true));

  it('ends every row, the total included, with the "Dữ liệu minh họa" column', () => {
    expect(header!.at(-1)).toBe(DEMO_COLUMN);
    expect(body).toHaveLength(rows.length + 1);
    for (const row of body) expect(row.at(-1)).toBe('Có — không phải thông tin chính thức');
  });

  it('still reads back unchanged when uploaded again', () => {
    expect(parseProcedureCsv(procedureCsv(rows, stamp, true))).toEqual({ ok: true, rows });
  });

  it('has no demo column outside demo mode', () => {
    expect(parse(procedureCsv(rows, stamp))[0]).not.toContain(DEMO_COLUMN);
  });
});

describe('statistics JSON metadata', () => {
  it('says demoData true with the banner in demo mode, false with no notice otherwise', () => {
    expect(demoMeta(true)).toEqual({ demoData: true, demoNotice: DEMO_BANNER });
    expect(demoMeta(false)).toEqual({ demoData: false, demoNotice: null });
  });
});

describe('open data (/du-lieu/) in demo mode', () => {
  const dataset = DATASETS.find((d) => d.key === 'thu-tuc-hanh-chinh')!;
  const data = (demoData: boolean) =>
    ({ unit: { demoData }, procedureReports: [{ period: { kind: 'half', year: 2024, number: 1 }, rows, version: 1, updatedAt: '', changeReason: null, history: [] }] }) as unknown as PortalData;

  it('marks every JSON row and CSV row, and the JSON Schema describes the column', () => {
    const json = records(dataset, data(true));
    expect(json.length).toBeGreaterThan(0);
    for (const row of json) expect(row.demoData).toBe(true);
    const [header, ...body] = parse(toCsv(dataset, json));
    const at = header!.indexOf('demoData');
    expect(at).toBe(header!.length - 1);
    for (const row of body) expect(row[at]).toBe('true');
    const items = (jsonSchemaOf(dataset) as { items: { properties: Record<string, { type?: string; description?: string }> } }).items;
    expect(items.properties.demoData).toMatchObject({ type: 'boolean' });
  });

  it('says false outside demo mode', () => {
    for (const row of records(dataset, data(false))) expect(row.demoData).toBe(false);
  });
});

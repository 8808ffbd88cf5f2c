import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvFile, unescapeCell } from '../../schema/core/csv.ts';
import { DisclosureSchema } from '../../schema/disclosure/disclosure.ts';
import { parseProcedureCsv, procedureCsv } from '../../schema/statistics/procedure-csv.ts';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { columnNames, DATASETS, records, toCsv } from '../../site/src/lib/open-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';

/**
 * CSV formula injection (OWASP "CSV Injection"): every CSV the portal offers for download goes
 * through csvFile, which prefixes a text cell that a spreadsheet would run as a formula with a
 * single quote. Read back with an independent parser, the cell is the visible text plus that quote.
 */

const HYPERLINK = '=HYPERLINK("http://x")';
const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('csvFile', () => {
  it.each([
    // The red-team payloads: a live link, a DDE command, a function call, a "negative" formula.
    ['=', HYPERLINK, `'${HYPERLINK}`],
    ['+', "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['@', '@SUM(1+1)*cmd|\' /C calc\'!A0', '\'@SUM(1+1)*cmd|\' /C calc\'!A0'],
    ['-', '-2+3+cmd|\' /C calc\'!A0', '\'-2+3+cmd|\' /C calc\'!A0'],
    // OWASP lists tab and carriage return too: Excel skips them and reads the formula after.
    ['tab', '\t=1+1', "'\t=1+1"],
    ['CR', '\r=1+1', "'\r=1+1"],
    // Papa's built-in escapeFormulae pattern ends in `.*$` without the s flag and misses this one.
    ['= with a line break after it', '=1+1\nDòng hai', "'=1+1\nDòng hai"],
    // Ordinary Vietnamese text, and a formula character later in the cell, are left alone.
    ['no formula character first', 'Hộ tịch = 3 + 2', 'Hộ tịch = 3 + 2'],
  ])('prefixes a text cell that starts with %s', (_, cell, read) => {
    const [, row] = parse(csvFile([['Lĩnh vực'], [cell]]));
    expect(row).toEqual([read]);
  });

  it('writes numbers as numbers, a negative one included (only text cells are prefixed)', () => {
    expect(csvFile([['Số'], [-3], [12]])).toBe('\uFEFFSố\r\n-3\r\n12\r\n');
  });

  it('unescapeCell takes back exactly the quote that csvFile added', () => {
    expect(unescapeCell(`'${HYPERLINK}`)).toBe(HYPERLINK);
    expect(unescapeCell("'Trích dẫn")).toBe("'Trích dẫn"); // not before a formula character: the official's own quote
  });
});

describe('GET /du-lieu/cong-khai.csv', () => {
  it(`neutralises a title ${HYPERLINK} and keeps the visible text after the quote`, () => {
    const dataset = DATASETS.find((d) => d.key === 'cong-khai')!;
    const disclosure = DisclosureSchema.parse({
      id: 1, slug: 'hyperlink', documentType: 'CV', status: 'published', version: 1,
      createdAt: '2025-01-10T01:00:00.000Z', updatedAt: '2025-01-10T01:00:00.000Z', publishedAt: '2025-01-10T01:00:00.000Z',
      withdrawnAt: null, withdrawalReason: null, lastEditorId: 1,
      title: HYPERLINK, category: 'ngan-sach', issuedOn: '2025-01-10', issuer: '@Ủy ban',
      summary: '+cmd', channels: ['portal'], postingStart: '2025-01-10', permanent: true,
    });
    const data = { disclosures: [disclosure], categories: [{ slug: 'ngan-sach', label: 'Ngân sách', legalRef: '', sortOrder: 1 }] } as unknown as PortalData;
    const [header, row] = parse(toCsv(dataset, records(dataset, data)));
    const at = (name: string) => row![header!.indexOf(name)];
    expect(columnNames(dataset)).toEqual(header);
    expect(at('title')).toBe(`'${HYPERLINK}`);
    expect(at('issuer')).toBe("'@Ủy ban");
    expect(at('summary')).toBe("'+cmd");
    expect(at('id')).toBe('1');
  });
});

describe('GET /thong-ke/thu-tuc-hanh-chinh/[period].csv', () => {
  const rows = [ProcedureRowSchema.parse({ field: HYPERLINK, receivedTotal: 2, receivedDirect: 2, resolvedTotal: 2, resolvedEarly: 2 })];

  it('neutralises a field name that is a formula', () => {
    expect(parse(procedureCsv(rows))[1]!.slice(0, 3)).toEqual(['1', `'${HYPERLINK}`, '2']);
  });

  it('still reads back unchanged when uploaded again', () => {
    expect(parseProcedureCsv(procedureCsv(rows))).toEqual({ ok: true, rows });
  });
});

import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { DEMO_BANNER } from '../../schema/unit/unit.ts';
import { portalForThisFile } from './browser.ts';

/**
 * Issue 12: the demo portal publishes only what report 78/BC-UBND states (as restored in
 * /work/shared/domain/seed-report-facts.md), or nothing. This reads what a citizen gets — the
 * pages, the CSV and the JSON — from a portal seeded exactly as `npm start` seeds it, and holds
 * every published value to the report. Items marked "[Minh họa]" are the demo's declared
 * illustrations and are checked only for that mark.
 */

// A portal of its own, as `npm start` seeds it: other files rename demo items, add rules that
// become the next session and enter later statistics periods.
const portal = portalForThisFile();
/**
 * The demo's items, by title. Which documents these are is checked below against the report, not
 * taken from here.
 */
const DEMO_TITLES = new Set((JSON.parse(readFileSync(new URL('../../content/demo/disclosures.json', import.meta.url), 'utf8')) as { title: string }[]).map((d) => d.title));

/** The documents the report names, with the dates it gives (dd/mm/yyyy as the report writes them). */
const REPORT_DOCUMENTS: Record<string, string> = {
  '78/BC-UBND': '2024-06-24',
  '28/KH-UBND': '2024-03-13',
  '04/KH-UBND': '2024-01-08',
  '44/KH-UBND': '2024-04-08',
  '49/KH-UBND': '2024-05-09',
  '17/KH-UBND': '2023-02-15',
};
/** Every date the report states, and the first half of 2024 it covers (a period's range). */
const REPORT_DATES = new Set([...Object.values(REPORT_DOCUMENTS), '2022-11-10', '2023-08-14', '2015-01-09', '2016-01-07', '2016-05-15', '2013-12-12', '2014-04-28', '2015-04-17', '2017-10-25', '2024-01-01', '2024-06-30']);
/**
 * The one-stop table as ../shared/domain/seed-report-facts.md restores it: one channel column was
 * blank in the original (Biểu 06: no case), the other holds the total — none online, all in person.
 */
const PROCEDURES: Record<string, (number | null)[]> = {
  'Bảo trợ xã hội': [72, 0, 72, 0, 72, 72, 0, 0],
  'Các cơ sở giáo dục khác': [2, 0, 2, 0, 2, 2, 0, 0],
  'Chứng thực': [602, 0, 602, 0, 602, 600, 0, 2],
  'Hộ tịch': [288, 0, 288, 0, 288, 288, 0, 0],
  'Thi đua - khen thưởng': [2, 0, 2, 0, 2, 2, 0, 0],
};
const PROCEDURE_KEYS = ['receivedTotal', 'receivedOnline', 'receivedDirect', 'carriedOver', 'resolvedTotal', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate'] as const;

const get = async (path: string) => {
  const res = await fetch(`${portal.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};
const csv = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
const isoDatesIn = (text: string) => [
  ...[...text.matchAll(/\b(20[12]\d)-(\d\d)-(\d\d)\b/g)].map((m) => `${m[1]}-${m[2]}-${m[3]}`),
  ...[...text.matchAll(/\b(\d\d)\/(\d\d)\/(20[12]\d)\b/g)].map((m) => `${m[3]}-${m[2]}-${m[1]}`),
];

interface PublicItem {
  title: string;
  slug: string;
  documentNumber: string;
  issuedOn: string;
  channels: string[];
  planStatus: string;
  cites: string[];
  publishedAt: string;
  postingStart: string;
  recordedAfter: boolean;
  postedPeriod: string;
}

describe('the demo is held to report 78/BC-UBND', () => {
  it('the demo publishes only the documents the report names, with its dates, and no invented channel, status, link or 2024 portal time', async () => {
    const items = JSON.parse(await get('/du-lieu/cong-khai.json')) as PublicItem[];
    const demo = items.filter((d) => DEMO_TITLES.has(d.title));
    expect(demo.length, 'every item of the demo file is published').toBe(DEMO_TITLES.size);
    // What the report says was disclosed in the half-year, and how (OCR lines 103–114): one record
    // without a number, the source's channels, its period and no invented day (issue 21).
    const practice = demo.filter((d) => d.documentNumber === '');
    expect(practice.map((d) => [d.channels, d.postedPeriod, d.recordedAfter])).toEqual([[['office_board', 'community_house', 'portal', 'loudspeaker'], '6 tháng đầu năm 2024', true]]);
    const fromReport = demo.filter((d) => d.documentNumber !== '');
    expect(fromReport.map((d) => d.documentNumber).sort()).toEqual(Object.keys(REPORT_DOCUMENTS).sort());
    for (const d of fromReport) {
      expect(d.issuedOn, d.documentNumber).toBe(REPORT_DOCUMENTS[d.documentNumber]);
      // Only the portal is known to carry each document; the report names channels for the
      // disclosed matters as a whole, not per document.
      expect(d.channels, d.documentNumber).toEqual(['portal']);
      // Entered afterwards: going on the portal was not when it was disclosed (issue 21).
      expect(d.recordedAfter, d.documentNumber).toBe(true);
      expect(d.planStatus, d.documentNumber).toBe('');
      // Entered into the portal when the demo was loaded, not "08:00, 24/06/2024".
      expect(d.publishedAt.slice(0, 4) >= '2025', d.documentNumber).toBe(true);
    }
    // The plans the report reports on (OCR lines 7, 205–208, 285): 17/KH-UBND of 2023 among them, so it is in force in the half-year.
    expect(fromReport.flatMap((d) => d.cites.map((c) => `${d.documentNumber}→${c}`)).sort()).toEqual(['78/BC-UBND→04/KH-UBND', '78/BC-UBND→17/KH-UBND', '78/BC-UBND→28/KH-UBND', '78/BC-UBND→44/KH-UBND', '78/BC-UBND→49/KH-UBND']);
  });

  it('shows on every citizen page, embed and the printable detail page that the data are an illustration', async () => {
    const items = JSON.parse(await get('/du-lieu/cong-khai.json')) as PublicItem[];
    const paths = ['/', '/cong-khai/', '/ke-hoach/', '/bao-cao/', '/thong-ke/thu-tuc-hanh-chinh/', '/thong-ke/don-thu/', '/lich-tiep-cong-dan/', '/nhung/lich-tiep-cong-dan/', '/nhung/cong-khai-moi/', '/nhung/thu-tuc-hanh-chinh/', '/nhung/lay-y-kien/', '/nhung/quyet-dinh-moi/', '/nhung/giam-sat/', ...items.map((d) => `/cong-khai/${d.slug}/`)];
    for (const path of paths) expect(await get(path), path).toContain(DEMO_BANNER);
  });

  it('restates the report as the source says it: working days, and 9 of 10 contents under Decree 04/2015', async () => {
    const items = JSON.parse(await get('/du-lieu/cong-khai.json')) as PublicItem[];
    const report = await get(`/cong-khai/${items.find((d) => d.documentNumber === '78/BC-UBND')!.slug}/`);
    const text = report.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).not.toContain('tất cả các ngày trong tuần');
    expect(text).toContain('các ngày làm việc trong tuần');
    // The figure belongs to the Decree 04/2015 part of section II, not to the overall assessment.
    expect(text).toMatch(/Nghị định số 04\/2015\/NĐ-CP[^.]*9\/10 nội dung/);
    expect(text.slice(text.indexOf('III. Đánh giá chung'))).not.toContain('9/10');
  });

  it('the disclosures, statistics pages and files carry no date the report does not state, except the portal’s own and the illustrations’', async () => {
    const items = JSON.parse(await get('/du-lieu/cong-khai.json')) as PublicItem[];
    const illustrations = items.filter((d) => d.title.startsWith('[Minh họa]'));
    const ownDates = new Set([...items.map((d) => d.postingStart), ...illustrations.flatMap((d) => [d.issuedOn])]);
    const isPortalTime = (date: string) => date >= '2025-01-01';
    // The demo's own pages and the 2024 statistics are held here.
    const sources = ['/thong-ke/don-thu/', '/thong-ke/don-thu.csv', '/thong-ke/don-thu.json', '/thong-ke/thu-tuc-hanh-chinh/2024-h1/', '/thong-ke/thu-tuc-hanh-chinh/2024-h1.csv', '/thong-ke/thu-tuc-hanh-chinh/2024-h1.json', ...items.filter((d) => DEMO_TITLES.has(d.title)).map((d) => `/cong-khai/${d.slug}/`)];
    for (const path of sources) {
      const invented = isoDatesIn(await get(path)).filter((date) => !REPORT_DATES.has(date) && !ownDates.has(date) && !isPortalTime(date));
      expect(invented, path).toEqual([]);
    }
  });

  it('publishes the one-stop table as the source restores it (none online, all in person) on the page, in CSV and JSON', async () => {
    const json = JSON.parse(await get('/thong-ke/thu-tuc-hanh-chinh/2024-h1.json')) as { rows: Record<string, unknown>[]; total: Record<string, unknown> };
    expect(Object.fromEntries(json.rows.map((r) => [r.field, PROCEDURE_KEYS.map((k) => r[k])]))).toEqual(PROCEDURES);
    expect(PROCEDURE_KEYS.map((k) => json.total[k])).toEqual([966, 0, 966, 0, 966, 964, 0, 2]);
    const open = JSON.parse(await get('/du-lieu/thu-tuc-hanh-chinh.json')) as Record<string, unknown>[];
    const fromReport = open.filter((r) => r.period === '2024-h1');
    expect(fromReport).toHaveLength(5);
    expect(fromReport.every((r) => r.receivedOnline === 0 && r.receivedDirect === r.receivedTotal)).toBe(true);
    const rows = csv(await get('/thong-ke/thu-tuc-hanh-chinh/2024-h1.csv'));
    expect(rows.find((r) => r[1] === 'Chứng thực')!.slice(2, 10)).toEqual(['602', '0', '602', '0', '602', '600', '0', '2']);
    const page = await get('/thong-ke/thu-tuc-hanh-chinh/');
    const chung = /<th scope="row">Chứng thực<\/th>(.*?)<\/tr>/s.exec(page)![1]!;
    const cells = [...chung.matchAll(/<td>(.*?)<\/td>/gs)].map((m) => m[1]!.replace(/<span aria-hidden="true">—<\/span><span class="visually-hidden">chưa có số liệu<\/span>/, '—'));
    // The row's on-time rate comes first (it shows on a phone without scrolling), then Biểu 06's columns.
    expect(cells.slice(0, 9)).toEqual(['99,67%', '602', '0', '602', '0', '602', '600', '0', '2']);
    // A unit that does not track the split may still leave it empty: the schema allows null.
    const schema = JSON.parse(await get('/du-lieu/thu-tuc-hanh-chinh.schema.json')) as { items: { properties: Record<string, unknown> } };
    expect(JSON.stringify(schema.items.properties.receivedOnline)).toContain('"null"');
  });

  it('publishes the petitions the report gives (11 received, 9 mediated and answered, 2 forwarded) and the kinds and pending count it does not give as unknown', async () => {
    const json = JSON.parse(await get('/thong-ke/don-thu.json')) as { items: Record<string, unknown>[] };
    expect(json.items).toHaveLength(1);
    // No "đang giải quyết" count in the report: null, not 11 − 9 − 2 = 0.
    expect(json.items[0]).toMatchObject({ received: 11, resolved: 9, mediated: 9, forwarded: 2, pending: null, complaints: null, denunciations: null, recommendations: null, reflections: null });
    const rows = csv(await get('/thong-ke/don-thu.csv'));
    expect(rows[1]!.slice(1, 10)).toEqual(['11', '', '', '', '', '9', '9', '2', '']);
    const page = await get('/thong-ke/don-thu/');
    expect(page).toContain('<span class="visually-hidden">chưa có số liệu</span>');
  });

  it('publishes the reception day the report states (every Thursday) and its hours and place as "chưa có thông tin", never invented', async () => {
    // The demo rule is the database's first (rule 1); later browser files add rules of their own.
    const texts = Object.fromEntries(await Promise.all(['/', '/lich-tiep-cong-dan/', '/nhung/lich-tiep-cong-dan/'].map(async (p) => [p, (await get(p)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')])));
    for (const [path, text] of Object.entries(texts)) {
      expect(text, path).not.toMatch(/7h30|11h00/);
      expect(text, path).not.toContain('Phòng tiếp công dân');
    }
    expect(texts['/lich-tiep-cong-dan/']).toContain('Thứ Năm hằng tuần');
    expect(texts['/lich-tiep-cong-dan/']).toContain('giờ tiếp chưa có thông tin, địa điểm chưa có thông tin');
    expect(texts['/nhung/lich-tiep-cong-dan/']).toContain('Giờ tiếp: chưa có thông tin');
    expect(texts['/nhung/lich-tiep-cong-dan/']).toContain('Địa điểm: chưa có thông tin');
    expect(await get('/')).toMatch(/<dt>Giờ tiếp<\/dt><dd class="unknown">chưa có thông tin<\/dd>/);
    const sessions = (JSON.parse(await get('/du-lieu/lich-tiep-cong-dan.json')) as Record<string, unknown>[]).filter((s) => s.hostTitle === 'Chủ tịch Ủy ban nhân dân thị trấn' && s.kind === 'regular');
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.startTime === null && s.endTime === null && s.place === null)).toBe(true);
    const rows = csv(await get('/du-lieu/lich-tiep-cong-dan.csv'));
    const [header, ...body] = rows;
    const col = (name: string) => header!.indexOf(name);
    const demoRows = body.filter((r) => r[col('hostTitle')] === 'Chủ tịch Ủy ban nhân dân thị trấn' && r[col('kind')] === 'regular');
    expect(demoRows.length).toBeGreaterThan(0);
    expect(demoRows.every((r) => r[col('startTime')] === '' && r[col('endTime')] === '' && r[col('place')] === '')).toBe(true);
    const ics = await get('/lich-tiep-cong-dan.ics');
    const demoEvents = ics.replace(/\r\n /g, '').split('BEGIN:VEVENT').filter((e) => e.includes('UID:rule-1-'));
    expect(demoEvents.length).toBeGreaterThan(0);
    for (const event of demoEvents) {
      expect(event).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
      expect(event).not.toContain('LOCATION');
      expect(event).toContain('Giờ tiếp: chưa có thông tin');
    }
  });
});

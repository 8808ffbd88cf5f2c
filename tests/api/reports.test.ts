import { env } from 'cloudflare:test';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { api, makeOfficial, sampleDisclosure, type Official, makeEditor } from '../helpers.ts';

type Json = Record<string, any>;

// Each test works on its own year: the reports table holds one report per period.
const half = (year: number) => ({ kind: 'half' as const, year, number: 1 });

/** A year's data as report 78/BC-UBND gives it for 2024: the procedure table, petitions, two plans. */
async function seedYear(official: Official, year: number) {
  const rows = [
    { field: 'Chứng thực', receivedTotal: 602, receivedDirect: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 },
    { field: 'Hộ tịch', receivedTotal: 288, receivedDirect: 288, resolvedTotal: 288, resolvedEarly: 288 },
  ];
  expect((await api(official, 'PUT', '/api/v1/statistics/procedures', { period: half(year), rows })).status).toBe(200);
  const petitions = { period: half(year), received: 11, resolved: 9, mediated: 9, forwarded: 2 };
  expect((await api(official, 'PUT', '/api/v1/statistics/petitions', petitions)).status).toBe(200);
  for (const [number, date] of [[`28/KH-UBND`, `${year}-03-13`], [`44/KH-UBND`, `${year}-04-08`]] as const) {
    const plan = sampleDisclosure({ documentNumber: number, issuedOn: date, postingStart: date, postingEnd: undefined, permanent: true, publish: true });
    expect((await api(official, 'POST', '/api/v1/disclosures', plan)).status).toBe(201);
  }
}

const reportRow = (id: number) => env.DB.prepare('SELECT * FROM democracy_reports WHERE id = ?').bind(id).first<Json>();

describe('GET /api/v1/reports/figures', () => {
  it('states the period\'s figures from the portal\'s records, each with the public page it comes from', async () => {
    const official = await makeOfficial();
    await seedYear(official, 2031);
    const res = await api(official, 'GET', '/api/v1/reports/figures?kind=half&year=2031&number=1');
    expect(res.status).toBe(200);
    const f = (await res.json()) as Json;
    const byKey = Object.fromEntries([...f.procedures.figures, ...f.petitions.figures].map((x: Json) => [x.key, x]));
    expect(byKey['procedures.receivedTotal'].value).toBe(890);
    expect(byKey['procedures.resolvedLate'].value).toBe(2);
    expect(byKey['procedures.receivedTotal'].source.path).toBe('/thong-ke/thu-tuc-hanh-chinh/2031-h1/');
    expect(byKey['petitions.forwarded']).toMatchObject({ value: 2, source: { path: '/thong-ke/don-thu/' } });
    expect(f.plans.map((p: Json) => p.documentNumber)).toEqual(['28/KH-UBND', '44/KH-UBND']);
  });

  it('answers null, not 0, for a period without statistics', async () => {
    const official = await makeOfficial();
    const f = (await (await api(official, 'GET', '/api/v1/reports/figures?kind=year&year=2039')).json()) as Json;
    expect(f.procedures.figures.map((x: Json) => x.value)).toEqual([null, null, null, null, null]);
    expect(f.petitions.figures.every((x: Json) => x.value === null)).toBe(true);
  });

  it('refuses a period that is not one, in Vietnamese, naming the field', async () => {
    const res = await api(await makeOfficial(), 'GET', '/api/v1/reports/figures?kind=half&year=2031&number=3');
    expect(res.status).toBe(422);
    expect(((await res.json()) as Json).error.fields).toEqual([{ field: 'number', message: expect.stringContaining('6 tháng chỉ có kỳ 1') }]);
  });
});

describe('GET /api/v1/reports/docx', () => {
  it('answers a Word file on A4 with Decree 30 margins in Times New Roman, holding the figures', async () => {
    const official = await makeOfficial();
    await seedYear(official, 2032);
    const res = await api(official, 'GET', '/api/v1/reports/docx?kind=half&year=2032&number=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toContain('bao-cao-dan-chu-co-so-2032-h1.docx');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(strFromU8(files['word/styles.xml']!)).toContain('w:ascii="Times New Roman"');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const phrase of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'Tiếp nhận 890 hồ sơ', 'quá hạn 2', 'Kế hoạch số 28/KH-UBND ngày 13/03/2032', 'Nơi nhận:', 'TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']) {
      expect(text, phrase).toContain(phrase);
    }
  });
});

describe('drafting and publishing a report', () => {
  it('makes a draft for a period once, with the previous report\'s text as its start', async () => {
    const official = await makeOfficial();
    const first = (await (await api(official, 'POST', '/api/v1/reports', { kind: 'half', year: 2033, number: 1 })).json()) as Json;
    expect(first).toMatchObject({ status: 'draft', version: 1, period: { from: '2033-01-01', to: '2033-06-30' } });
    await api(official, 'PUT', `/api/v1/reports/${first.id}`, { version: 1, leadership: 'Đã ban hành kế hoạch năm.', tasks: 'Tiếp tục tuyên truyền.' });
    const again = await api(official, 'POST', '/api/v1/reports', { kind: 'half', year: 2033, number: 1 });
    expect(again.status).toBe(422);
    expect(((await again.json()) as Json).error.fields[0].field).toBe('period');
    const next = (await (await api(official, 'POST', '/api/v1/reports', { kind: 'half', year: 2033, number: 2, to: '2033-12-15' })).json()) as Json;
    expect(next).toMatchObject({ leadership: 'Đã ban hành kế hoạch năm.', tasks: 'Tiếp tục tuyên truyền.', documentNumber: '', period: { to: '2033-12-15' } });
  });

  it('refuses a stale save and keeps what is stored', async () => {
    const official = await makeOfficial();
    const draft = (await (await api(official, 'POST', '/api/v1/reports', half(2034))).json()) as Json;
    expect((await api(official, 'PUT', `/api/v1/reports/${draft.id}`, { version: 1, assessment: 'Bản thứ nhất.' })).status).toBe(200);
    const stale = await api(official, 'PUT', `/api/v1/reports/${draft.id}`, { version: 1, assessment: 'Bản cũ ghi đè.' });
    expect(stale.status).toBe(409);
    expect(JSON.parse((await reportRow(draft.id))!.sections).assessment).toBe('Bản thứ nhất.');
  });

  it('publishes only with a BC number, only by an approver, and not by its last writer under four eyes', async () => {
    const author = await makeOfficial();
    await seedYear(author, 2035);
    const draft = (await (await api(author, 'POST', '/api/v1/reports', half(2035))).json()) as Json;
    const noNumber = await api(author, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 1, category: 'thong-tin-khac' });
    expect(noNumber.status).toBe(422);
    expect(((await noNumber.json()) as Json).error.fields[0].field).toBe('documentNumber');
    await api(author, 'PUT', `/api/v1/reports/${draft.id}`, { version: 1, documentNumber: '12/KH-UBND' });
    expect((await api(author, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 2, category: 'thong-tin-khac' })).status).toBe(422);
    await api(author, 'PUT', `/api/v1/reports/${draft.id}`, { version: 2, documentNumber: '95/BC-UBND', leadership: 'Lãnh đạo, chỉ đạo.' });
    const editor = await makeEditor(['reports:read', 'reports:write']);
    expect((await api(editor, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 3, category: 'thong-tin-khac' })).status).toBe(403);

    await env.DB.prepare("INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, 'xa', 'Thử', 'Thử', '2025-01-01', 1) ON CONFLICT (id) DO UPDATE SET four_eyes = 1").run();
    try {
      const own = await api(author, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 3, category: 'thong-tin-khac' });
      expect(own.status).toBe(403);
      expect((await reportRow(draft.id))!.status).toBe('draft');
      const other = await makeOfficial();
      const res = await api(other, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 3, category: 'thong-tin-khac' });
      expect(res.status).toBe(200);
      const published = (await res.json()) as Json;
      expect(published).toMatchObject({ status: 'published', version: 4 });
      const disclosure = (await (await api(other, 'GET', `/api/v1/disclosures/${published.disclosureId}`)).json()) as Json;
      expect(disclosure).toMatchObject({ status: 'published', documentNumber: '95/BC-UBND', documentType: 'BC', cites: ['28/KH-UBND', '44/KH-UBND'] });
      expect(disclosure.body).toContain('Lãnh đạo, chỉ đạo.');
    } finally {
      await env.DB.prepare('UPDATE unit SET four_eyes = 0 WHERE id = 1').run();
    }
  });

  it('keeps a published report\'s figures as they were when the statistics are edited later, and refuses edits', async () => {
    const official = await makeOfficial();
    await seedYear(official, 2036);
    const draft = (await (await api(official, 'POST', '/api/v1/reports', half(2036))).json()) as Json;
    await api(official, 'PUT', `/api/v1/reports/${draft.id}`, { version: 1, documentNumber: '96/BC-UBND' });
    expect((await api(official, 'POST', `/api/v1/reports/${draft.id}/publish`, { version: 2, category: 'thong-tin-khac' })).status).toBe(200);
    const rows = [{ field: 'Hộ tịch', receivedTotal: 5, receivedDirect: 5, resolvedTotal: 5, resolvedEarly: 5 }];
    // Replacing stored figures names the version they replace and says why (a save without them is refused).
    expect((await api(official, 'PUT', '/api/v1/statistics/procedures', { period: half(2036), rows, version: 1, reason: 'Sửa số hồ sơ hộ tịch nhập nhầm' })).status).toBe(200);
    const list = (await (await api(official, 'GET', '/api/v1/reports')).json()) as Json;
    const frozen = list.items.find((r: Json) => r.id === draft.id);
    expect(frozen.figures.procedures.total.receivedTotal).toBe(890);
    const edit = await api(official, 'PUT', `/api/v1/reports/${draft.id}`, { version: 3, assessment: 'Sửa sau khi công khai.' });
    expect(edit.status).toBe(422);
    expect(JSON.parse((await reportRow(draft.id))!.sections).assessment).toBe('');
  });
});

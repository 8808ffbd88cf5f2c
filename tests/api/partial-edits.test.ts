import { describe, expect, it } from 'vitest';
import { adminCookie, api, call, makeOfficial, ORIGIN, sampleDisclosure } from '../helpers.ts';

type Json = Record<string, any>;

/**
 * An edit changes only the fields it sends (issue 20.2): a field an API client or an admin form
 * leaves out keeps its stored value; a field sent as null or "" is emptied. Before, every update
 * was a full replace through schemas with defaults, so a left-out field was silently blanked.
 */

const decision = (overrides: Json = {}): Json => ({
  title: `Họp dân bàn mức đóng góp (${crypto.randomUUID().slice(0, 8)})`,
  matter: 'cong_trinh_dong_gop',
  scope: 'thon',
  places: ['Khu phố 2'],
  form: 'hoi_nghi',
  heldFrom: '2025-03-09',
  voterUnit: 'ho',
  eligible: 212,
  participating: 180,
  votesFor: 171,
  votesAgainst: 6,
  votesBlank: 3,
  summary: 'Thống nhất mức đóng góp, miễn cho hộ nghèo.',
  recognisingBody: 'Ủy ban nhân dân thị trấn',
  source: 'Báo cáo 78/BC-UBND ngày 24/6/2024',
  ...overrides,
});

/** The fields the edits below must not touch. */
const untouched = (d: Json) => ({
  scope: d.scope, places: d.places, form: d.form, heldFrom: d.heldFrom, voterUnit: d.voterUnit, eligible: d.eligible,
  participating: d.participating, votesFor: d.votesFor, recognisingBody: d.recognisingBody, source: d.source,
});

describe('PUT /api/v1/decisions/{id} with some fields left out', () => {
  it('changes the fields sent and keeps every other one', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision())).json()) as Json;
    // Every required field sent, the optional ones left out: a full replace used to store them blank (200, no error).
    const edit = { title: `${created.title} (sửa)`, matter: created.matter, summary: created.summary, version: created.version };
    const res = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, edit);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    expect(saved).toMatchObject({ title: `${created.title} (sửa)`, matter: created.matter, summary: created.summary, version: created.version + 1 });
    expect(untouched(saved)).toEqual(untouched(created));
    expect(saved.source).toBe('Báo cáo 78/BC-UBND ngày 24/6/2024');
  });

  it('empties a field sent as null or "", and refuses a required one sent empty', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision())).json()) as Json;
    const res = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, { source: '', votesBlank: null, version: created.version });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    expect(saved).toMatchObject({ source: '', votesBlank: null, title: created.title, eligible: 212, recognisingBody: 'Ủy ban nhân dân thị trấn' });
    const refused = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, { title: '', version: saved.version });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toContain('Chưa nhập tên nội dung');
  });

  it('still refuses an edit made on a stale version', async () => {
    const official = await makeOfficial();
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision())).json()) as Json;
    expect((await api(official, 'PUT', `/api/v1/decisions/${created.id}`, { title: 'Một', version: created.version })).status).toBe(200);
    expect((await api(official, 'PUT', `/api/v1/decisions/${created.id}`, { title: 'Hai', version: created.version })).status).toBe(409);
  });
});

describe('PUT /api/v1/supervision/boards/{id} with some fields left out', () => {
  it('keeps the members and the introduction it does not send', async () => {
    const official = await makeOfficial();
    const board = {
      kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân (${crypto.randomUUID().slice(0, 8)})`, parentId: null,
      members: [{ name: 'Nguyễn Văn A', role: 'Trưởng ban', village: 'Khu phố 1' }], summary: 'Ban gồm năm thành viên.', source: 'Báo cáo 78/BC-UBND',
    };
    const created = (await (await api(official, 'POST', '/api/v1/supervision/boards', board)).json()) as Json;
    const saved = (await (await api(official, 'PUT', `/api/v1/supervision/boards/${created.id}`, { termFrom: '2024-07-01', version: created.version })).json()) as Json;
    expect(saved).toMatchObject({ termFrom: '2024-07-01', members: board.members, summary: board.summary, source: board.source, name: board.name });
  });
});

describe('PUT /api/v1/disclosures/{id} with some fields left out', () => {
  it('keeps the full text, the cited documents and the period it does not send', async () => {
    const official = await makeOfficial();
    const plan = sampleDisclosure({ documentNumber: '28/KH-UBND', body: 'Toàn văn kế hoạch.', cites: ['04/KH-UBND'], periodLabel: 'Năm 2025', planStatus: 'in_progress', planStatusOn: '2025-03-20' });
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', plan)).json()) as Json;
    const { title, category, issuedOn, issuer, channels, postingStart, postingEnd } = created;
    const edit = { title, category, issuedOn, issuer, channels, postingStart, postingEnd, summary: 'Tóm tắt mới.', version: created.version };
    const res = await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, edit);
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    expect(saved).toMatchObject({ summary: 'Tóm tắt mới.', body: 'Toàn văn kế hoạch.', cites: ['04/KH-UBND'], periodLabel: 'Năm 2025', planStatus: 'in_progress', planStatusOn: '2025-03-20' });
    expect(saved).toMatchObject({ title: created.title, channels: created.channels, postingEnd: created.postingEnd, documentNumber: '28/KH-UBND' });
  });
});

describe('PUT /api/v1/disclosures/{id} of a permanent item that is no plan', () => {
  it('keeps it permanent, with no end date and no plan status date, when only the title is sent', async () => {
    const official = await makeOfficial();
    const item = sampleDisclosure({ permanent: true, postingEnd: undefined });
    const created = (await (await api(official, 'POST', '/api/v1/disclosures', item)).json()) as Json;
    const res = await api(official, 'PUT', `/api/v1/disclosures/${created.id}`, { title: `${created.title} (sửa)`, version: created.version });
    expect(res.status).toBe(200);
    const saved = (await res.json()) as Json;
    expect(saved).toMatchObject({ title: `${created.title} (sửa)`, permanent: true, planStatus: '', channels: created.channels, summary: created.summary });
    expect(saved.postingEnd ?? null).toBeNull();
    expect(saved.planStatusOn ?? null).toBeNull();
  });
});

// ——— The admin: a form that lacks a field ———

const post = (path: string, cookie: string, body: URLSearchParams) =>
  call(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });

describe('POST /admin/nhan-dan/quyet-dinh/{id} from a form without some fields', () => {
  it('keeps the fields the form does not carry and empties the boxes left empty', async () => {
    const official = await makeOfficial();
    const cookie = await adminCookie(official);
    const created = (await (await api(official, 'POST', '/api/v1/decisions', decision())).json()) as Json;
    // An older form without "Nguồn" and "Cơ quan công nhận"; "Số phiếu trắng" posted empty.
    const form = new URLSearchParams({ title: created.title, matter: created.matter, summary: created.summary, votesBlank: '', version: String(created.version) });
    const saved = await post(`/admin/nhan-dan/quyet-dinh/${created.id}`, cookie, form);
    expect(saved.status).toBe(303);
    const after = (await (await api(official, 'GET', `/api/v1/decisions/${created.id}`)).json()) as Json;
    expect(untouched(after)).toEqual(untouched(created));
    expect(after).toMatchObject({ votesBlank: null, version: created.version + 1 });
  });
});

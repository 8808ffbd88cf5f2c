import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import {
  rebuildSearchIndex,
  refreshSearchEntries,
  searchPortal,
  type SearchPage,
  type SearchResult,
} from '../../schema/publishing/search.db.ts';
import type { DisclosureCreateInput } from '../../schema/disclosure/disclosure.ts';
import { activityPath, boardPath, consultationPath, decisionPath, disclosurePath } from '../../schema/publishing/paths.ts';
import type { MarkedText } from '../../schema/publishing/search.ts';
import { createConsultation } from '../../schema/consultation/consultations.use-cases.ts';
import { createDecision, withdrawDecision } from '../../schema/community/decisions.use-cases.ts';
import { createDisclosure, updateDisclosure, withdrawDisclosure } from '../../schema/disclosure/disclosures.use-cases.ts';
import { createActivity, createBoard, publishBoard } from '../../schema/community/supervision.use-cases.ts';
import { sampleDisclosure } from '../helpers.ts';

/**
 * Citizen search from D1 (schema/publishing/search.db.ts) on a real local D1: records written through the
 * use cases, the index rebuilt or refreshed, then searched as a citizen types. Every test keys
 * its records with a word of its own (`tag`) and looks only at those among the results, since
 * the tests of this file share one database.
 */

const ctx = () => ({ db: env.DB, actor: scriptActor('Thử nghiệm tìm kiếm'), now: new Date().toISOString() });
/** A word no other record has: letters and digits, so the index keeps it as one word. */
const newTag = () => `tk${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;

async function disclosure(fields: Partial<DisclosureCreateInput>, publish = true) {
  const input = sampleDisclosure(fields);
  const { value } = await createDisclosure(ctx(), { ...input, publish });
  return { ...value, input };
}

const marked = ({ text, marks }: MarkedText) => marks.map(({ start, end }) => text.slice(start, end));
const search = (query: string, options = { limit: 100 }) => searchPortal(env.DB, query, options);
/** The results that are these records, in the order found. */
const only = (page: SearchPage, paths: string[]): SearchResult[] => page.results.filter((r) => paths.includes(r.path));

describe('searchPortal', () => {
  it('finds "quy hoach" without diacritics: the words together first, then every word, then some', async () => {
    const tag = newTag();
    const scattered = await disclosure({ title: `Kế hoạch thu chi ngân sách ${tag}`, summary: 'Ban hành quy chế chi tiêu nội bộ của xã.' });
    const some = await disclosure({ title: `Kế hoạch tổ chức lễ hội ${tag}`, summary: 'Thời gian, địa điểm và kinh phí tổ chức.' });
    const notice = await disclosure({ title: `Thông báo quy hoạch sử dụng đất ${tag}`, summary: 'Công khai điều chỉnh quy hoạch sử dụng đất đến năm 2030.' });
    await rebuildSearchIndex(env.DB);

    const page = await search('quy hoach');
    const ours = only(page, [notice, scattered, some].map(disclosurePath));
    expect(ours.map((r) => [r.path, r.match])).toEqual([
      [disclosurePath(notice), 'phrase'],
      [disclosurePath(scattered), 'all'],
      [disclosurePath(some), 'some'],
    ]);
    const [first] = ours;
    expect(first).toMatchObject({ kind: 'disclosure', id: notice.id, title: notice.title, withdrawn: false });
    expect(marked({ text: first!.title, marks: first!.titleMarks })).toEqual(['quy', 'hoạch']);
    // The item's own words, with their diacritics, around the match; the number and category follow.
    expect(first!.excerpt.text).toMatch(/^Công khai điều chỉnh quy hoạch sử dụng đất đến năm 2030\. 112\/QĐ-UBND · /);
    expect(marked(first!.excerpt)).toEqual(['quy', 'hoạch']);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.allWords).toBeLessThan(page.total);
  });

  it('matches "dat dai" to "đất đai", upper case and NFD to the stored text', async () => {
    const tag = newTag();
    const land = await disclosure({ title: `Giao ĐẤT ĐAI cho hộ gia đình ${tag}`, summary: 'Danh sách hộ được giao đất đai năm 2025.' });
    await rebuildSearchIndex(env.DB);
    for (const query of ['dat dai', 'ĐẤT ĐAI', 'Đất đai'.normalize('NFD'), `dat dai ${tag}`]) {
      const [found] = only(await search(query), [disclosurePath(land)]);
      expect(found, query).toBeDefined();
      expect(marked({ text: found!.title, marks: found!.titleMarks }), query).toEqual(query.includes(tag) ? ['ĐẤT', 'ĐAI', tag] : ['ĐẤT', 'ĐAI']);
      expect(marked(found!.excerpt), query).toEqual(['đất', 'đai']);
    }
  });

  it('ranks first, within a tier, the records that hold the query exactly as typed, diacritics and all', async () => {
    const tag = newTag();
    const accented = await disclosure({ title: `Hướng dẫn đăng ký hộ tịch trực tuyến ${tag}`, summary: 'Người dân đăng ký khai sinh, kết hôn qua Cổng dịch vụ công.' });
    const plain = await disclosure({ title: `Thong bao dang ky xe may (ban khong dau) ${tag}`, summary: 'Van ban go khong dau: dang ky xe may tai cong an.' });
    await rebuildSearchIndex(env.DB);
    const paths = [accented, plain].map(disclosurePath);
    const order = async (query: string) => only(await search(query), paths).map((r) => [r.path, r.match]);
    // Both are found by both spellings, in the same tier (the index folds the marks away), so bm25
    // alone would order them the same way for both: for one of the two queries only the exact
    // test puts the right one first.
    expect(await order('đăng ký')).toEqual([
      [disclosurePath(accented), 'phrase'],
      [disclosurePath(plain), 'phrase'],
    ]);
    expect(await order('dang ky')).toEqual([
      [disclosurePath(plain), 'phrase'],
      [disclosurePath(accented), 'phrase'],
    ]);
    // As a phone types it: a capital first letter, in NFD, spaces doubled; ASCII case does not count.
    expect((await order('  Đăng   ký'.normalize('NFD')))[0]).toEqual([disclosurePath(accented), 'phrase']);
    expect((await order('DANG KY'))[0]).toEqual([disclosurePath(plain), 'phrase']);
  });

  it('folds every Vietnamese letter in the index as foldForSearch folds a query', async () => {
    const tag = newTag();
    // The twelve vowels with the five tones, as Unicode composes them, in both cases; and đ, Đ.
    const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
    const letters = [...'aăâeêioôơuưy'].map((v) => tones.map((t) => `${v}${t}`.normalize('NFC')).join(''));
    const words = [...letters, ...letters.map((l) => l.toUpperCase()), 'đĐ'].map((l) => `${tag}${l}`);
    expect(words).toHaveLength(25);
    const alphabet = await disclosure({ title: `Bảng chữ cái ${tag}`, summary: words.join(' ') });
    await rebuildSearchIndex(env.DB);
    // The plain spelling of all 25 words as one phrase: any letter the index folded otherwise breaks the phrase.
    const plain = words.map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase()).join(' ');
    expect(plain).toMatch(/^[a-z0-9 ]+$/);
    const [found] = only(await search(plain), [disclosurePath(alphabet)]);
    expect(found?.match).toBe('phrase');
    // The excerpt shows the first words, each marked in its own spelling.
    const shown = marked(found!.excerpt);
    expect(shown.length).toBeGreaterThanOrEqual(3);
    expect(shown).toEqual(words.slice(0, shown.length));
  });

  it('finds what the site shows — published, withdrawn (marked), "[Minh họa]" — and never a draft', async () => {
    const tag = newTag();
    const live = await disclosure({ title: `Công khai dự toán ${tag}` });
    const draft = await disclosure({ title: `Dự thảo dự toán ${tag}` }, false);
    const illustration = await disclosure({ title: `[Minh họa] Công khai danh mục dự án ${tag}` });
    const gone = await disclosure({ title: `Công khai nhầm ${tag}` });
    await withdrawDisclosure(ctx(), gone.id, { version: gone.version, reason: 'Đăng nhầm văn bản' });

    const decision = (await createDecision(ctx(), { title: `Họp dân bàn đóng góp làm đường ${tag}`, matter: 'cong_trinh_dong_gop', scope: 'thon', places: ['Khu phố 2'], summary: 'Mức đóng góp.', publish: true })).value;
    const draftDecision = (await createDecision(ctx(), { title: `Dự thảo mức đóng góp ${tag}`, matter: 'thu_chi_dong_gop', summary: 'Chưa bàn.', publish: false })).value;
    const withdrawnDecision = (await createDecision(ctx(), { title: `Bàn hương ước ${tag}`, matter: 'huong_uoc', summary: 'Nhập trùng.', publish: true })).value;
    await withdrawDecision(ctx(), withdrawnDecision.id, { version: withdrawnDecision.version, reason: 'Nhập trùng' });
    const inspection = (await createBoard(ctx(), { kind: 'thanh_tra_nhan_dan', name: `Ban thanh tra nhân dân ${tag}`, members: 'Nguyễn Văn Bình; Trưởng ban', publish: true })).value;
    const consultation = (await createConsultation(ctx(), { title: `Lấy ý kiến dự thảo quy chế ${tag}`, subject: 'draft_decision', summary: 'Dự thảo quy chế.', channels: ['meeting', 'portal'], publish: true })).value;
    const draftConsultation = (await createConsultation(ctx(), { title: `Dự thảo lấy ý kiến ${tag}`, subject: 'other', summary: 'Chưa công khai.', channels: ['meeting'], publish: false })).value;
    await rebuildSearchIndex(env.DB);

    const page = await search(tag);
    const byPath = new Map(page.results.map((r) => [r.path, r]));
    expect(page.total).toBe(7);
    expect(byPath.get(disclosurePath(live))).toMatchObject({ kind: 'disclosure', withdrawn: false });
    expect(byPath.get(disclosurePath(illustration))).toMatchObject({ title: illustration.title, withdrawn: false });
    expect(byPath.get(disclosurePath(gone))).toMatchObject({ withdrawn: true });
    expect(byPath.get(decisionPath(decision))).toMatchObject({ kind: 'decision', withdrawn: false });
    expect(byPath.get(decisionPath(withdrawnDecision))).toMatchObject({ kind: 'decision', withdrawn: true });
    expect(byPath.get(boardPath(inspection))).toMatchObject({ kind: 'board', title: inspection.name });
    expect(byPath.get(consultationPath(consultation))).toMatchObject({ kind: 'consultation' });
    expect(byPath.has(disclosurePath(draft))).toBe(false);
    expect(byPath.has(decisionPath(draftDecision))).toBe(false);
    expect(byPath.has(consultationPath(draftConsultation))).toBe(false);
    // Labels and names as the page shows them, searchable without diacritics.
    expect(only(await search('nguyen van binh truong ban'), [boardPath(inspection)]).map((r) => r.match)).toEqual(['phrase']);
    expect(only(await search('xay dung cong trinh cong cong cua cong dong khu pho 2'), [decisionPath(decision)]).map((r) => r.match)).toEqual(['phrase']);
  });

  it.each([
    ['a lone quote', '"'],
    ['a star', '*'],
    ['NEAR(', 'NEAR('],
    ['a minus', '-'],
    ['an unclosed phrase', '"quy hoạch'],
    ['a prefix query', 'quy*'],
    ['NEAR with arguments', 'NEAR(quy hoạch, 2)'],
    ['a negation', '-đất đai'],
    ['boolean operators', 'quy AND OR NOT hoạch'],
    ['a column filter', 'title_folded: quy {text_folded}: hoạch'],
    ['a caret and a plus', '^quy + hoạch'],
    ['500 characters of syntax and words', '"đất*" NEAR( -quy OR hoạch (AND) '.repeat(16).slice(0, 500)],
    ['500 letters in one word', 'ạ'.repeat(500)],
  ])('never fails on %s', async (_what, query) => {
    const page = await search(query);
    expect(page.results.length).toBeLessThanOrEqual(page.total);
  });

  it('finds nothing for an empty query, spaces or only symbols', async () => {
    for (const query of ['', '   \n\t', '"*-()']) expect(await search(query)).toEqual({ results: [], total: 0, allWords: 0 });
  });

  it('pages the results and still counts them past the last page', async () => {
    const tag = newTag();
    for (let i = 0; i < 5; i++) await disclosure({ title: `Thông báo số ${i + 1} ${tag}` });
    await rebuildSearchIndex(env.DB);
    const first = await searchPortal(env.DB, tag, { limit: 2 });
    const second = await searchPortal(env.DB, tag, { limit: 2, offset: 2 });
    const past = await searchPortal(env.DB, tag, { limit: 2, offset: 10 });
    expect([first.total, second.total, past.total]).toEqual([5, 5, 5]);
    expect(first.results).toHaveLength(2);
    expect(second.results.map((r) => r.path).some((p) => first.results.some((r) => r.path === p))).toBe(false);
    expect(past.results).toEqual([]);
  });
});

describe('refreshSearchEntries', () => {
  it('replaces the rows of the records named, and only theirs', async () => {
    const tag = newTag();
    const notice = await disclosure({ title: `Thông báo lịch họp chợ ${tag}` });
    const other = await disclosure({ title: `Thông báo lịch tiêm chủng ${tag}` });
    await rebuildSearchIndex(env.DB);
    const { value } = await updateDisclosure(ctx(), notice.id, { ...notice.input, title: `Thông báo lịch sửa đường ${tag}`, version: notice.version, changeNote: 'Sửa tiêu đề' });
    const updated = value.live!;
    await withdrawDisclosure(ctx(), other.id, { version: other.version, reason: 'Hủy lịch' });

    // Until the refresh, the index still has what was public at the rebuild.
    expect(only(await search(`hop ${tag}`), [disclosurePath(notice)]).map((r) => r.match)).toEqual(['all']);
    expect(only(await search(`sua duong ${tag}`), [disclosurePath(notice)]).map((r) => r.match)).toEqual(['some']);

    expect(await refreshSearchEntries(env.DB, 'disclosure', [notice.id])).toBe(1);
    expect(only(await search(`sua duong ${tag}`), [disclosurePath(notice)]).map((r) => [r.title, r.match])).toEqual([[updated.title, 'phrase']]);
    expect(only(await search(`hop ${tag}`), [disclosurePath(notice)]).map((r) => r.match)).toEqual(['some']);
    // The other record was not refreshed: still live in the index.
    expect(only(await search(tag), [disclosurePath(other)]).map((r) => r.withdrawn)).toEqual([false]);
    await refreshSearchEntries(env.DB, 'disclosure', [other.id]);
    expect(only(await search(tag), [disclosurePath(other)]).map((r) => r.withdrawn)).toEqual([true]);
    expect((await search(tag)).total).toBe(2);
  });

  it('shows a team and the activities under a board once the board is published', async () => {
    const tag = newTag();
    const board = (await createBoard(ctx(), { kind: 'giam_sat_dau_tu', name: `Ban giám sát đầu tư ${tag}`, publish: false })).value;
    const team = (await createBoard(ctx(), { kind: 'to_giam_sat', parentId: board.id, name: `Tổ giám sát đường thôn ${tag}`, publish: true })).value;
    const activity = (await createActivity(ctx(), { boardId: team.id, kind: 'phat_hien', title: `Giám sát thi công đường ${tag}`, body: 'Đường đúng thiết kế.', publish: true })).value;
    await rebuildSearchIndex(env.DB);
    expect((await search(tag)).total).toBe(0);

    await publishBoard(ctx(), board.id, { version: board.version });
    await refreshSearchEntries(env.DB, 'board', [board.id]);
    const paths = (await search(tag)).results.map((r) => r.path).sort();
    expect(paths).toEqual([boardPath(board), boardPath(team), activityPath(activity)].sort());
  });

  it('refuses ids that are not positive integers, and does nothing for none', async () => {
    await expect(refreshSearchEntries(env.DB, 'decision', [1.5])).rejects.toThrow(/positive integers/);
    expect(await refreshSearchEntries(env.DB, 'decision', [])).toBe(0);
  });
});

describe('rebuildSearchIndex at 2,000 disclosures', () => {
  it('rebuilds them all in one batch (the time is printed, not asserted)', { timeout: 300_000 }, async () => {
    const words = ['quy hoạch', 'đất đai', 'ngân sách', 'dự toán', 'quyết toán', 'thủ tục hành chính', 'hộ nghèo', 'đường giao thông', 'trường học', 'trạm y tế', 'chợ', 'nước sạch'];
    const N = 2000;
    const tag = newTag();
    const one = (i: number) =>
      createDisclosure(ctx(), {
        ...sampleDisclosure({
          title: `Thông báo số ${i + 1} về ${words[i % words.length]} ${tag}`,
          summary: `Nội dung số ${i + 1}: ${Array.from({ length: 12 }, (_, k) => words[(i + k * 5) % words.length]).join(', ')}.`,
          body: Array.from({ length: 6 }, (_, k) => `Đoạn ${k + 1}: Ủy ban nhân dân xã công khai ${words[(i * 7 + k) % words.length]} theo Luật Thực hiện dân chủ ở cơ sở.`).join('\n\n'),
        }),
        publish: true,
      });
    // Titles are unique, so concurrent inserts never race for a slug.
    for (let i = 0; i < N; i += 25) await Promise.all(Array.from({ length: Math.min(25, N - i) }, (_, k) => one(i + k)));

    const timed = async <T>(what: () => Promise<T>): Promise<[T, string]> => {
      const started = performance.now();
      const value = await what();
      return [value, `${(performance.now() - started).toFixed(0)} ms`];
    };
    const [indexed, first] = await timed(() => rebuildSearchIndex(env.DB));
    // Again, over a full index: the old rows are deleted first, in the same batch.
    const [, again] = await timed(() => rebuildSearchIndex(env.DB));
    const [, refresh] = await timed(() => refreshSearchEntries(env.DB, 'disclosure', [1, 2, 3]));
    const [phrase, phraseTime] = await timed(() => searchPortal(env.DB, 'quy hoach dat dai', { limit: 20 }));
    const [common, commonTime] = await timed(() => searchPortal(env.DB, 'uy ban nhan dan xa cong khai', { limit: 20 }));
    console.log(
      `rebuildSearchIndex, ${indexed} records: ${first} (empty index), ${again} (full index); refreshSearchEntries of 3: ${refresh}; ` +
        `searchPortal "quy hoach dat dai": ${phrase.total} found in ${phraseTime}, "uy ban nhan dan xa cong khai": ${common.total} found in ${commonTime}`,
    );
    expect(indexed).toBeGreaterThanOrEqual(N);
    expect((await searchPortal(env.DB, tag, { limit: 1 })).total).toBe(N);
  });
});

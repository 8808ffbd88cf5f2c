import { describe, expect, it } from 'vitest';
import { DecisionCreateSchema } from '../../schema/community/decision.ts';
import { ActivityCreateSchema, BoardCreateSchema } from '../../schema/community/supervision.ts';

/** The rules of decisions by the people and of supervision records, case by case. */

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => String(i.path[0]));

const decision = { title: 'Bàn mức đóng góp', matter: 'cong_trinh_dong_gop', summary: 'Nội dung.' };

describe.each([
  // Report 78/BC-UBND gives no number: every count unknown is valid.
  ['no numbers at all', {}, []],
  ['turnout equal to the eligible', { eligible: 100, participating: 100 }, []],
  ['turnout above the eligible (Luật 10/2022: only those eligible take part)', { eligible: 100, participating: 101 }, ['participating']],
  ['votes adding up to the turnout', { participating: 10, votesFor: 7, votesAgainst: 2, votesBlank: 1 }, []],
  ['votes adding up to more than the turnout', { participating: 10, votesFor: 8, votesAgainst: 2, votesBlank: 1 }, ['votesFor']],
  ['votes above the eligible when the turnout is unknown', { eligible: 5, votesFor: 6 }, ['votesFor']],
  ['an unknown vote counted as none', { participating: 10, votesFor: 10, votesBlank: '' }, []],
  ['a negative count', { eligible: -1 }, ['eligible']],
  ['a count that is not a whole number', { eligible: '1e3' }, ['eligible']],
  ['an end before the start', { heldFrom: '2025-03-09', heldTo: '2025-03-08' }, ['heldTo']],
  ['a recognition before the meeting', { heldFrom: '2025-03-09', recognisedBy: '15/QĐ-UBND', recognisedOn: '2025-03-01' }, ['recognisedOn']],
  ['a recognition date without its number', { recognisedOn: '2025-03-10' }, ['recognisedBy']],
  ['named places for a scope of villages', { scope: 'thon', places: 'Khu phố 1\nKhu phố 2' }, []],
  ['a scope of villages with no village named', { scope: 'thon' }, ['places']],
  ['villages named for the whole commune', { scope: 'toan_xa', places: ['Khu phố 1'] }, ['places']],
  ['an unknown form of decision', { form: 'bo_phieu_kin' }, ['form']],
  ['an online vote (Decree 59/2023)', { form: 'truc_tuyen' }, []],
])('a decision with %s', (_name, overrides, expected) => {
  it(expected.length ? `is refused on ${expected.join(', ')}` : 'is accepted', () => {
    expect(fieldsOf(DecisionCreateSchema.safeParse({ ...decision, ...overrides }))).toEqual(expected);
  });
});

describe('a decision read from a form', () => {
  it('keeps empty boxes as unknown (null), never 0', () => {
    const parsed = DecisionCreateSchema.parse({ ...decision, eligible: '', participating: '', passed: '', heldFrom: '' });
    expect(parsed).toMatchObject({ eligible: null, participating: null, passed: null, heldFrom: null, scope: null, form: null });
  });
});

describe.each([
  ['a People\'s Inspection Board', { kind: 'thanh_tra_nhan_dan' }, []],
  ['a team with its board', { kind: 'to_giam_sat', parentId: 3 }, []],
  ['a team without a board', { kind: 'to_giam_sat' }, ['parentId']],
  ['a board under another board', { kind: 'thanh_tra_nhan_dan', parentId: 3 }, ['parentId']],
  ['a term ending before it starts', { kind: 'giam_sat_dau_tu', termFrom: '2026-01-01', termTo: '2025-12-31' }, ['termTo']],
  ['a founding date without the decision number', { kind: 'giam_sat_dau_tu', foundedOn: '2024-06-20' }, ['foundedBy']],
  ['a member without a role', { kind: 'thanh_tra_nhan_dan', members: 'Nguyễn Văn A' }, ['members']],
])('a board: %s', (_name, overrides, expected) => {
  it(expected.length ? `is refused on ${expected.join(', ')}` : 'is accepted', () => {
    expect(fieldsOf(BoardCreateSchema.safeParse({ name: 'Ban', ...overrides }))).toEqual(expected);
  });
});

describe.each([
  ['a plan', { kind: 'ke_hoach', periodLabel: 'Năm 2024' }, []],
  ['a plan with a recommendation', { kind: 'ke_hoach', recommendation: 'Kiến nghị' }, ['recommendation']],
  ['a finding answered after it was made', { heldOn: '2025-05-12', recommendation: 'Kiến nghị', response: 'Trả lời', respondedOn: '2025-05-20' }, []],
  ['a finding answered before it was made', { heldOn: '2025-05-12', recommendation: 'Kiến nghị', response: 'Trả lời', respondedOn: '2025-05-01' }, ['respondedOn']],
  ['a response date without a response', { recommendation: 'Kiến nghị', respondedOn: '2025-05-20' }, ['response']],
  ['a work given as a page address', { works: 'https://xa.example/cong-khai/duong-khu-pho-2/' }, []],
  ['a work that is not a page address', { works: ['Đường <b>'] }, ['works']],
])('an activity: %s', (_name, overrides, expected) => {
  it(expected.length ? `is refused on ${expected.join(', ')}` : 'is accepted', () => {
    expect(fieldsOf(ActivityCreateSchema.safeParse({ boardId: 1, kind: 'phat_hien', title: 'Giám sát', body: 'Nội dung.', ...overrides }))).toEqual(expected);
  });
});

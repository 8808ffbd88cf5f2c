/**
 * The record kinds citizens read and officials change with four eyes: one registry, the one list
 * (issue 20). `pending_revisions.entity` and `community_revisions.entity` hold these codes; since
 * migration 0033 no SQL `CHECK (entity IN (…))` lists them, so a new kind needs no table rebuild:
 * the use cases refuse a code not registered here (`assertRecordKind`), and
 * tests/api/record-kinds.test.ts compares the codes in the database with this registry.
 * tests/schema/record-kinds.test.ts fails when a registered kind is missing from a list that
 * names kinds elsewhere: the backup's tables, the search index, the API scopes, the open data.
 *
 * Each kind names
 * - `table`: the table of its records;
 * - `history`: where its public change history is kept (`community_revisions` rows, its own
 *   table, or the record's `change_notes` column);
 * - `search`: its code in the search index (stored in `search_index.kind`; never rename);
 * - `scope`: the API scopes `<scope>:read` and `<scope>:write` (schema/accounts/api-scopes.ts);
 * - `dataset`: the key of its open-data set under /du-lieu/.
 */
export const RECORD_KINDS = {
  disclosure: {
    label: 'Nội dung công khai',
    table: 'disclosures',
    history: 'disclosure_revisions',
    search: 'disclosure',
    scope: 'disclosures',
    dataset: 'cong-khai',
  },
  decision: {
    label: 'Nhân dân quyết định',
    table: 'decisions',
    history: 'community_revisions',
    search: 'decision',
    scope: 'decisions',
    dataset: 'nhan-dan-quyet-dinh',
  },
  supervision_board: {
    label: 'Ban, tổ giám sát',
    table: 'supervision_boards',
    history: 'community_revisions',
    search: 'board',
    scope: 'supervision',
    dataset: 'giam-sat-ban',
  },
  supervision_activity: {
    label: 'Hoạt động giám sát',
    table: 'supervision_activities',
    history: 'community_revisions',
    search: 'activity',
    scope: 'supervision',
    dataset: 'giam-sat-hoat-dong',
  },
  consultation: {
    label: 'Lấy ý kiến',
    table: 'consultations',
    history: 'consultations.change_notes',
    search: 'consultation',
    scope: 'consultations',
    dataset: 'lay-y-kien',
  },
} as const;

export type RecordKind = keyof typeof RECORD_KINDS;
export const RECORD_KIND_CODES = Object.keys(RECORD_KINDS) as [RecordKind, ...RecordKind[]];

/** The kinds whose versions are kept as snapshots in `community_revisions`. */
export type CommunityRecordKind = { [K in RecordKind]: (typeof RECORD_KINDS)[K]['history'] extends 'community_revisions' ? K : never }[RecordKind];
export const COMMUNITY_RECORD_KINDS = RECORD_KIND_CODES.filter((k) => RECORD_KINDS[k].history === 'community_revisions') as CommunityRecordKind[];

/** The record kinds' codes in the search index (`search_index.kind`). */
export type RecordSearchKind = (typeof RECORD_KINDS)[RecordKind]['search'];

const isRecordKind = (code: unknown): code is RecordKind => typeof code === 'string' && Object.hasOwn(RECORD_KINDS, code);

/**
 * Refuses a record kind the registry does not hold, before anything is stored: the database no
 * longer checks the code (migration 0033), so this is the check. A caller's mistake, not a
 * citizen's or an official's: it throws a plain Error (a 500), never a form error.
 */
export function assertRecordKind(code: unknown): asserts code is RecordKind {
  if (!isRecordKind(code)) throw new Error(`Unregistered record kind ${JSON.stringify(code)} (schema/lifecycle/record-kinds.ts)`);
}

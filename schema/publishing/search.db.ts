import { CONSULTATION_SUBJECTS } from '../consultation/consultation.ts';
import { DECISION_MATTERS } from '../community/decision.ts';
import { activityPath, boardPath, consultationPath, decisionPath, disclosurePath } from './paths.ts';
import {
  excerptOf,
  markTerms,
  searchTerms,
  SEARCH_KINDS,
  SEARCH_MATCHES,
  type MarkedText,
  type SearchKind,
  type SearchMatch,
  type TextRange,
} from './search.ts';
import { ACTIVITY_KINDS, BOARD_KINDS } from '../community/supervision.ts';
import type { SqlValue } from '../core/columns.db.ts';

/**
 * All SQL for `search_index` (migration 0030), the citizen search read straight from D1: one
 * row per public record, rebuilt from the source tables in one batch, refreshed per record after
 * a write, and searched phrase first, then all words, then any word. What a row holds and who
 * is public follows what the citizen site shows (site/src/lib/portal-data.ts, community-data.ts,
 * consultation-data.ts) and what the Pagefind index held (scripts/post-build.ts), the words of
 * attached PDFs included.
 */

/** SQL with its bind values in order: fragments nest, and each `?` stays in step with its value. */
interface Sql {
  text: string;
  values: SqlValue[];
}

function sql(strings: TemplateStringsArray, ...parts: (Sql | SqlValue)[]): Sql {
  let text = strings[0]!;
  const values: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (part !== null && typeof part === 'object') {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      values.push(part);
    }
    text += strings[i + 1]!;
  });
  return { text, values };
}

/** SQL written here, never from input: column names and expressions. */
const raw = (text: string): Sql => ({ text, values: [] });
const concat = (list: Sql[], glue: string): Sql => ({ text: list.map((s) => s.text).join(glue), values: list.flatMap((s) => s.values) });
const prepare = (db: D1Database, s: Sql) => db.prepare(s.text).bind(...s.values);

/**
 * rowid = record id * ROWID_STEP + the kind's code: a record's row is found (and replaced) by its
 * rowid alone, and FTS5 refuses a second row with the same rowid. Codes are stored; never renumber.
 */
const ROWID_STEP = 8;
const KIND_CODE: Record<SearchKind, number> = { disclosure: 1, decision: 2, board: 3, activity: 4, consultation: 5 };

/**
 * A path helper of schema/publishing/paths.ts as SQL around a slug column, so the index stores exactly the
 * path the site links: `disclosurePath` → `'/cong-khai/' || d.slug || '/'`.
 */
function pathOf(path: (record: { slug: string }) => string, slugColumn: string): Sql {
  const marker = '\u0000';
  const parts = path({ slug: marker }).split(marker);
  if (parts.length !== 2) throw new Error(`${path.name} does not put the slug in its path exactly once`);
  return sql`(${parts[0]!} || ${raw(slugColumn)} || ${parts[1]!})`;
}

/** The label of a code (`{ code: 'nhãn' }` maps of the schema) for a code column, in SQL. */
const labelOf = (labels: Record<string, string>, codeColumn: string): Sql => sql`json_extract(${JSON.stringify(labels)}, '$."' || ${raw(codeColumn)} || '"')`;

/**
 * The non-empty parts joined by `separator`, in SQL: each part is preceded by the separator and
 * the first separator is cut off. (concat_ws needs SQLite 3.44.)
 */
function joined(separator: string, parts: Sql[]): Sql {
  const pieces = parts.map((part) => sql`coalesce(${separator} || nullif(${part}, ''), '')`);
  return sql`substr(${concat(pieces, ' || ')}, ${separator.length + 1})`;
}

/**
 * The indexed copies: đ/Đ written as d. The tokenizer folds case and every other mark (migration
 * 0030), as foldForSearch folds a query; tests/api/search.test.ts checks every Vietnamese letter.
 */
const folded = (column: string) => raw(`replace(replace(${column}, 'đ', 'd'), 'Đ', 'd')`);

/** A condition on a record's id column: every record, or the records of a refresh. */
type Scope = (idColumn: string) => Sql;
const EVERY_RECORD: Scope = () => raw('1');

/** A board citizens see: published or withdrawn, and a team only under a board they see (community-data.ts). */
const boardShown = (b: string) =>
  raw(`${b}.status <> 'draft' AND (${b}.parent_id IS NULL OR EXISTS (SELECT 1 FROM supervision_boards parent WHERE parent.id = ${b}.parent_id AND parent.status <> 'draft'))`);

/**
 * The words of a disclosure's attached PDFs (schema/disclosure/attachment-text.ts), oldest file first, a
 * blank line between files; NULL when none has any. The ORDER BY of the inner SELECT sets the
 * order group_concat sees (SQLite keeps it; `group_concat(… ORDER BY …)` needs 3.44).
 */
const ATTACHED_TEXT = (disclosureId: string) =>
  raw(
    `(SELECT group_concat(text_content, char(10, 10)) FROM (SELECT text_content FROM attachments WHERE disclosure_id = ${disclosureId} AND state = 'attached' AND text_content IS NOT NULL ORDER BY id))`,
  );

/**
 * One SELECT per kind, giving the row of each public record in `scope`: its rowid, kind, id,
 * path, whether it is withdrawn (it stays public, marked "Đã thu hồi"), and its title and text as
 * the citizen reads them on its page: the record's own words first, then the labels (not codes)
 * of its kind and the like, which people search for too. Items marked "[Minh họa]" are public
 * pages like any other, marker and all, as they were in the Pagefind index.
 */
const SOURCES: Record<SearchKind, (scope: Scope) => Sql> = {
  // Published and withdrawn (PUBLIC_STATUSES). After the item's own words, the words of the PDFs
  // listed on its page (state 'attached'; not one withdrawn, waiting for four eyes or rejected),
  // as the static build indexed them (migration 0032). The number and the category are on the
  // page and people search for them ("28/KH-UBND"); they come last, so that an excerpt without a
  // match shows the summary.
  disclosure: (scope) => sql`
    SELECT d.id * ${ROWID_STEP} + ${KIND_CODE.disclosure} AS rid, ${'disclosure'} AS kind, d.id AS record_id,
      ${pathOf(disclosurePath, 'd.slug')} AS path, d.status = 'withdrawn' AS withdrawn, d.title AS title,
      ${joined('\n\n', [raw('d.summary'), raw('d.body'), ATTACHED_TEXT('d.id'), joined(' · ', [raw('d.document_number'), raw('c.label')])])} AS text
    FROM disclosures d LEFT JOIN categories c ON c.slug = d.category
    WHERE d.status <> 'draft' AND ${scope('d.id')}`,
  decision: (scope) => sql`
    SELECT d.id * ${ROWID_STEP} + ${KIND_CODE.decision} AS rid, ${'decision'} AS kind, d.id AS record_id,
      ${pathOf(decisionPath, 'd.slug')} AS path, d.status = 'withdrawn' AS withdrawn, d.title AS title,
      ${joined('\n\n', [
        raw('d.summary'),
        joined(' · ', [labelOf(DECISION_MATTERS, 'd.matter'), raw("(SELECT group_concat(value, ', ') FROM json_each(d.places))")]),
      ])} AS text
    FROM decisions d
    WHERE d.status <> 'draft' AND ${scope('d.id')}`,
  // Members' names are public (office holders), and people search for them.
  board: (scope) => sql`
    SELECT b.id * ${ROWID_STEP} + ${KIND_CODE.board} AS rid, ${'board'} AS kind, b.id AS record_id,
      ${pathOf(boardPath, 'b.slug')} AS path, b.status = 'withdrawn' AS withdrawn, b.name AS title,
      ${joined('\n\n', [
        raw('b.summary'),
        raw("(SELECT group_concat(json_extract(value, '$.name') || ' – ' || json_extract(value, '$.role'), char(10)) FROM json_each(b.members))"),
        labelOf(BOARD_KINDS, 'b.kind'),
      ])} AS text
    FROM supervision_boards b
    WHERE ${boardShown('b')} AND ${scope('b.id')}`,
  activity: (scope) => sql`
    SELECT a.id * ${ROWID_STEP} + ${KIND_CODE.activity} AS rid, ${'activity'} AS kind, a.id AS record_id,
      ${pathOf(activityPath, 'a.slug')} AS path, a.status = 'withdrawn' AS withdrawn, a.title AS title,
      ${joined('\n\n', [raw('a.body'), raw('a.recommendation'), raw('a.response'), labelOf(ACTIVITY_KINDS, 'a.kind')])} AS text
    FROM supervision_activities a
    WHERE a.status <> 'draft' AND EXISTS (SELECT 1 FROM supervision_boards b WHERE b.id = a.board_id AND ${boardShown('b')}) AND ${scope('a.id')}`,
  // Published consultations (they are not withdrawn); the result once it is published. Citizens'
  // opinions are not indexed: they are the citizens' words, not the commune's (as before).
  consultation: (scope) => sql`
    SELECT c.id * ${ROWID_STEP} + ${KIND_CODE.consultation} AS rid, ${'consultation'} AS kind, c.id AS record_id,
      ${pathOf(consultationPath, 'c.slug')} AS path, 0 AS withdrawn, c.title AS title,
      ${joined('\n\n', [
        raw('c.summary'),
        raw("CASE WHEN c.summary_status = 'published' THEN c.result_note END"),
        raw(
          "CASE WHEN c.summary_status = 'published' THEN (SELECT group_concat(json_extract(value, '$.theme') || char(10) || json_extract(value, '$.response'), char(10, 10)) FROM json_each(c.themes)) END",
        ),
        labelOf(CONSULTATION_SUBJECTS, 'c.subject'),
      ])} AS text
    FROM consultations c
    WHERE c.status = 'published' AND ${scope('c.id')}`,
};

const insertRows = (select: Sql) => sql`
  INSERT INTO search_index (rowid, kind, record_id, path, withdrawn, title, text, title_folded, text_folded)
  SELECT rid, kind, record_id, path, withdrawn, title, text, ${folded('title')}, ${folded('text')} FROM (${select})`;

/** Rows are counted, not taken from `meta.changes`: a write to an FTS5 table also counts FTS5's own writes to its shadow tables (7 for one row, locally). */
const COUNT = 'SELECT count(*) AS n FROM search_index';
const countOf = (results: D1Result[]) => (results.at(-1)!.results[0] as { n: number }).n;

/**
 * Rebuilds every row from the source tables in one batch (one transaction: readers see the old
 * index until the new one is complete). Answers how many records are indexed.
 */
export async function rebuildSearchIndex(db: D1Database): Promise<number> {
  const kinds = Object.keys(SEARCH_KINDS) as SearchKind[];
  const inserts = kinds.map((kind) => prepare(db, insertRows(SOURCES[kind](EVERY_RECORD))));
  return countOf(await db.batch([db.prepare('DELETE FROM search_index'), ...inserts, db.prepare(COUNT)]));
}

/**
 * The records a refresh of `kind` touches, as SQL giving a column `id`: the records named, and
 * for a board also its teams, since whether a team and the activities of both are shown depends
 * on the board (community-data.ts).
 */
function refreshTargets(kind: SearchKind, ids: string): { kind: SearchKind; ids: Sql }[] {
  const named = sql`SELECT value AS id FROM json_each(${ids})`;
  if (kind !== 'board') return [{ kind, ids: named }];
  const boards = sql`${named} UNION SELECT id FROM supervision_boards WHERE parent_id IN (SELECT value FROM json_each(${ids}))`;
  return [
    { kind: 'board', ids: boards },
    { kind: 'activity', ids: sql`SELECT id FROM supervision_activities WHERE board_id IN (${boards})` },
  ];
}

/**
 * Deletes and re-inserts the rows of these records only (after a write, by the publish job): a
 * record that became public gets its row, one that is no longer public (or is gone) loses it.
 * One batch. Answers how many of the records named are indexed now.
 */
export async function refreshSearchEntries(db: D1Database, kind: SearchKind, ids: readonly number[]): Promise<number> {
  const wanted = [...new Set(ids)];
  if (!wanted.every((id) => Number.isSafeInteger(id) && id > 0)) throw new Error(`refreshSearchEntries: ids must be positive integers, got ${JSON.stringify(ids)}`);
  if (!wanted.length) return 0;
  const json = JSON.stringify(wanted);
  const targets = refreshTargets(kind, json);
  const statements = targets.flatMap((target) => [
    prepare(db, sql`DELETE FROM search_index WHERE rowid IN (SELECT id * ${ROWID_STEP} + ${KIND_CODE[target.kind]} FROM (${target.ids}))`),
    prepare(db, insertRows(SOURCES[target.kind]((id) => sql`${raw(id)} IN (${target.ids})`))),
  ]);
  const named = sql`${raw(COUNT)} WHERE rowid IN (SELECT value * ${ROWID_STEP} + ${KIND_CODE[kind]} FROM json_each(${json}))`;
  return countOf(await db.batch([...statements, prepare(db, named)]));
}

/** The tiers in their order, most exact first; a row's `tier` is the index here. */
const TIERS = Object.keys(SEARCH_MATCHES) as SearchMatch[];

export interface SearchResult {
  kind: SearchKind;
  id: number;
  /** The record's public page (schema/publishing/paths.ts). */
  path: string;
  /** Withdrawn records stay public, marked "Đã thu hồi"; the result says so too. */
  withdrawn: boolean;
  title: string;
  /** The words of the query in the title. */
  titleMarks: TextRange[];
  /** About 160 characters of the record's own text around the first match, the query's words marked. */
  excerpt: MarkedText;
  match: SearchMatch;
}

export interface SearchPage {
  results: SearchResult[];
  /** Every record found, over all pages. */
  total: number;
  /** Of those, the records with every word of the query (the rest have only some). */
  allWords: number;
}

export interface SearchOptions {
  /** 1–100; 20 when not given. */
  limit?: number;
  offset?: number;
}

/** A word quoted for FTS5: whatever it holds is a string to look for, never query syntax. */
const quoted = (word: string) => `"${word.replace(/"/g, '""')}"`;

/**
 * The FTS5 queries of the three tiers, most exact first: the phrase, every word (AND), any
 * word (OR). A tier that would find the same as the one before is left out.
 */
function tierQueries(terms: string[]): { tier: SearchMatch; query: string }[] {
  const words = [...new Set(terms)];
  const queries: { tier: SearchMatch; query: string }[] = [];
  if (terms.length > 1) queries.push({ tier: 'phrase', query: quoted(terms.join(' ')) });
  queries.push({ tier: 'all', query: words.map(quoted).join(' AND ') });
  if (words.length > 1) queries.push({ tier: 'some', query: words.map(quoted).join(' OR ') });
  return queries;
}

/**
 * bm25 with the title worth 7 times the text, as Pagefind weighted the h1 it indexed; the other
 * columns are not indexed (weight 0). One weight per column, in the table's order.
 */
const BM25 = raw('bm25(search_index, 0, 0, 0, 0, 0, 0, 7.0, 1.0)');

/**
 * The query as the citizen typed it, for `exactly`: NFC (stored text is NFC, schema/core/text.ts),
 * white space collapsed; ASCII letters in lower case, as SQLite's lower() folds only those. Also
 * all in lower case, when that differs: a phone capitalises the first letter ("Đăng ký"), and
 * SQLite cannot lower "Đ" in the stored text, so the lower-case query is what can match "đăng ký".
 */
function asTyped(query: string): string[] {
  const nfc = query.normalize('NFC').replace(/\s+/g, ' ').trim();
  return [...new Set([nfc.replace(/[A-Z]+/g, (c) => c.toLowerCase()), nfc.toLowerCase()])];
}

/**
 * 1 when the row's title or text holds the query exactly as typed, diacritics and all (case
 * aside, as `asTyped` allows), else 0. The index folds every mark away, so "đăng ký" and
 * "dang ky" find the same records; within a tier this puts first those written the way the
 * citizen wrote: "đăng ký" finds "Hướng dẫn đăng ký hộ tịch" first, "dang ky" the notice typed
 * without diacritics. A plain substring test (instr), not a word match: a short one-word query
 * may also be found inside a longer word, which only leaves that tier's order to bm25, as before.
 */
function exactly(row: string, typed: string[]): Sql {
  const tests = typed.flatMap((needle) => [sql`instr(lower(${raw(`${row}.title`)}), ${needle}) > 0`, sql`instr(lower(${raw(`${row}.text`)}), ${needle}) > 0`]);
  return sql`(${concat(tests, ' OR ')})`;
}

/** Every record any tier finds, once, in its most exact tier with that tier's score. */
function hits(queries: { tier: SearchMatch; query: string }[]): Sql {
  const selects = queries.map(({ tier, query }) => sql`SELECT rowid AS id, ${TIERS.indexOf(tier)} AS tier, ${BM25} AS score FROM search_index WHERE search_index MATCH ${query}`);
  return sql`
    hits AS (${concat(selects, ' UNION ALL ')}),
    best AS (SELECT id, tier, score, row_number() OVER (PARTITION BY id ORDER BY tier) AS n FROM hits)`;
}

interface Row {
  tier: number;
  total: number;
  all_words: number;
  kind: SearchKind;
  record_id: number;
  path: string;
  withdrawn: number;
  title: string;
  text: string;
}

/**
 * Searches the index as a citizen types: with or without diacritics, in any case, in NFC or
 * NFD. Records with the words together as typed come first, then those with every word, then
 * those with some; in each group, those holding the query with its diacritics as typed first
 * (`exactly`), then by bm25. A query without a word (empty, spaces, only symbols)
 * finds nothing. Quotes, `*`, `-`, `NEAR(` and the like in the query are only separators between
 * words: they never reach FTS5 as syntax.
 *
 * @example
 * const { results, total } = await searchPortal(env.DB, 'quy hoach', { limit: 20 });
 * results[0] // { kind: 'disclosure', path: '/cong-khai/…/', title: 'Thông báo quy hoạch…', excerpt: { text, marks }, match: 'phrase', … }
 */
export async function searchPortal(db: D1Database, query: string, options: SearchOptions = {}): Promise<SearchPage> {
  const terms = searchTerms(query);
  if (!terms.length) return { results: [], total: 0, allWords: 0 };
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 20) || 20, 1), 100);
  const offset = Math.max(Math.trunc(options.offset ?? 0) || 0, 0);
  const found = hits(tierQueries(terms));
  const typed = asTyped(query);
  const { results: rows } = await prepare(
    db,
    sql`WITH ${found},
      ranked AS (
        SELECT b.id, b.tier, b.score, ${exactly('s', typed)} AS exact, count(*) OVER () AS total, sum(b.tier < 2) OVER () AS all_words
        FROM best b CROSS JOIN search_index s ON s.rowid = b.id WHERE b.n = 1),
      page AS (SELECT * FROM ranked ORDER BY tier, exact DESC, score, id LIMIT ${limit} OFFSET ${offset})
    -- Every hit's title and text are read for the exact test (about 10 ms more for 2,000 hits,
    -- tests/api/search.test.ts); only the page's rows are sent back, with their title and text.
    SELECT r.tier, r.total, r.all_words, s.kind, s.record_id, s.path, s.withdrawn, s.title, s.text
    FROM page r CROSS JOIN search_index s ON s.rowid = r.id
    ORDER BY r.tier, r.exact DESC, r.score, r.id`,
  ).all<Row>();
  let total = rows[0]?.total ?? 0;
  let allWords = rows[0]?.all_words ?? 0;
  if (!rows.length && offset > 0) {
    // A page past the last one: the counts still say how many there are.
    const counts = await prepare(db, sql`WITH ${found} SELECT count(*) AS total, coalesce(sum(tier < 2), 0) AS all_words FROM best WHERE n = 1`).first<Pick<Row, 'total' | 'all_words'>>();
    total = counts?.total ?? 0;
    allWords = counts?.all_words ?? 0;
  }
  return {
    total,
    allWords,
    results: rows.map((r) => {
      const title = markTerms(r.title, terms);
      return {
        kind: r.kind,
        id: r.record_id,
        path: r.path,
        withdrawn: r.withdrawn === 1,
        title: title.text,
        titleMarks: title.marks,
        excerpt: excerptOf(r.text, terms),
        match: TIERS[r.tier]!,
      };
    }),
  };
}

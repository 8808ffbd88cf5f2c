-- Citizen search from D1 (issue 23): one row per public searchable record — the disclosures,
-- the people's decisions, the supervision boards and activities and the consultations, as the
-- Pagefind index of the static build held them. The rows are derived from those tables and
-- written only by schema/db/search.ts (rebuildSearchIndex, refreshSearchEntries), which also
-- holds every query on this table; the table starts empty until the first rebuild.
--
-- rowid = record id * 8 + a code per kind (schema/db/search.ts), so refreshing one record deletes
-- its row by rowid instead of scanning the table, and one record can never have two rows.
--
-- Only title_folded and text_folded are indexed: the same text with đ/Đ written as d. The
-- tokenizer does the rest of the folding, the same way schema/search.ts foldForSearch folds a
-- query, so "quy hoach" finds "Quy hoạch" and "dat dai" finds "đất đai":
-- - unicode61 lower-cases any script and, with remove_diacritics 2, takes every tone and vowel
--   mark off, including from the letters that carry two (ấ, ệ, ờ, ữ, ặ). With remove_diacritics 1
--   (the default) those five stay as they are: checked with SQLite 3.40, 'ệ ấ ờ ữ ặ' indexes as
--   itself under 1 and as 'e a o u a' under 2.
-- - đ has no Unicode decomposition, so no tokenizer option folds it (Pagefind did not either,
--   scripts/post-build.ts); the folded columns replace it.
-- - Words are runs of letters and digits, so "28/KH-UBND" is 28, kh, ubnd, and a phrase query
--   finds the number as typed.
-- Not trigram: it matches nothing shorter than three characters, and Vietnamese words are
-- syllables, often of one or two letters (xã, ở, đi). Not porter: English stemming would merge
-- unrelated Vietnamese words.
--
-- The original title and text are kept UNINDEXED for the results: an excerpt is cut from the
-- item's own words, with their diacritics, at the offsets of the match in the folded copy (they
-- map 1:1, schema/search.ts).
CREATE VIRTUAL TABLE search_index USING fts5(
  kind UNINDEXED,
  record_id UNINDEXED,
  path UNINDEXED,
  withdrawn UNINDEXED,
  title UNINDEXED,
  text UNINDEXED,
  title_folded,
  text_folded,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- The words inside a text-based PDF attachment, for citizen search (issue 23): read once, when
-- the file is attached (schema/attachment-text.ts, in the Worker), and put into its item's row
-- of search_index while the file is attached (schema/db/search.ts). The static build used to
-- read them from R2 after each build; the search moved to D1, so they are kept beside the file.
-- NFC, white space collapsed, at most 20,000 characters. NULL: not a PDF, a scanned PDF (no
-- text layer), a damaged one, or a file attached before this migration.
ALTER TABLE attachments ADD COLUMN text_content TEXT CHECK (text_content IS NULL OR length(text_content) BETWEEN 1 AND 20000);

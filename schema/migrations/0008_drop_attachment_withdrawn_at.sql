-- attachments.withdrawn_at (added in 0005) was never set: nothing in the portal could withdraw
-- an attachment, and the reads that filtered on it always saw NULL. It goes rather than stay as
-- a promise the code does not keep. Withdrawing an attachment (with a reason shown to citizens,
-- like a withdrawn disclosure) will come with a later issue, with its own columns and use case.
-- No index uses the column, so SQLite (>= 3.35) can drop it in place.
ALTER TABLE attachments DROP COLUMN withdrawn_at;

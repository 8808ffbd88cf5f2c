-- Lists read in index order at 100,000 rows, with no sort step (npm run bench checks the plans).
-- Public lists cover every non-draft item (published_at is set for all of them, a CHECK in 0001
-- guarantees it), by publication time; the admin list goes by last change.
CREATE INDEX disclosures_public_order ON disclosures(published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX disclosures_public_by_category ON disclosures(category, published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX disclosures_by_update ON disclosures(updated_at DESC, id DESC);

-- The channel minimums a posting is judged by are those in force when it was published (issue 12,
-- "the past never changes"): an approver may edit a category's minimums later, and a published
-- page must not change its "shorter than required" mark because of it. NULL for a draft, which is
-- judged by its category's current minimums until it is published.
ALTER TABLE disclosures ADD COLUMN channel_minimums TEXT CHECK (channel_minimums IS NULL OR (json_valid(channel_minimums) AND json_type(channel_minimums) = 'object'));

-- Items already public showed their category's current minimums: that is what they keep.
UPDATE disclosures
  SET channel_minimums = (SELECT c.channel_minimums FROM categories c WHERE c.slug = disclosures.category)
  WHERE status <> 'draft';

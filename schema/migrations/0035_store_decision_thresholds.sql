-- The thresholds a decision of the people is judged by, stored with it (issue 21: "the past
-- never changes"). Before this a published vote was judged by the CURRENT democracy_rules row,
-- so raising the shares later rewrote the verdict of votes already published. From now on a
-- decision takes the unit's quorum and passing share while it is a draft and when it is
-- published, and keeps them once published (schema/use-cases/decisions.ts).
ALTER TABLE decisions ADD COLUMN quorum_percent INTEGER CHECK (quorum_percent BETWEEN 0 AND 99);
ALTER TABLE decisions ADD COLUMN pass_percent INTEGER CHECK (pass_percent BETWEEN 0 AND 99);

-- Existing rows: the rules in force when the decision was published. democracy_rules keeps only
-- its current row, but every save of it is audited with the row as it was before
-- (schema/use-cases/democracy-rules.ts), so the rules in force at an instant are the "before" of
-- the first save after it, or the current row when none came after. Drafts take the current row:
-- they are judged by the rules in force until they are published.
UPDATE decisions SET
  quorum_percent = coalesce(
    (SELECT json_extract(a.before_json, '$.quorumPercent') FROM audit_log a
      WHERE a.entity = 'democracy_rules' AND decisions.status <> 'draft' AND a.at > decisions.published_at ORDER BY a.at, a.id LIMIT 1),
    (SELECT quorum_percent FROM democracy_rules WHERE id = 1), 50),
  pass_percent = coalesce(
    (SELECT json_extract(a.before_json, '$.passPercent') FROM audit_log a
      WHERE a.entity = 'democracy_rules' AND decisions.status <> 'draft' AND a.at > decisions.published_at ORDER BY a.at, a.id LIMIT 1),
    (SELECT pass_percent FROM democracy_rules WHERE id = 1), 50);

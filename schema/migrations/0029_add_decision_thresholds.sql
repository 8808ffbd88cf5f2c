-- The law's thresholds for the people's decisions, the boards and the consultations (issue 21,
-- item 5), as one row of unit configuration with the law's defaults; see schema/democracy-rules.ts
-- for where each default was confirmed.

-- How a decision takes effect (Luật 10/2022/QH15: decided by the community itself, or voted for
-- a competent body to recognise) and which body recognises it. Codes are checked in code
-- (schema/decision.ts), not in a CHECK list, so a new path needs no table rebuild.
ALTER TABLE decisions ADD COLUMN path TEXT;
ALTER TABLE decisions ADD COLUMN recognising_body TEXT NOT NULL DEFAULT '';

-- The body that recognised a board (Ủy ban MTTQ Việt Nam cấp xã for the Ban thanh tra nhân dân).
ALTER TABLE supervision_boards ADD COLUMN recognised_by_body TEXT NOT NULL DEFAULT '';

CREATE TABLE democracy_rules (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- A meeting decides only when MORE THAN this share of ALL households of the village / group take part.
  quorum_percent INTEGER NOT NULL DEFAULT 50 CHECK (quorum_percent BETWEEN 0 AND 99),
  -- Passed only when MORE THAN this share of ALL households (not of the participants) are in favour.
  pass_percent INTEGER NOT NULL DEFAULT 50 CHECK (pass_percent BETWEEN 0 AND 99),
  -- Days between the opening and the closing of a consultation, at least.
  consultation_min_days INTEGER NOT NULL DEFAULT 20 CHECK (consultation_min_days BETWEEN 0 AND 365),
  -- Days after the closing by which the result (tiếp thu, giải trình) is due on the portal.
  result_due_days INTEGER NOT NULL DEFAULT 30 CHECK (result_due_days BETWEEN 1 AND 365),
  -- Ban thanh tra nhân dân: at least this many members.
  inspection_board_min_members INTEGER NOT NULL DEFAULT 5 CHECK (inspection_board_min_members BETWEEN 1 AND 100),
  -- Ban giám sát đầu tư của cộng đồng: at least this many members (0: no minimum).
  investment_board_min_members INTEGER NOT NULL DEFAULT 0 CHECK (investment_board_min_members BETWEEN 0 AND 100),
  -- Longest term of a board, in months (the term of the village head: 30 or 60 months).
  board_term_max_months INTEGER NOT NULL DEFAULT 60 CHECK (board_term_max_months BETWEEN 1 AND 120),
  updated_at TEXT
);
INSERT INTO democracy_rules (id) VALUES (1);

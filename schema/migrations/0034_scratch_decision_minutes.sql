-- Scratch (measurement, reverted): the number of a decision's meeting minutes.
ALTER TABLE decisions ADD COLUMN minutes_number TEXT NOT NULL DEFAULT '';

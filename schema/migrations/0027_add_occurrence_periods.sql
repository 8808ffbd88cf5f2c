-- When a record happened, apart from when it was entered (issue 21): a record whose days are not
-- known may name the period its source gives ("6 tháng đầu năm 2024"); the report counts it there,
-- never in the period it was typed in. '' is "not named".
ALTER TABLE decisions ADD COLUMN period_label TEXT NOT NULL DEFAULT '';
ALTER TABLE consultations ADD COLUMN period_label TEXT NOT NULL DEFAULT '';

-- A disclosure entered afterwards to record one made before (on boards, by loudspeaker): going on
-- the portal was not the disclosure; its channels' own days, or posted_period, say when it was.
ALTER TABLE disclosures ADD COLUMN recorded_after INTEGER NOT NULL DEFAULT 0;
ALTER TABLE disclosures ADD COLUMN posted_period TEXT NOT NULL DEFAULT '';

-- Who signs the unit's reports by default: "TM." (the Chairman for the committee) or "KT." (a
-- Vice-Chairman for the Chairman), the signer's title and name (Decree 30/2020, Phụ lục I).
-- Checked in code (schema/unit.ts SIGN_PREFIXES).
ALTER TABLE unit ADD COLUMN sign_prefix TEXT NOT NULL DEFAULT 'TM';
ALTER TABLE unit ADD COLUMN signer_title TEXT NOT NULL DEFAULT '';
ALTER TABLE unit ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';

-- Ballots are written once: each import copies a sheet straight into ballots under a fresh
-- copy id (recorded in ballot_copies), instead of through a staging table. A copy counts once
-- its branch's workflow accepts it (ballot_sheets names the accepted copy); copies refused or
-- never accepted are deleted when the round closes. Copy ids are random: they name an import
-- of a branch's sheet, never a voter or a paper.

-- +goose Up
DROP TABLE ballot_staging;

CREATE TABLE ballot_copies (
    copy_id       text PRIMARY KEY,
    round_id      text NOT NULL REFERENCES rounds (id),
    branch_id     text NOT NULL,
    submission_id text NOT NULL,
    forms         integer NOT NULL,
    copied_at     timestamptz NOT NULL
);
CREATE INDEX ballot_copies_round ON ballot_copies (round_id, branch_id);

-- Ballots of earlier versions were accepted in place: one copy per accepted sheet.
ALTER TABLE ballots ADD COLUMN copy_id text;
UPDATE ballots SET copy_id = 'accepted/' || round_id || '/' || branch_id;
ALTER TABLE ballots ALTER COLUMN copy_id SET NOT NULL;
ALTER TABLE ballot_sheets ADD COLUMN copy_id text;
UPDATE ballot_sheets SET copy_id = 'accepted/' || round_id || '/' || branch_id;
ALTER TABLE ballot_sheets ALTER COLUMN copy_id SET NOT NULL;
INSERT INTO ballot_copies (copy_id, round_id, branch_id, submission_id, forms, copied_at)
SELECT copy_id, round_id, branch_id, submission_id, forms, accepted_at FROM ballot_sheets;

DROP INDEX ballots_branch;
CREATE INDEX ballots_copy ON ballots (copy_id);

-- +goose Down
DROP INDEX ballots_copy;
CREATE INDEX ballots_branch ON ballots (round_id, branch_id);
DELETE FROM ballots b WHERE NOT EXISTS (SELECT 1 FROM ballot_sheets s WHERE s.copy_id = b.copy_id);
ALTER TABLE ballots DROP COLUMN copy_id;
ALTER TABLE ballot_sheets DROP COLUMN copy_id;
DROP TABLE ballot_copies;
CREATE TABLE ballot_staging (
    sheet_id     text NOT NULL,
    round_id     text NOT NULL,
    branch_id    text NOT NULL,
    candidate_id text NOT NULL,
    scores       smallint[] NOT NULL,
    total        smallint NOT NULL
);
CREATE INDEX ballot_staging_sheet ON ballot_staging (sheet_id);

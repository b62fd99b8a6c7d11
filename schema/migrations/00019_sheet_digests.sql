-- A digest of each accepted sheet's ballots, kept with the sheet (and in the history of the
-- workflow that accepted it) and checked again when the branch is tallied: a ballot changed,
-- added or removed between acceptance and tally is found, not counted. Sheets accepted before
-- this column existed have none and are tallied as before.

-- +goose Up
ALTER TABLE ballot_sheets ADD COLUMN digest text;

-- +goose Down
ALTER TABLE ballot_sheets DROP COLUMN digest;

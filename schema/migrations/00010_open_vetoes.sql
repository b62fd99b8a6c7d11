-- A veto list may end in an open clause (其它与称号极不相符的事件与行为): a veto under it says what
-- happened, and the unit's result gives that description with the clause.

-- +goose Up
ALTER TABLE standard_vetoes ADD COLUMN open boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE standard_vetoes DROP COLUMN open;

-- Nothing waits forever: an objection still undecided when the time the plan gives after its
-- notice has passed lapses (its name is held back, not named), recorded by the system.

-- +goose Up
ALTER TABLE objections DROP CONSTRAINT objections_decision_check;
ALTER TABLE objections ADD CONSTRAINT objections_decision_check CHECK (decision IN ('uphold', 'dismiss', 'lapsed'));

-- +goose Down
UPDATE objections SET decision = NULL, decision_note = '', decided_by = NULL, decided_at = NULL WHERE decision = 'lapsed';
ALTER TABLE objections DROP CONSTRAINT objections_decision_check;
ALTER TABLE objections ADD CONSTRAINT objections_decision_check CHECK (decision IN ('uphold', 'dismiss'));

-- The preliminary review of the materials (初步审查): before inspection the office accepts each
-- declaration, sends it back for correction by a deadline (the unit declares again), or turns it
-- down (outcome turned_down). review is NULL in campaigns started before the review was a step.

-- +goose Up
ALTER TABLE declarations ADD COLUMN review text CHECK (review IN ('pending', 'accepted', 'returned', 'turned_down'));
ALTER TABLE declarations ADD COLUMN review_note text NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN fix_by timestamptz;
ALTER TABLE declarations ADD COLUMN returns integer NOT NULL DEFAULT 0;
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'turned_down', 'not_inspected', 'vetoed', 'removed_by_objection', 'not_approved', 'revoked'));

-- +goose Down
DELETE FROM campaign_results WHERE outcome = 'turned_down';
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'not_inspected', 'vetoed', 'removed_by_objection', 'not_approved', 'revoked'));
ALTER TABLE declarations DROP COLUMN returns;
ALTER TABLE declarations DROP COLUMN fix_by;
ALTER TABLE declarations DROP COLUMN review_note;
ALTER TABLE declarations DROP COLUMN review;

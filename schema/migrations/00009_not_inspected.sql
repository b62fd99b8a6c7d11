-- A declared unit the inspectors did not reach by the acceptance deadline is no longer waited
-- for: its result is not_inspected, and the review goes on without it.

-- +goose Up
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'not_inspected', 'vetoed', 'removed_by_objection', 'revoked'));

-- +goose Down
DELETE FROM campaign_results WHERE outcome = 'not_inspected';
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'vetoed', 'removed_by_objection', 'revoked'));

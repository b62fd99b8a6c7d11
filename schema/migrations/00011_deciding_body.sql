-- The names are decided by the deciding body (文明办 + 工委, or a standing committee) after the
-- discipline committee's opinions (征求纪工委意见) and the notice: a name it strikes, or one the
-- opinions exclude, is not_approved; every named result carries the decision's document number.

-- +goose Up
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'not_inspected', 'vetoed', 'removed_by_objection', 'not_approved', 'revoked'));
ALTER TABLE campaign_results ADD COLUMN document_no text;
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend', 'opinion', 'naming'));

-- +goose Down
DELETE FROM campaign_decisions WHERE kind IN ('opinion', 'naming');
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend'));
ALTER TABLE campaign_results DROP COLUMN document_no;
DELETE FROM campaign_results WHERE outcome = 'not_approved';
ALTER TABLE campaign_results DROP CONSTRAINT campaign_results_outcome_check;
ALTER TABLE campaign_results ADD CONSTRAINT campaign_results_outcome_check CHECK (outcome IN ('named', 'not_selected',
    'below_line', 'not_declared', 'not_inspected', 'vetoed', 'removed_by_objection', 'revoked'));

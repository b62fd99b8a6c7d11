-- Inspections as the plans schedule them: checks before the final acceptance (中途检查 ...),
-- each scored and kept, one row per unit and check. The monthly ranking ranks by the latest
-- inspection score once there is one (basis 'inspections'), by task completion before that.

-- +goose Up
ALTER TABLE score_sheets DROP CONSTRAINT score_sheets_kind_check;
ALTER TABLE score_sheets ADD CONSTRAINT score_sheets_kind_check CHECK (kind IN ('self', 'actual', 'check'));

CREATE TABLE unit_checks (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    check_id      text NOT NULL,
    submission_id text NOT NULL,
    base          numeric(8, 2) NOT NULL,
    bonus         numeric(8, 2) NOT NULL,
    total         numeric(8, 2) NOT NULL,
    checked_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, check_id),
    FOREIGN KEY (campaign_id, unit_id, submission_id) REFERENCES score_sheets (campaign_id, unit_id, submission_id)
);

ALTER TABLE task_rankings ADD COLUMN basis text NOT NULL DEFAULT 'tasks' CHECK (basis IN ('tasks', 'inspections'));
ALTER TABLE task_rankings ADD COLUMN score numeric(8, 2);

-- +goose Down
ALTER TABLE task_rankings DROP COLUMN score;
ALTER TABLE task_rankings DROP COLUMN basis;
DROP TABLE unit_checks;
DELETE FROM score_sheets WHERE kind = 'check';
ALTER TABLE score_sheets DROP CONSTRAINT score_sheets_kind_check;
ALTER TABLE score_sheets ADD CONSTRAINT score_sheets_kind_check CHECK (kind IN ('self', 'actual'));

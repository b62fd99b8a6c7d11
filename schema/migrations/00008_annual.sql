-- The year-end commendation (年终表彰), the third kind of round (annual/2026): the yearly
-- titles conferred at the year-end meeting, each with how it was earned.

-- +goose Up
ALTER TABLE rounds DROP CONSTRAINT rounds_kind_check;
ALTER TABLE rounds ADD CONSTRAINT rounds_kind_check CHECK (kind IN ('pioneer', 'redflag', 'annual'));
ALTER TABLE round_results DROP CONSTRAINT round_results_kind_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_kind_check CHECK (kind IN ('pioneer', 'redflag', 'annual'));
ALTER TABLE round_results DROP CONSTRAINT round_results_outcome_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_outcome_check CHECK (outcome IN ('awarded',
    'recommended_not_approved', 'not_recommended', 'ineligible', 'removed_by_objection', 'exempt', 'revoked', 'not_approved'));

-- An administrator may let a year-end round go on without the year's last rounds (a reason).
ALTER TABLE round_decisions DROP CONSTRAINT round_decisions_kind_check;
ALTER TABLE round_decisions ADD CONSTRAINT round_decisions_kind_check CHECK (kind IN ('tie', 'approve', 'proceed'));

-- How a yearly title was earned (a streak, 免评; or a nomination and its reason), and the
-- year-end round that conferred it.
ALTER TABLE honors
    ADD COLUMN basis        text NOT NULL DEFAULT '',
    ADD COLUMN conferred_in text REFERENCES rounds (id);

-- The year-end list: the streak holders of the year (免评) and the nominations.
CREATE TABLE annual_entries (
    round_id      text NOT NULL REFERENCES rounds (id),
    subject_kind  text NOT NULL CHECK (subject_kind IN ('member', 'branch')),
    subject_id    text NOT NULL,
    branch_id     text NOT NULL, -- the member's branch, or the branch
    title         text NOT NULL CHECK (title IN ('excellent_member', 'advanced_branch')),
    basis         text NOT NULL CHECK (basis IN ('streak', 'nomination')),
    detail        text NOT NULL, -- the streak that earned it, or the nomination's reason
    submission_id text,          -- the nomination's
    nominated_by  text,
    listed_at     timestamptz NOT NULL,
    PRIMARY KEY (round_id, subject_id)
);

-- +goose Down
DROP TABLE annual_entries;
ALTER TABLE honors DROP COLUMN conferred_in, DROP COLUMN basis;
ALTER TABLE round_decisions DROP CONSTRAINT round_decisions_kind_check;
ALTER TABLE round_decisions ADD CONSTRAINT round_decisions_kind_check CHECK (kind IN ('tie', 'approve'));
ALTER TABLE round_results DROP CONSTRAINT round_results_outcome_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_outcome_check CHECK (outcome IN ('awarded',
    'recommended_not_approved', 'not_recommended', 'ineligible', 'removed_by_objection', 'exempt', 'revoked'));
ALTER TABLE round_results DROP CONSTRAINT round_results_kind_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_kind_check CHECK (kind IN ('pioneer', 'redflag'));
ALTER TABLE rounds DROP CONSTRAINT rounds_kind_check;
ALTER TABLE rounds ADD CONSTRAINT rounds_kind_check CHECK (kind IN ('pioneer', 'redflag'));

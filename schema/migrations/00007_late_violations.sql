-- Rounds as the plan states them.
--
-- 免评 names a streak holder the year's excellent member (advanced branch) without further
-- evaluation; it does not bar them from later rounds. Pioneer rounds still taking ballots
-- when this arrives let their exempted members stand again; rounds past their vote keep the
-- snapshot they voted on.
--
-- A violation counts by its date whenever it is recorded: an honor awarded before it was
-- known is revoked (撤销) with the violation as reason, and the round's result says so.

-- +goose Up
UPDATE round_members m SET eligible = true, reason = ''
FROM rounds r
WHERE r.id = m.round_id AND r.kind = 'pioneer' AND r.phase IN ('open', 'voting') AND m.reason LIKE 'exempt:%';

ALTER TABLE honors
    ADD COLUMN revoked_at     timestamptz,
    ADD COLUMN revoked_reason text NOT NULL DEFAULT '';

ALTER TABLE round_results DROP CONSTRAINT round_results_outcome_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_outcome_check CHECK (outcome IN ('awarded',
    'recommended_not_approved', 'not_recommended', 'ineligible', 'removed_by_objection', 'exempt', 'revoked'));

-- Which violations each round has taken, and what it did with each: a resend changes nothing.
CREATE TABLE round_violations (
    round_id     text NOT NULL REFERENCES rounds (id),
    violation_id text NOT NULL REFERENCES violations (submission_id),
    stage        text NOT NULL CHECK (stage IN ('before_opening', 'before_approval', 'during_notice', 'after_award', 'none')),
    effect       jsonb NOT NULL,
    applied_at   timestamptz NOT NULL,
    PRIMARY KEY (round_id, violation_id)
);

-- +goose Down
DROP TABLE round_violations;
ALTER TABLE round_results DROP CONSTRAINT round_results_outcome_check;
ALTER TABLE round_results ADD CONSTRAINT round_results_outcome_check CHECK (outcome IN ('awarded',
    'recommended_not_approved', 'not_recommended', 'ineligible', 'removed_by_objection', 'exempt'));
ALTER TABLE honors DROP COLUMN revoked_reason, DROP COLUMN revoked_at;

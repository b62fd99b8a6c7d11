-- Rating campaigns (星级评定): a campaign whose units are inspected round after round, each
-- round ranked and published, each unit graded by its score. A round's inspections are the
-- campaign's checks (unit_checks, check_id = the round's id); a unit the office decided to leave
-- uninspected in a round is skipped with the administrator's reason; a round's results are
-- written once, when it closes, with the grade each unit holds after it.

-- +goose Up
CREATE TABLE rating_skips (
    campaign_id   text NOT NULL,
    round_id      text NOT NULL,
    unit_id       text NOT NULL,
    submission_id text NOT NULL,
    reason        text NOT NULL CHECK (reason <> ''),
    skipped_by    text NOT NULL,
    skipped_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, round_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

CREATE TABLE rating_results (
    campaign_id text NOT NULL,
    round_id    text NOT NULL,
    round_no    integer NOT NULL CHECK (round_no > 0),
    unit_id     text NOT NULL,
    score       numeric(8, 2),                    -- null: not inspected this round (skipped)
    rank        integer CHECK (rank > 0),         -- among the units inspected this round
    grade       text NOT NULL DEFAULT '',         -- the grade held after the round; '' none
    prev_grade  text NOT NULL DEFAULT '',
    change      text NOT NULL CHECK (change IN ('kept', 'gained', 'raised', 'lowered', 'lost')),
    closed_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, round_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id),
    CHECK ((score IS NULL) = (rank IS NULL))
);
CREATE INDEX rating_results_round ON rating_results (campaign_id, round_no);

-- +goose Down
DROP TABLE rating_results;
DROP TABLE rating_skips;

-- Evaluation rounds: pioneer posts (党员先锋岗, quarterly) and red-flag branches (红旗党支部,
-- half-yearly). Ballots are kept secret: no table joins a member to a ballot, ballots carry no
-- voter, paper number, time or sequence, and nothing but the tally reads them.

-- +goose Up
-- Disciplinary violations and criticisms (by a supervising office or the media) of members and
-- branches: they take away eligibility in the period they happened.
CREATE TABLE violations (
    submission_id text PRIMARY KEY,
    subject_kind  text NOT NULL CHECK (subject_kind IN ('member', 'branch')),
    subject_id    text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('violation', 'criticism')),
    occurred_on   date NOT NULL,
    note          text NOT NULL DEFAULT '',
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX violations_subject ON violations (subject_kind, subject_id, occurred_on);

CREATE TABLE rounds (
    id         text PRIMARY KEY, -- pioneer/2026-Q4, redflag/2026-H2
    kind       text NOT NULL CHECK (kind IN ('pioneer', 'redflag')),
    period     text NOT NULL,
    config     jsonb NOT NULL,
    phase      text NOT NULL DEFAULT 'open',
    opened_at  timestamptz NOT NULL,
    closed_at  timestamptz,
    UNIQUE (kind, period)
);

-- The branches of a round, as they were when it opened.
CREATE TABLE round_branches (
    round_id  text NOT NULL REFERENCES rounds (id),
    branch_id text NOT NULL REFERENCES branches (id),
    group_no  integer NOT NULL,
    members   integer NOT NULL,
    eligible  boolean NOT NULL,
    reason    text NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, branch_id)
);

-- The candidates of a pioneer round, as they were when it opened.
CREATE TABLE round_members (
    round_id  text NOT NULL REFERENCES rounds (id),
    member_id text NOT NULL REFERENCES members (id),
    branch_id text NOT NULL,
    eligible  boolean NOT NULL,
    reason    text NOT NULL DEFAULT '',
    PRIMARY KEY (round_id, member_id)
);
CREATE INDEX round_members_branch ON round_members (round_id, branch_id);

-- Ballots copied in by the CLI, waiting for their branch's workflow to accept the sheet.
CREATE TABLE ballot_staging (
    sheet_id     text NOT NULL,
    round_id     text NOT NULL,
    branch_id    text NOT NULL,
    candidate_id text NOT NULL,
    scores       smallint[] NOT NULL,
    total        smallint NOT NULL
);
CREATE INDEX ballot_staging_sheet ON ballot_staging (sheet_id);

-- One accepted sheet per branch and round: counts only.
CREATE TABLE ballot_sheets (
    round_id      text NOT NULL,
    branch_id     text NOT NULL,
    submission_id text NOT NULL,
    present       integer NOT NULL,
    ballots       integer NOT NULL,
    forms         integer NOT NULL,
    accepted_at   timestamptz NOT NULL,
    PRIMARY KEY (round_id, branch_id),
    FOREIGN KEY (round_id, branch_id) REFERENCES round_branches (round_id, branch_id)
);

-- The ballots themselves: no key, no paper number, no voter, no time, in shuffled order.
CREATE TABLE ballots (
    round_id     text NOT NULL,
    branch_id    text NOT NULL,
    candidate_id text NOT NULL,
    scores       smallint[] NOT NULL,
    total        smallint NOT NULL
);
CREATE INDEX ballots_branch ON ballots (round_id, branch_id);

-- The tally of a branch: aggregates only.
CREATE TABLE branch_tallies (
    round_id    text NOT NULL,
    branch_id   text NOT NULL,
    member_id   text NOT NULL,
    forms       integer NOT NULL,
    average     numeric(6, 2) NOT NULL,
    rank        integer NOT NULL,
    recommended boolean NOT NULL,
    PRIMARY KEY (round_id, member_id)
);
CREATE INDEX branch_tallies_branch ON branch_tallies (round_id, branch_id);

-- Red-flag scores: the branch's self-report and the committee's assessment.
CREATE TABLE redflag_scores (
    round_id      text NOT NULL,
    branch_id     text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('self', 'committee')),
    submission_id text NOT NULL,
    total         numeric(6, 2) NOT NULL,
    items         jsonb NOT NULL,
    submitted_by  text NOT NULL,
    submitted_at  timestamptz NOT NULL,
    PRIMARY KEY (round_id, branch_id, kind),
    FOREIGN KEY (round_id, branch_id) REFERENCES round_branches (round_id, branch_id)
);

-- The committee's decisions: ties, approvals (with the names struck and why).
CREATE TABLE round_decisions (
    round_id      text NOT NULL REFERENCES rounds (id),
    submission_id text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('tie', 'approve')),
    detail        jsonb NOT NULL,
    decided_by    text NOT NULL,
    decided_at    timestamptz NOT NULL,
    PRIMARY KEY (round_id, submission_id)
);

CREATE TABLE round_strikes (
    round_id   text NOT NULL REFERENCES rounds (id),
    subject_id text NOT NULL,
    reason     text NOT NULL,
    struck_by  text NOT NULL,
    struck_at  timestamptz NOT NULL,
    PRIMARY KEY (round_id, subject_id)
);

-- The proposed list of a round before its notice (members for pioneer posts, branches for
-- red flags), written by the committee's approval or the red-flag ranking.
CREATE TABLE round_proposals (
    round_id   text NOT NULL REFERENCES rounds (id),
    subject_id text NOT NULL,
    branch_id  text NOT NULL,
    score      numeric(6, 2) NOT NULL,
    rank       integer NOT NULL,
    PRIMARY KEY (round_id, subject_id)
);

CREATE TABLE round_results (
    round_id   text NOT NULL REFERENCES rounds (id),
    subject_id text NOT NULL,
    kind       text NOT NULL CHECK (kind IN ('pioneer', 'redflag')),
    branch_id  text NOT NULL,
    member_id  text, -- null for a branch
    score      numeric(6, 2),
    rank       integer,
    outcome    text NOT NULL CHECK (outcome IN ('awarded', 'recommended_not_approved', 'not_recommended',
                                                'ineligible', 'removed_by_objection', 'exempt')),
    reason     text NOT NULL DEFAULT '',
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (round_id, subject_id)
);
CREATE INDEX round_results_branch ON round_results (round_id, branch_id);

-- Honors: the rotating awards with their consecutive counts, and the yearly titles they lead
-- to (excellent party member after 4 quarters in a row, advanced branch after 2 flags).
CREATE TABLE honors (
    subject_kind text NOT NULL CHECK (subject_kind IN ('member', 'branch')),
    subject_id   text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('pioneer_post', 'excellent_member', 'red_flag', 'advanced_branch')),
    period       text NOT NULL,
    year         integer NOT NULL,
    consecutive  integer NOT NULL,
    round_id     text NOT NULL REFERENCES rounds (id),
    awarded_at   timestamptz NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, kind, period)
);

-- +goose Down
DROP TABLE honors;
DROP TABLE round_results;
DROP TABLE round_proposals;
DROP TABLE round_strikes;
DROP TABLE round_decisions;
DROP TABLE redflag_scores;
DROP TABLE branch_tallies;
DROP TABLE ballots;
DROP TABLE ballot_sheets;
DROP TABLE ballot_staging;
DROP TABLE round_members;
DROP TABLE round_branches;
DROP TABLE rounds;
DROP TABLE violations;

-- Campaigns (创建活动): the plan, its responsibility list, submissions, inspections,
-- rectification notices, vetoes, public notices with objections, and the results.
-- Every table keys on natural ids (campaign, unit, submission id) so that a retried activity
-- or a resent submission never writes a second row.

-- +goose Up
CREATE TABLE campaigns (
    id              text PRIMARY KEY,
    title           text NOT NULL,
    standard_id     text NOT NULL REFERENCES standards (id),
    standard_digest text NOT NULL,
    timezone        text NOT NULL,
    plan            jsonb NOT NULL,
    phase           text NOT NULL DEFAULT 'scheduled',
    published_at    timestamptz,
    named_at        timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_units (
    campaign_id text NOT NULL REFERENCES campaigns (id),
    unit_id     text NOT NULL REFERENCES units (id),
    group_no    integer NOT NULL,
    PRIMARY KEY (campaign_id, unit_id)
);

-- 领导小组 and its office.
CREATE TABLE campaign_leaders (
    campaign_id text NOT NULL REFERENCES campaigns (id),
    position    integer NOT NULL,
    role        text NOT NULL,
    name        text NOT NULL,
    title       text NOT NULL DEFAULT '',
    PRIMARY KEY (campaign_id, position)
);

-- 责任清单: one row per task and responsible unit.
CREATE TABLE campaign_tasks (
    campaign_id        text NOT NULL,
    task_id            text NOT NULL,
    unit_id            text NOT NULL,
    title              text NOT NULL,
    person             text NOT NULL,
    deadline           timestamptz NOT NULL,
    percent            integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    done_at            timestamptz,
    last_report_at     timestamptz,
    overdue_flagged_at timestamptz, -- 通报: flagged by a progress check
    PRIMARY KEY (campaign_id, task_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

CREATE TABLE task_reports (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    submission_id text NOT NULL,
    task_id       text NOT NULL,
    percent       integer NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note          text NOT NULL DEFAULT '',
    reported_by   text NOT NULL,
    reported_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, submission_id),
    FOREIGN KEY (campaign_id, task_id, unit_id) REFERENCES campaign_tasks (campaign_id, task_id, unit_id)
);

-- One row per progress check (日查周评通报) and per ranking (每月排名).
CREATE TABLE supervision_checks (
    campaign_id     text NOT NULL REFERENCES campaigns (id),
    seq             integer NOT NULL,
    checked_at      timestamptz NOT NULL,
    phase           text NOT NULL,
    overdue_tasks   integer NOT NULL,
    overdue_notices integer NOT NULL,
    reminders       integer NOT NULL,
    PRIMARY KEY (campaign_id, seq)
);

CREATE TABLE task_rankings (
    campaign_id text NOT NULL REFERENCES campaigns (id),
    seq         integer NOT NULL,
    unit_id     text NOT NULL,
    done        integer NOT NULL,
    total       integer NOT NULL,
    rank        integer NOT NULL,
    ranked_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, seq, unit_id)
);

-- An outbox of reminders for the office to send (by phone, message or letter).
CREATE TABLE reminders (
    campaign_id text NOT NULL,
    unit_id     text NOT NULL,
    kind        text NOT NULL,
    seq         integer NOT NULL,
    message     text NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz,
    PRIMARY KEY (campaign_id, unit_id, kind, seq)
);

-- Every score sheet handed in: self-scores (自评) and inspections (实评).
CREATE TABLE score_sheets (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    submission_id text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('self', 'actual')),
    sheet         jsonb NOT NULL,
    base          numeric(8, 2) NOT NULL,
    bonus         numeric(8, 2) NOT NULL,
    total         numeric(8, 2) NOT NULL,
    eligible      boolean NOT NULL,
    problems      integer NOT NULL DEFAULT 0,
    items         jsonb NOT NULL,
    submitted_by  text NOT NULL,
    submitted_at  timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, submission_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

-- The score that counts, per kind: the latest self-score, the one inspection.
CREATE TABLE unit_scores (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('self', 'actual')),
    submission_id text NOT NULL,
    base          numeric(8, 2) NOT NULL,
    bonus         numeric(8, 2) NOT NULL,
    total         numeric(8, 2) NOT NULL,
    eligible      boolean NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, kind),
    FOREIGN KEY (campaign_id, unit_id, submission_id) REFERENCES score_sheets (campaign_id, unit_id, submission_id)
);

CREATE TABLE declarations (
    campaign_id        text NOT NULL,
    unit_id            text NOT NULL,
    submission_id      text NOT NULL,
    report             text NOT NULL,
    discipline_opinion text NOT NULL,
    declared_by        text NOT NULL,
    declared_at        timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

-- 整改通知: one per problem found on inspection.
CREATE TABLE rectification_notices (
    campaign_id        text NOT NULL,
    unit_id            text NOT NULL,
    notice_no          integer NOT NULL,
    item_id            text NOT NULL,
    size               text NOT NULL CHECK (size IN ('small', 'big')),
    problem            text NOT NULL,
    issued_at          timestamptz NOT NULL,
    deadline           timestamptz NOT NULL,
    status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'verified')),
    closed_at          timestamptz,
    verified_at        timestamptz,
    reopened           integer NOT NULL DEFAULT 0,
    overdue_flagged_at timestamptz,
    PRIMARY KEY (campaign_id, unit_id, notice_no),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

CREATE TABLE rectification_events (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    submission_id text NOT NULL,
    notice_no     integer NOT NULL,
    action        text NOT NULL CHECK (action IN ('close', 'verify', 'reopen')),
    note          text NOT NULL DEFAULT '',
    acted_by      text NOT NULL,
    acted_at      timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, submission_id),
    FOREIGN KEY (campaign_id, unit_id, notice_no) REFERENCES rectification_notices (campaign_id, unit_id, notice_no)
);

-- 一票否决. A veto after naming revokes the title (after_naming).
CREATE TABLE vetoes (
    campaign_id   text NOT NULL,
    unit_id       text NOT NULL,
    veto_id       text NOT NULL,
    note          text NOT NULL DEFAULT '',
    submission_id text NOT NULL,
    phase         text NOT NULL,
    after_naming  boolean NOT NULL,
    recorded_by   text NOT NULL,
    recorded_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

-- Administrators' decisions: ties at the cut, deadline extensions.
CREATE TABLE campaign_decisions (
    campaign_id   text NOT NULL REFERENCES campaigns (id),
    submission_id text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('tie', 'extend')),
    detail        jsonb NOT NULL,
    decided_by    text NOT NULL,
    decided_at    timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, submission_id)
);

-- The ranking of the review, provisional until naming.
CREATE TABLE campaign_review (
    campaign_id text NOT NULL,
    unit_id     text NOT NULL,
    rank        integer,
    total       numeric(8, 2),
    proposed    boolean NOT NULL,
    reason      text NOT NULL,
    reviewed_at timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

-- Public notices (公示) of campaigns and rounds alike, keyed by the notice workflow's id.
CREATE TABLE public_notices (
    notice_id text PRIMARY KEY,
    subject   text NOT NULL,
    title     text NOT NULL,
    contact   text NOT NULL DEFAULT '',
    starts_at timestamptz NOT NULL,
    ends_at   timestamptz NOT NULL,
    closed_at timestamptz
);

CREATE TABLE notice_entries (
    notice_id text NOT NULL REFERENCES public_notices (notice_id),
    entry_id  text NOT NULL,
    position  integer NOT NULL,
    PRIMARY KEY (notice_id, entry_id)
);

CREATE TABLE objections (
    notice_id     text NOT NULL,
    objection_no  integer NOT NULL,
    submission_id text NOT NULL,
    entry_id      text NOT NULL,
    reason        text NOT NULL,
    contact       text NOT NULL DEFAULT '',
    filed_by      text NOT NULL,
    filed_at      timestamptz NOT NULL,
    decision      text CHECK (decision IN ('uphold', 'dismiss')),
    decision_note text NOT NULL DEFAULT '',
    decided_by    text,
    decided_at    timestamptz,
    PRIMARY KEY (notice_id, objection_no),
    UNIQUE (notice_id, submission_id),
    FOREIGN KEY (notice_id, entry_id) REFERENCES notice_entries (notice_id, entry_id)
);

-- The results, one row per (campaign, unit), stable for reports.
CREATE TABLE campaign_results (
    campaign_id text NOT NULL,
    unit_id     text NOT NULL,
    self_base   numeric(8, 2),
    actual_base numeric(8, 2),
    bonus       numeric(8, 2),
    total       numeric(8, 2),
    rank        integer,
    outcome     text NOT NULL CHECK (outcome IN ('named', 'not_selected', 'below_line', 'not_declared',
                                                 'vetoed', 'removed_by_objection', 'revoked')),
    reason      text NOT NULL DEFAULT '',
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

-- +goose Down
DROP TABLE campaign_results;
DROP TABLE objections;
DROP TABLE notice_entries;
DROP TABLE public_notices;
DROP TABLE campaign_review;
DROP TABLE campaign_decisions;
DROP TABLE vetoes;
DROP TABLE rectification_events;
DROP TABLE rectification_notices;
DROP TABLE declarations;
DROP TABLE unit_scores;
DROP TABLE score_sheets;
DROP TABLE reminders;
DROP TABLE task_rankings;
DROP TABLE supervision_checks;
DROP TABLE task_reports;
DROP TABLE campaign_tasks;
DROP TABLE campaign_leaders;
DROP TABLE campaign_units;
DROP TABLE campaigns;

-- Foundation: organizations, branches, members, standards and the audit log.
-- Every table has a natural key so that imports and activities can upsert idempotently.

-- +goose Up
CREATE TABLE units (
    id               text PRIMARY KEY,
    name             text NOT NULL,
    parent_id        text REFERENCES units (id),
    kind             text NOT NULL,
    staff_size       integer NOT NULL DEFAULT 0 CHECK (staff_size >= 0),
    department_count integer NOT NULL DEFAULT 0 CHECK (department_count >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE branches (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    unit_id    text REFERENCES units (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX branches_unit ON branches (unit_id);

-- Personal data (name, phone) stays in this table: workflows and search attributes carry ids only.
CREATE TABLE members (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    branch_id  text NOT NULL REFERENCES branches (id),
    phone      text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX members_branch ON members (branch_id);

-- A standard as the product file format holds it; the document is the validated YAML as JSON,
-- and the digest tells two versions with the same id apart.
CREATE TABLE standards (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    mode        text NOT NULL CHECK (mode IN ('additive', 'deduction')),
    max_points  numeric(8, 2) NOT NULL,
    pass_points numeric(8, 2) NOT NULL,
    step        numeric(8, 2) NOT NULL,
    digest      text NOT NULL,
    document    jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE standard_items (
    standard_id text NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    item_id     text NOT NULL,
    position    integer NOT NULL,
    section     text NOT NULL,
    text        text NOT NULL,
    max_points  numeric(8, 2) NOT NULL,
    bonus_group text, -- null for base items
    PRIMARY KEY (standard_id, item_id)
);

CREATE TABLE standard_vetoes (
    standard_id text NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
    veto_id     text NOT NULL,
    text        text NOT NULL,
    PRIMARY KEY (standard_id, veto_id)
);

-- Every accepted or rejected human submission: who, when, what, and why it was rejected.
-- "what" is a summary that never carries how a voter voted.
CREATE TABLE audit_log (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL,
    target        text NOT NULL,
    submission_id text NOT NULL,
    actor         text NOT NULL,
    accepted      boolean NOT NULL,
    reason        text NOT NULL DEFAULT '',
    summary       text NOT NULL DEFAULT '',
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, target, submission_id, accepted)
);

-- One row per `starter check`: proof that CLI, Temporal, worker and PostgreSQL work together.
CREATE TABLE worker_checks (
    check_id   text PRIMARY KEY,
    worker     text NOT NULL,
    checked_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE worker_checks;
DROP TABLE audit_log;
DROP TABLE standard_vetoes;
DROP TABLE standard_items;
DROP TABLE standards;
DROP TABLE members;
DROP TABLE branches;
DROP TABLE units;

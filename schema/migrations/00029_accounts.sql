-- Accounts: the people who act, each in an organisation (the office, a unit, a branch), with
-- the initial secret they were given kept as an argon2id hash, and the roles granted to them,
-- each scoped to what it acts on. A revoked grant stays, with who revoked it and when; one
-- grant of a role and scope is in force at a time.

-- +goose Up
CREATE TABLE accounts (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    org         text NOT NULL,                -- office, unit:<id> or branch:<id>
    secret_hash text NOT NULL,
    must_change boolean NOT NULL DEFAULT true, -- the initial secret is to be replaced at first sign-in
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE role_grants (
    id         bigserial PRIMARY KEY,
    account_id text NOT NULL REFERENCES accounts (id),
    role       text NOT NULL CHECK (role IN ('office-admin', 'inspector', 'unit-liaison', 'discipline-committee',
                                            'deciding-body', 'party-committee', 'party-office', 'branch-secretary', 'operator')),
    scope      text NOT NULL DEFAULT '',
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL,
    revoked_by text,
    revoked_at timestamptz,
    CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);
CREATE UNIQUE INDEX role_grants_in_force ON role_grants (account_id, role, scope) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE role_grants;
DROP TABLE accounts;

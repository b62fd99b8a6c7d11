-- The audit log is chained: each row carries the hash of the row before it and its own, so that
-- a row edited or deleted afterwards breaks the chain where it was (`starter audit verify`).
-- A row's hash is sha256(previous hash || its fields), each field written as
-- <length in bytes>:<text>, in this order: chain_seq, kind, target, submission_id, actor,
-- accepted (t/f), reason, summary, recorded_at (UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ), lengths counted
-- in UTF-8 bytes whatever the database's encoding. The first row's previous hash is empty. Rows
-- are chained in the order they commit: one writer at a time links its row (a
-- transaction-scoped advisory lock) and, under READ COMMITTED (PostgreSQL's default, which the
-- product's transactions use), then sees the row the writer before it committed. Under a
-- stricter isolation it cannot: the unique chain_seq refuses its row and the transaction fails,
-- to be retried, rather than break the chain.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION audit_row_hash(prev bytea, seq bigint, kind text, target text, submission_id text, actor text,
                               accepted boolean, reason text, summary text, recorded_at timestamptz)
RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(prev || convert_to(string_agg(octet_length(convert_to(f, 'UTF8'))::text || ':' || f, '' ORDER BY n), 'UTF8'))
    FROM unnest(ARRAY[seq::text, kind, target, submission_id, actor, CASE WHEN accepted THEN 't' ELSE 'f' END,
                      reason, summary, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')])
         WITH ORDINALITY AS t (f, n)
$$;
-- +goose StatementEnd

ALTER TABLE audit_log ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN row_hash bytea;

-- the rows written before: chained in the order they were written
-- +goose StatementBegin
DO $$
DECLARE
    r    record;
    seq  bigint := 0;
    prev bytea := '';
BEGIN
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        seq := seq + 1;
        UPDATE audit_log SET chain_seq = seq, prev_hash = prev,
            row_hash = audit_row_hash(prev, seq, r.kind, r.target, r.submission_id, r.actor, r.accepted, r.reason, r.summary, r.recorded_at)
        WHERE id = r.id
        RETURNING row_hash INTO prev;
    END LOOP;
END $$;
-- +goose StatementEnd

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN row_hash SET NOT NULL, ADD CONSTRAINT audit_log_chain_seq_key UNIQUE (chain_seq);

-- +goose StatementBegin
CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    -- one writer at a time, until it commits: the next one then sees its row
    PERFORM pg_advisory_xact_lock(hashtext('wenming.audit_log.chain'));
    SELECT chain_seq, row_hash INTO last_seq, last_hash FROM audit_log ORDER BY chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(last_seq, 0) + 1;
    NEW.prev_hash := coalesce(last_hash, ''::bytea);
    NEW.row_hash := audit_row_hash(NEW.prev_hash, NEW.chain_seq, NEW.kind, NEW.target, NEW.submission_id, NEW.actor,
                                   NEW.accepted, NEW.reason, NEW.summary, NEW.recorded_at);
    RETURN NEW;
END $$;
-- +goose StatementEnd

CREATE TRIGGER audit_chain_link BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain_link();

-- +goose Down
DROP TRIGGER audit_chain_link ON audit_log;
DROP FUNCTION audit_chain_link();
ALTER TABLE audit_log DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN row_hash;
DROP FUNCTION audit_row_hash(bytea, bigint, text, text, text, text, boolean, text, text, timestamptz);

-- The audit chain links a row when its transaction commits, not when the row is written.
-- Migration 00028 linked it on insert, under a lock held until commit: a transaction that
-- wrote an audit line and then went on working (a group's sheets accepted one after another
-- in one transaction) held every other audit writer back until it ended, and acceptances
-- queued behind each other. Now a row is written outside the chain (chain_seq, prev_hash and
-- row_hash empty) and a deferred trigger links it at commit, in the order the transaction
-- wrote its rows, under the same lock, held from then to the commit only (chain values a writer
-- supplied itself are overwritten, as 00028 did). The cost: each line is written twice, the
-- second time a new row version with new index entries. The hash is the
-- rule of 00028, unchanged; rows committed are always linked (the link is part of the commit),
-- and a row found outside the chain was written with the trigger disabled: `starter audit
-- verify` reports it.

-- +goose Up
DROP TRIGGER audit_chain_link ON audit_log;
DROP FUNCTION audit_chain_link();

ALTER TABLE audit_log ALTER COLUMN chain_seq DROP NOT NULL, ALTER COLUMN prev_hash DROP NOT NULL,
    ALTER COLUMN row_hash DROP NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION audit_chain_link_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
    -- one committer at a time, until it commits: the next one then sees its rows
    PERFORM pg_advisory_xact_lock(hashtext('wenming.audit_log.chain'));
    SELECT chain_seq, row_hash INTO last_seq, last_hash FROM audit_log
    WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
    UPDATE audit_log SET chain_seq = coalesce(last_seq, 0) + 1, prev_hash = coalesce(last_hash, ''::bytea),
        row_hash = audit_row_hash(coalesce(last_hash, ''::bytea), coalesce(last_seq, 0) + 1, kind, target,
                                  submission_id, actor, accepted, reason, summary, recorded_at)
    WHERE id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE CONSTRAINT TRIGGER audit_chain_link_at_commit AFTER INSERT ON audit_log
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_chain_link_at_commit();

-- +goose Down
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM audit_log WHERE chain_seq IS NULL) THEN
        RAISE EXCEPTION 'audit_log has lines on no chain (written around its trigger; starter audit verify lists them): link or remove them before stepping back';
    END IF;
END $$;
-- +goose StatementEnd
DROP TRIGGER audit_chain_link_at_commit ON audit_log;
DROP FUNCTION audit_chain_link_at_commit();

ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN row_hash SET NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION audit_chain_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_seq  bigint;
    last_hash bytea;
BEGIN
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

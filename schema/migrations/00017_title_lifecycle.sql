-- Titles under dynamic management: each decision about a title (warn, order a rectification by
-- a deadline, take back the certificate and return it, revoke, renew, expire) is an event with
-- the submission that asked for it, so a decision sent twice is recorded once.

-- +goose Up
ALTER TABLE title_events ADD COLUMN submission_id text;
ALTER TABLE title_events ADD CONSTRAINT title_events_submission UNIQUE (title_id, submission_id);
ALTER TABLE titles ADD COLUMN rectify_by timestamptz; -- the rectification's deadline, while one is ordered
CREATE INDEX titles_status ON titles (status, term_end);

-- +goose Down
DROP INDEX titles_status;
ALTER TABLE titles DROP COLUMN rectify_by;
ALTER TABLE title_events DROP CONSTRAINT title_events_submission;
ALTER TABLE title_events DROP COLUMN submission_id;

-- A wait for people that has passed its time no longer decides by itself: an administrator
-- proceeds past it explicitly, with a reason (e.g. without the discipline committee's missing
-- opinions), and that decision is recorded as theirs.

-- +goose Up
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend', 'opinion', 'naming', 'proceed'));

-- +goose Down
DELETE FROM campaign_decisions WHERE kind = 'proceed';
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend', 'opinion', 'naming'));

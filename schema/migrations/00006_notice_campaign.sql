-- A campaign's public notice, found by the campaign's id: reports and other readers ask for
-- "the notice of campaign X", not for the id of the workflow that ran it. The notice's
-- subject names its campaign as campaign/<id> (a round's as <kind>/<period>, the round's id).

-- +goose Up
ALTER TABLE public_notices ADD COLUMN campaign_id text
    GENERATED ALWAYS AS (CASE WHEN subject LIKE 'campaign/%' THEN substr(subject, 10) END) STORED;
CREATE INDEX public_notices_campaign ON public_notices (campaign_id);

-- +goose Down
ALTER TABLE public_notices DROP COLUMN campaign_id;

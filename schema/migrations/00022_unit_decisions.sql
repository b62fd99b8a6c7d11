-- An administrator's decision on one unit of a campaign (proceeding without its inspection) is
-- that unit's: its submission id is the unit's own, so the same id sent to two units, or to the
-- campaign, is a different decision. Rows earlier builds kept as unit/<unit>/<id>, or under the
-- plain id, are given their unit.

-- +goose Up
ALTER TABLE campaign_decisions ADD COLUMN unit_id text NOT NULL DEFAULT '';
UPDATE campaign_decisions
SET unit_id = detail->>'unit', submission_id = substr(submission_id, length('unit/' || (detail->>'unit') || '/') + 1)
WHERE kind = 'proceed' AND detail ? 'unit' AND submission_id LIKE 'unit/' || (detail->>'unit') || '/%';
-- and those the build before that kept under the plain id
UPDATE campaign_decisions SET unit_id = detail->>'unit'
WHERE kind = 'proceed' AND detail->>'step' = 'inspect' AND detail ? 'unit' AND unit_id = '';
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_pkey;
ALTER TABLE campaign_decisions ADD PRIMARY KEY (campaign_id, unit_id, submission_id);

-- +goose Down
UPDATE campaign_decisions SET submission_id = 'unit/' || unit_id || '/' || submission_id WHERE unit_id <> '';
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_pkey;
ALTER TABLE campaign_decisions ADD PRIMARY KEY (campaign_id, submission_id);
ALTER TABLE campaign_decisions DROP COLUMN unit_id;

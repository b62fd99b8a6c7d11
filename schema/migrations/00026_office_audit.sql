-- 三创三树方案 四.5: 在征求市直纪工委或相关部门意见基础上，报市文明办审核. The office's audit of the
-- list before the notice is a decision of its own (kind audit): the list accepted, or names
-- returned with reasons.

-- +goose Up
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend', 'opinion', 'naming', 'proceed', 'audit'));

-- +goose Down
DELETE FROM campaign_decisions WHERE kind = 'audit';
ALTER TABLE campaign_decisions DROP CONSTRAINT campaign_decisions_kind_check;
ALTER TABLE campaign_decisions ADD CONSTRAINT campaign_decisions_kind_check CHECK (kind IN ('tie', 'extend', 'opinion', 'naming', 'proceed'));

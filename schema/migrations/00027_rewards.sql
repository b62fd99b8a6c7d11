-- 红旗党支部、党员先锋岗方案 二.（一）3、二.（二）4: 授予流动红旗（岗牌），并给予一定物质奖励; the district
-- plan: 给予"文明诚信单位"奖励1万元. A material reward, where the plan states one, is recorded
-- with the honour or the title it comes with, in the plan's words.

-- +goose Up
ALTER TABLE honors ADD COLUMN reward text NOT NULL DEFAULT '';
ALTER TABLE titles ADD COLUMN reward text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE titles DROP COLUMN reward;
ALTER TABLE honors DROP COLUMN reward;

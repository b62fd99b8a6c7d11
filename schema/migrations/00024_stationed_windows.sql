-- 三.4: 入驻市群众工作中心、市政务服务中心的窗口申报文明窗口的，分别由两个中心提出推荐意见. A
-- window stationed at such a centre names it; its declaration carries the centre's
-- recommendation, not its parent's party committee's.

-- +goose Up
ALTER TABLE units ADD COLUMN stationed_at text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE units DROP COLUMN stationed_at;

-- 红旗党支部 二.（一）2: 县局党委根据红旗党支部争创标准及党办提供的日常考核依据召开会议进行考核测评.
-- The committee's assessment names the daily-assessment records it rests on (the basis);
-- a branch's self-report has none.

-- +goose Up
ALTER TABLE redflag_scores ADD COLUMN basis text NOT NULL DEFAULT '';
ALTER TABLE redflag_scores ADD CONSTRAINT redflag_scores_basis_check CHECK (basis = '' OR kind = 'committee');

-- +goose Down
ALTER TABLE redflag_scores DROP COLUMN basis;

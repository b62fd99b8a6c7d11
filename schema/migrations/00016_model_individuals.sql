-- Model individuals (文明标兵): campaigns whose subjects are people. Each unit nominates people
-- up to a quota by its staff, each in one or more categories with an account of deeds; the
-- unit's declaration carries them, its notice before declaring lists them, and the results
-- name each person with the unit. Such a campaign has no standard: nobody scores a person.

-- +goose Up
ALTER TABLE campaigns ALTER COLUMN standard_id DROP NOT NULL;
ALTER TABLE campaigns ALTER COLUMN standard_digest DROP NOT NULL;

CREATE TABLE nominees (
    campaign_id    text NOT NULL,
    unit_id        text NOT NULL,
    person_id      text NOT NULL,
    name           text NOT NULL,
    post           text NOT NULL,       -- 单位及职务
    categories     text[] NOT NULL CHECK (cardinality(categories) > 0),
    deeds          text NOT NULL,       -- 事迹材料
    recommendation text NOT NULL,       -- 推荐意见
    recommended_by text NOT NULL,
    submission_id  text NOT NULL,
    nominated_by   text NOT NULL,
    nominated_at   timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'removed')),
    proposed       boolean NOT NULL DEFAULT false, -- on the list the review proposed
    PRIMARY KEY (campaign_id, unit_id, person_id),
    FOREIGN KEY (campaign_id, unit_id) REFERENCES campaign_units (campaign_id, unit_id)
);

CREATE TABLE nominee_results (
    campaign_id text NOT NULL,
    unit_id     text NOT NULL,
    person_id   text NOT NULL,
    outcome     text NOT NULL CHECK (outcome IN ('named', 'not_declared', 'turned_down', 'not_inspected', 'vetoed',
                                                 'removed_by_objection', 'not_approved')),
    reason      text NOT NULL DEFAULT '',
    document_no text,
    decided_at  timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, person_id),
    FOREIGN KEY (campaign_id, unit_id, person_id) REFERENCES nominees (campaign_id, unit_id, person_id)
);

-- +goose Down
DROP TABLE nominee_results;
DROP TABLE nominees;
DELETE FROM campaigns WHERE standard_id IS NULL;
ALTER TABLE campaigns ALTER COLUMN standard_digest SET NOT NULL;
ALTER TABLE campaigns ALTER COLUMN standard_id SET NOT NULL;

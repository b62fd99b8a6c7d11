-- The register of titles (称号) and honors (表彰) units and people hold, with the history of
-- what was decided about each; titles held from before the product arrive by import. The
-- declaration rules read it: a unit holding a city title or above declares only windows,
-- departments and model individuals, and the unit title needs a prior honor (三创三树方案 三.1-2).
-- A declaration now carries the recommendation opinion (推荐意见), the body that gave it, and
-- the form's 简介 (at most 800 characters).

-- +goose Up
CREATE TABLE titles (
    id           bigserial PRIMARY KEY,
    unit_id      text NOT NULL REFERENCES units (id),
    person       text NOT NULL DEFAULT '', -- empty: the unit's own title
    kind         text NOT NULL CHECK (kind IN ('civilized-unit', 'civilized-window', 'civilized-department',
                     'model-individual', 'advanced-unit', 'honor')),
    level        text NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'city-organs', 'district')),
    name         text NOT NULL,
    conferred_by text NOT NULL,
    document_no  text NOT NULL DEFAULT '',
    campaign_id  text,                     -- the campaign that named it; NULL when imported
    conferred_on date NOT NULL,
    term_end     date CHECK (term_end > conferred_on),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'warned', 'rectifying', 'suspended',
                     'revoked', 'expired', 'renewed')),
    source       text NOT NULL CHECK (source IN ('import', 'campaign')),
    UNIQUE (unit_id, person, kind, level, conferred_on)
);
CREATE INDEX titles_unit ON titles (unit_id);

-- Every decision about a title: who, when, why, under which document.
CREATE TABLE title_events (
    title_id    bigint NOT NULL REFERENCES titles (id),
    seq         integer NOT NULL,
    action      text NOT NULL,
    status      text NOT NULL,
    reason      text NOT NULL DEFAULT '',
    document_no text NOT NULL DEFAULT '',
    by_whom     text NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (title_id, seq)
);

ALTER TABLE declarations ADD COLUMN recommendation text NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN recommended_by text NOT NULL DEFAULT '';
ALTER TABLE declarations ADD COLUMN summary text NOT NULL DEFAULT ''; -- the form's 简介
-- The notice before declaring (申报前公示): NULL when the campaign has none.
ALTER TABLE declarations ADD COLUMN declaring_notice text CHECK (declaring_notice IN ('on_notice', 'passed', 'removed'));

-- +goose Down
ALTER TABLE declarations DROP COLUMN declaring_notice;
ALTER TABLE declarations DROP COLUMN summary;
ALTER TABLE declarations DROP COLUMN recommended_by;
ALTER TABLE declarations DROP COLUMN recommendation;
DROP TABLE title_events;
DROP TABLE titles;

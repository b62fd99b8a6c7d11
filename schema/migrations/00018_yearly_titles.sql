-- The year-end commendation's titles (年度优秀共产党员, 年度先进党支部) enter the register too, so
-- the year's list links to it. They are conferred by the unit's own party committee (level
-- committee, below every level the declaration rules count), held by a member or a branch
-- (holder: its id; person: the member's or the branch's name), and linked to the round.

-- +goose Up
ALTER TABLE titles ADD COLUMN holder text NOT NULL DEFAULT '';
ALTER TABLE titles ADD COLUMN round_id text REFERENCES rounds (id);
ALTER TABLE titles DROP CONSTRAINT titles_kind_check;
ALTER TABLE titles ADD CONSTRAINT titles_kind_check CHECK (kind IN ('civilized-unit', 'civilized-window',
    'civilized-department', 'model-individual', 'advanced-unit', 'honor', 'excellent-member', 'advanced-branch'));
ALTER TABLE titles DROP CONSTRAINT titles_level_check;
ALTER TABLE titles ADD CONSTRAINT titles_level_check CHECK (level IN ('national', 'provincial', 'city', 'city-organs',
    'district', 'committee'));
ALTER TABLE titles DROP CONSTRAINT titles_source_check;
ALTER TABLE titles ADD CONSTRAINT titles_source_check CHECK (source IN ('import', 'campaign', 'annual'));
-- Two members of one unit may share a name: the holder tells them apart.
ALTER TABLE titles DROP CONSTRAINT titles_unit_id_person_kind_level_conferred_on_key;
ALTER TABLE titles ADD CONSTRAINT titles_holder_key UNIQUE (unit_id, person, holder, kind, level, conferred_on);
CREATE INDEX titles_round ON titles (round_id) WHERE round_id IS NOT NULL;

-- +goose Down
DROP INDEX titles_round;
DELETE FROM title_events e USING titles t WHERE t.id = e.title_id AND t.source = 'annual';
DELETE FROM titles WHERE source = 'annual';
ALTER TABLE titles DROP CONSTRAINT titles_holder_key;
ALTER TABLE titles ADD CONSTRAINT titles_unit_id_person_kind_level_conferred_on_key UNIQUE (unit_id, person, kind, level, conferred_on);
ALTER TABLE titles DROP CONSTRAINT titles_source_check;
ALTER TABLE titles ADD CONSTRAINT titles_source_check CHECK (source IN ('import', 'campaign'));
ALTER TABLE titles DROP CONSTRAINT titles_level_check;
ALTER TABLE titles ADD CONSTRAINT titles_level_check CHECK (level IN ('national', 'provincial', 'city', 'city-organs', 'district'));
ALTER TABLE titles DROP CONSTRAINT titles_kind_check;
ALTER TABLE titles ADD CONSTRAINT titles_kind_check CHECK (kind IN ('civilized-unit', 'civilized-window',
    'civilized-department', 'model-individual', 'advanced-unit', 'honor'));
ALTER TABLE titles DROP COLUMN round_id;
ALTER TABLE titles DROP COLUMN holder;

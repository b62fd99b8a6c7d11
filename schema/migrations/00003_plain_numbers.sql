-- plain(n) prints a score without trailing zeros (88.00 -> 88, 93.50 -> 93.5), for the
-- reasons written into results; trim_scale needs PostgreSQL 13, this works on any version.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION plain(n numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN position('.' IN n::text) = 0 THEN n::text
                ELSE rtrim(rtrim(n::text, '0'), '.') END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION plain(numeric);

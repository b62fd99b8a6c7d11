-- An account's id is one person whatever its case: ZhangSan and zhangsan cannot both exist
-- (new ids are lower case; accounts of the build before may have capitals). Adding an account
-- whose id differs from an existing one only in case is refused as the id already taken.

-- +goose Up
CREATE UNIQUE INDEX accounts_id_any_case ON accounts (lower(id));

-- +goose Down
DROP INDEX accounts_id_any_case;

-- 期间发生违纪违法、因作风被主管部门通报或被媒体曝光的，取消推荐资格: exposure by the media is
-- a kind of its own, not a criticism by the authorities.

-- +goose Up
ALTER TABLE violations DROP CONSTRAINT violations_kind_check;
ALTER TABLE violations ADD CONSTRAINT violations_kind_check CHECK (kind IN ('violation', 'criticism', 'media'));

-- +goose Down
-- The build before knew no media exposure: it is kept as the nearest kind, a criticism.
UPDATE violations SET kind = 'criticism' WHERE kind = 'media';
ALTER TABLE violations DROP CONSTRAINT violations_kind_check;
ALTER TABLE violations ADD CONSTRAINT violations_kind_check CHECK (kind IN ('violation', 'criticism'));

#!/bin/sh
# Creates Temporal's two databases and sets up (or updates) their schemas with Temporal's own
# schema tool, as the cluster mode does with the same tool from the server module. Run again,
# it changes nothing.
set -eu
export SQL_PASSWORD="$(cat /run/secrets/postgres-password)"
for db in temporal:temporal temporal_visibility:visibility; do
  name=${db%%:*} dir=${db##*:}
  temporal-sql-tool --db "$name" create || true # already there
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema -d "/etc/temporal/schema/postgresql/v12/$dir/versioned"
done

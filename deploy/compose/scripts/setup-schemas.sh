#!/bin/sh
# Sets up (or updates) the schemas of Temporal's two databases with Temporal's own schema
# tool, as the cluster mode does with the same tool from the server module, as Temporal's
# role (the databases are made with the volume: initdb/10-wenming.sh). Run again, it changes
# nothing.
set -eu
SQL_PASSWORD="$(cat /run/secrets/temporal-db-password)"
export SQL_PASSWORD
for db in temporal:temporal temporal_visibility:visibility; do
  name=${db%%:*} dir=${db##*:}
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema -d "/etc/temporal/schema/postgresql/v12/$dir/versioned"
done

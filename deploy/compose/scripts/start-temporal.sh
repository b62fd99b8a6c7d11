#!/bin/sh
# Starts the Temporal server of the image with its PostgreSQL role's password read from the
# temporal-db-password secret (the image takes it only from POSTGRES_PWD).
set -eu
POSTGRES_PWD="$(cat /run/secrets/temporal-db-password)"
export POSTGRES_PWD
exec /etc/temporal/entrypoint.sh "$@"

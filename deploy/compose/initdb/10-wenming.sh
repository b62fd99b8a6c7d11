#!/bin/sh
# The product's own database and role, created on the first start of the PostgreSQL volume,
# with the password of the postgres-password secret (DATABASE_URL in secrets/worker.env).
set -eu
pw="$(cat /run/secrets/postgres-password)"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE wenming LOGIN PASSWORD '$pw';
CREATE DATABASE wenming OWNER wenming;
SQL

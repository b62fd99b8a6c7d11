#!/bin/sh
# The roles and databases, created on the first start of the PostgreSQL volume by the
# superuser (postgres, whose password is used for nothing else). Each role has its own
# password, from its own secret: temporal owns Temporal's two databases, wenming the
# product's (DATABASE_URL in secrets/worker.env carries wenming's). Neither may create
# databases or roles. psql quotes the passwords (:'...'), whatever characters they hold.
set -eu
temporal_pw="$(cat /run/secrets/temporal-db-password)"
wenming_pw="$(cat /run/secrets/wenming-db-password)"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_pw="$temporal_pw" -v wenming_pw="$wenming_pw" <<'SQL'
CREATE ROLE temporal LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'temporal_pw';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
CREATE ROLE wenming LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'wenming_pw';
CREATE DATABASE wenming OWNER wenming;
REVOKE ALL ON DATABASE temporal, temporal_visibility, wenming FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE temporal, temporal_visibility TO temporal;
GRANT CONNECT, TEMPORARY ON DATABASE wenming TO wenming;
\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
SQL

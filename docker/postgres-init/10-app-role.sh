#!/bin/sh
# Run once by the postgres image, on the database's first start (an empty volume): creates the
# application's role, which owns nothing. POSTGRES_USER (intake) owns the tables: `migrate`
# runs as it and then grants intake_app what the application needs (docs/operations.md, "Database roles").
# On a database created before this script, run the same SQL once as intake:
#   docker compose -f docker/compose.yaml --env-file docker/.env exec db psql -U intake -d intake
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$APP_DB_PASSWORD" <<'SQL'
CREATE ROLE intake_app LOGIN PASSWORD :'app_password';
-- Only the owner creates objects in the schema (already so from PostgreSQL 15 on).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL

-- Countermark's database roles for a PostgreSQL the app does not set up itself (issue 15, outcome 6;
-- docs/least-privilege.md). Run once as a role that may create roles (e.g. `postgres`), with psql:
--
--   psql -v owner=countermark_owner -v owner_password='…' -v app=countermark_web -v app_password='…' \
--        -v database=countermark -f docs/database-roles.sql "postgres://postgres@db.example/postgres"
--
-- then start the app with
--
--   DATABASE_URL=postgres://countermark_owner:…@db.example/countermark      (migrations, queue setup)
--   DATABASE_APP_URL=postgres://countermark_web:…@db.example/countermark    (everything else)
--
-- The privileges themselves are granted by the migrations (migrations/1767100000000-app-role.ts),
-- as the owner, to the group role `countermark_app`: this script only makes the roles and the
-- database. Without DATABASE_APP_URL the app makes a login role of its own
-- (countermark_app_<database>) and needs an owner with CREATEROLE; with this script it needs none.

-- The owner: owns the database, its schemas and every object the migrations create. Not a superuser.
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;

-- The privileges the app works with (a group: nobody logs in as it), one per cluster: a second
-- database on the same server reuses it. The owner grants to it and needs no ADMIN on it for that.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'countermark_app') THEN
    CREATE ROLE countermark_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END $$;

-- The role the app connects as: a member of countermark_app, owning nothing, not a superuser,
-- no row-level-security bypass.
CREATE ROLE :"app" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT IN ROLE countermark_app;

CREATE DATABASE :"database" OWNER :"owner" ENCODING 'UTF8';

\connect :"database"

-- The extensions the first migration asks for (CREATE EXTENSION IF NOT EXISTS): made here by the
-- server's administrator, so the owner needs no right to create extensions.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- PostgreSQL 15+ already gives PUBLIC no CREATE on the public schema; older servers need this for
-- "the app cannot create tables" to hold (the owner of the database owns public from 15 on).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"owner";

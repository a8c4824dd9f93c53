import type { ServerMigration } from '../migration.ts'

/**
 * The runtime role and the first table. Migrations run as the database's owner; requests run as
 * `twofold_server`, which cannot log in, owns nothing and is subject to row-level security, so a bug
 * or an injection in a request cannot alter the schema or step around a policy. Roles belong to the
 * whole cluster: several Twofold databases on one server share it, so creating it tolerates an earlier
 * (or concurrent) creation, and refuses a same-named role with more rights instead of using it.
 */
export const migration001: ServerMigration = {
  version: 1,
  name: 'runtime role and setup codes',
  sql: /* sql */ `
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'twofold_server') THEN
    BEGIN
      CREATE ROLE twofold_server NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database's migration created it a moment ago
    END;
  END IF;
  IF EXISTS (
    SELECT FROM pg_roles WHERE rolname = 'twofold_server'
      AND (rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication)
  ) THEN
    RAISE EXCEPTION 'the role twofold_server has rights the server must not have (LOGIN, SUPERUSER, BYPASSRLS, CREATEROLE, CREATEDB or REPLICATION): remove them';
  END IF;
  -- The owner switches to the role on each connection. From PostgreSQL 16 on, a CREATEROLE owner
  -- that created the role holds it with ADMIN only, and SET has to be granted explicitly.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF current_setting('server_version_num')::int >= 160000 THEN
      EXECUTE format('GRANT twofold_server TO %I WITH SET TRUE', current_user);
    ELSE
      EXECUTE format('GRANT twofold_server TO %I', current_user);
    END IF;
  END IF;
END
$$;

CREATE TABLE schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a code is kept: a dump of the database cannot create a team.
CREATE TABLE team_setup_codes (
  code_hash bytea PRIMARY KEY CHECK (octet_length(code_hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
GRANT SELECT, INSERT, UPDATE, DELETE ON team_setup_codes TO twofold_server;
`,
}

import type { ServerMigration } from '../migration.ts'

/**
 * The team vault's tables, their row-level security and the runtime role's privileges. Everything a
 * person would call content (a secret, a handle, a phone number, a note, a client's name, a backup code)
 * is stored only as bytes sealed on the desktops; what stays readable is what the server needs to route
 * and authorise.
 *
 * Row-level security is a second wall behind that encryption: every table is limited to the team of the
 * request, and the tables of a client's content to the clients the calling member holds (owner and
 * admins: all; members: the granted ones). The server sets both per transaction with
 * set_config('twofold.team_id', …, true) and set_config('twofold.member_id', …, true). Ids are chosen
 * by the desktops, so every key is per team: one team's ids can neither collide with nor probe another's.
 */
export const migration002: ServerMigration = {
  version: 2,
  name: 'team vault',
  sql: /* sql */ `
CREATE FUNCTION twofold_current_team() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('twofold.team_id', true), '')::uuid $$;

CREATE FUNCTION twofold_current_member() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('twofold.member_id', true), '')::uuid $$;

CREATE TABLE teams (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Moves with every write a device must see; rows are stamped with it so changes?since=N is exact.
  seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  team_id uuid NOT NULL REFERENCES teams (id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  status text NOT NULL CHECK (status IN ('invited', 'joined', 'active', 'removed')),
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id)
);

CREATE TABLE devices (
  team_id uuid NOT NULL,
  id uuid NOT NULL,
  member_id uuid NOT NULL,
  agreement_key bytea NOT NULL CHECK (length(agreement_key) = 32),
  signing_key bytea NOT NULL CHECK (length(signing_key) = 32),
  certificate bytea CHECK (length(certificate) = 64),
  -- Signed as written, so kept as the text the certifying device signed.
  issued_at text,
  certified_by uuid,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
  join_proof bytea,
  invite_id uuid,
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, member_id) REFERENCES members (team_id, id)
);
CREATE INDEX devices_member ON devices (team_id, member_id);

CREATE TABLE invites (
  team_id uuid NOT NULL,
  id uuid NOT NULL,
  member_id uuid NOT NULL,
  -- SHA-256 of the joiner's auth value; the invite secret itself never reaches the server.
  auth_hash bytea NOT NULL CHECK (length(auth_hash) = 32),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_by_member uuid NOT NULL,
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, member_id) REFERENCES members (team_id, id)
);

CREATE TABLE clients (
  team_id uuid NOT NULL REFERENCES teams (id),
  id uuid NOT NULL,
  sealed_name bytea NOT NULL,
  key_version integer NOT NULL CHECK (key_version >= 1),
  seq bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id)
);

CREATE TABLE grants (
  team_id uuid NOT NULL,
  member_id uuid NOT NULL,
  client_id uuid NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, member_id, client_id),
  FOREIGN KEY (team_id, member_id) REFERENCES members (team_id, id),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, id)
);

CREATE TABLE wrapped_keys (
  team_id uuid NOT NULL,
  client_id uuid NOT NULL,
  device_id uuid NOT NULL,
  key_version integer NOT NULL,
  wrapped bytea NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, client_id, device_id, key_version),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, id),
  FOREIGN KEY (team_id, device_id) REFERENCES devices (team_id, id)
);
CREATE INDEX wrapped_keys_device ON wrapped_keys (team_id, device_id);

CREATE TABLE records (
  team_id uuid NOT NULL,
  client_id uuid NOT NULL,
  account_id uuid NOT NULL,
  revision bigint NOT NULL CHECK (revision >= 1),
  key_version integer NOT NULL,
  sealed bytea NOT NULL,
  deleted boolean NOT NULL,
  seq bigint NOT NULL,
  updated_by_member uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Set when someone who held the client left: they could have copied this account's secret.
  exposed_since timestamptz,
  PRIMARY KEY (team_id, client_id, account_id),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, id)
);
CREATE INDEX records_seq ON records (team_id, seq);

CREATE TABLE backup_code_sets (
  team_id uuid NOT NULL,
  id uuid NOT NULL,
  client_id uuid NOT NULL,
  account_id uuid NOT NULL,
  key_version integer NOT NULL,
  total integer NOT NULL CHECK (total BETWEEN 1 AND 100),
  -- A newer set replaced this one: its unclaimed codes are no longer handed out.
  retired_at timestamptz,
  seq bigint NOT NULL,
  created_by_member uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, id),
  FOREIGN KEY (team_id, client_id, account_id) REFERENCES records (team_id, client_id, account_id)
);
CREATE INDEX backup_code_sets_client ON backup_code_sets (team_id, client_id);

CREATE TABLE backup_codes (
  team_id uuid NOT NULL,
  set_id uuid NOT NULL,
  client_id uuid NOT NULL,
  idx integer NOT NULL CHECK (idx BETWEEN 0 AND 99),
  sealed bytea NOT NULL,
  claimed_by_device uuid,
  claimed_by_member uuid,
  claimed_at timestamptz,
  PRIMARY KEY (team_id, set_id, idx),
  FOREIGN KEY (team_id, set_id) REFERENCES backup_code_sets (team_id, id)
);
CREATE INDEX backup_codes_client ON backup_codes (team_id, client_id);

-- Each request token's id, kept until the token would be refused anyway: a second use is a replay.
CREATE TABLE token_uses (
  team_id uuid NOT NULL REFERENCES teams (id),
  jti text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, jti)
);
CREATE INDEX token_uses_expiry ON token_uses (team_id, expires_at);

-- Written by the server as things happen, hash-chained (electron/core/team/crypto/audit-chain.ts);
-- the server's role may only add and read rows.
CREATE TABLE audit (
  team_id uuid NOT NULL REFERENCES teams (id),
  seq bigint NOT NULL CHECK (seq >= 1),
  at timestamptz NOT NULL,
  actor_member uuid,
  actor_device uuid,
  kind text NOT NULL,
  subject jsonb NOT NULL,
  reported boolean NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  PRIMARY KEY (team_id, seq)
);

-- Whether the calling member holds a client: the owner and admins hold all, a member the granted ones.
-- Runs as the caller, so the members and grants it reads are themselves limited to the caller's team.
CREATE FUNCTION twofold_holds_client(client uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT EXISTS (
      SELECT 1 FROM members m
      WHERE m.team_id = twofold_current_team()
        AND m.id = twofold_current_member()
        AND m.status = 'active'
        AND (
          m.role IN ('owner', 'admin')
          OR EXISTS (
            SELECT 1 FROM grants g
            WHERE g.team_id = m.team_id AND g.member_id = m.id AND g.client_id = client
          )
        )
    )
  $$;

ALTER TABLE teams ENABLE ROW LEVEL SECURITY;
ALTER TABLE teams FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON teams USING (id = twofold_current_team());

ALTER TABLE members ENABLE ROW LEVEL SECURITY;
ALTER TABLE members FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON members USING (team_id = twofold_current_team());

ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON devices USING (team_id = twofold_current_team());

ALTER TABLE invites ENABLE ROW LEVEL SECURITY;
ALTER TABLE invites FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON invites USING (team_id = twofold_current_team());

ALTER TABLE grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE grants FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON grants USING (team_id = twofold_current_team());

ALTER TABLE token_uses ENABLE ROW LEVEL SECURITY;
ALTER TABLE token_uses FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON token_uses USING (team_id = twofold_current_team());

ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON audit USING (team_id = twofold_current_team());

ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON clients
  USING (team_id = twofold_current_team() AND twofold_holds_client(id));

ALTER TABLE wrapped_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE wrapped_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON wrapped_keys
  USING (team_id = twofold_current_team() AND twofold_holds_client(client_id));

ALTER TABLE records ENABLE ROW LEVEL SECURITY;
ALTER TABLE records FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON records
  USING (team_id = twofold_current_team() AND twofold_holds_client(client_id));

ALTER TABLE backup_code_sets ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_code_sets FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON backup_code_sets
  USING (team_id = twofold_current_team() AND twofold_holds_client(client_id));

ALTER TABLE backup_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE backup_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON backup_codes
  USING (team_id = twofold_current_team() AND twofold_holds_client(client_id));

-- Exactly what the handlers do, nothing more: the role owns nothing, never deletes a member, a device,
-- a client or a record (they are marked), and only adds to the audit log.
GRANT SELECT, INSERT, UPDATE (seq) ON teams TO twofold_server;
GRANT SELECT, INSERT, UPDATE (status, seq) ON members TO twofold_server;
GRANT SELECT, INSERT, UPDATE (certificate, issued_at, certified_by, status, seq) ON devices TO twofold_server;
GRANT SELECT, INSERT, UPDATE (used_at) ON invites TO twofold_server;
GRANT SELECT, INSERT, UPDATE (sealed_name, key_version, seq) ON clients TO twofold_server;
GRANT SELECT, INSERT, DELETE ON grants TO twofold_server;
GRANT SELECT, INSERT, DELETE ON wrapped_keys TO twofold_server;
GRANT SELECT, INSERT,
  UPDATE (revision, key_version, sealed, deleted, seq, updated_by_member, updated_at, exposed_since)
  ON records TO twofold_server;
GRANT SELECT, INSERT, UPDATE (key_version, retired_at, seq) ON backup_code_sets TO twofold_server;
GRANT SELECT, INSERT, UPDATE (sealed, claimed_by_device, claimed_by_member, claimed_at)
  ON backup_codes TO twofold_server;
GRANT SELECT, INSERT, DELETE ON token_uses TO twofold_server;
GRANT SELECT, INSERT ON audit TO twofold_server;
`,
}

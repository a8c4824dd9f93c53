import type { ServerMigration } from '../migration.ts'

/**
 * The code inbox (docs/inbox.md): a client's inbox public key (its private half sealed under the client
 * key), the client's receiving numbers, and the messages sealed to the inbox key. A number is kept only
 * as an HMAC under the server's inbox secret, which lives outside the database, so a dump lists no
 * numbers (android-sms-gateway's numbers are also kept sealed under a key derived from that secret,
 * to name them in the sealed message); a provider's message id likewise (it only has to be recognised again, for duplicates).
 *
 * Row-level security as for the content tables: the team of the request, and for keys and messages the
 * clients the calling member holds. A webhook has no member: the receiver sets
 * `twofold.inbox_receiver` for its own transaction to find the key it seals to, store the message and
 * sweep expired ones.
 */
export const migration006: ServerMigration = {
  version: 6,
  name: 'code inbox',
  sql: /* sql */ `
CREATE FUNCTION twofold_inbox_receiver() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('twofold.inbox_receiver', true), '') = 'on' $$;

CREATE TABLE inbox_settings (
  team_id uuid PRIMARY KEY REFERENCES teams (id),
  retention_hours integer NOT NULL DEFAULT 24 CHECK (retention_hours BETWEEN 1 AND 720)
);

-- Messages to a number no client registered: counted, never stored (an operator's hint at a
-- misconfigured provider or a number someone forgot to enable).
CREATE TABLE inbox_drops (
  team_id uuid NOT NULL REFERENCES teams (id),
  provider text NOT NULL CHECK (provider IN ('twilio', 'meta-whatsapp', 'android-sms-gateway', 'json')),
  unknown_number bigint NOT NULL DEFAULT 0,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, provider)
);

CREATE TABLE inbox_keys (
  team_id uuid NOT NULL,
  client_id uuid NOT NULL,
  key_version integer NOT NULL CHECK (key_version >= 1),
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  sealed_private_key bytea NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, client_id),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, id)
);

CREATE TABLE inbox_numbers (
  team_id uuid NOT NULL,
  -- HMAC-SHA256 of the E.164 number under a key only the server process has.
  number_hash bytea NOT NULL CHECK (length(number_hash) = 32),
  -- android-sms-gateway's per-number URL part, derived from number_hash.
  line_id text NOT NULL CHECK (length(line_id) BETWEEN 16 AND 64),
  -- The number itself, sealed under another key derived from that secret: android-sms-gateway posts
  -- do not say which number received them, and a device matches a code by its receiving number.
  sealed_number bytea NOT NULL,
  client_id uuid NOT NULL,
  PRIMARY KEY (team_id, number_hash),
  UNIQUE (team_id, line_id),
  FOREIGN KEY (team_id, client_id) REFERENCES inbox_keys (team_id, client_id)
);
CREATE INDEX inbox_numbers_client ON inbox_numbers (team_id, client_id);

CREATE TABLE inbox_messages (
  team_id uuid NOT NULL,
  id uuid NOT NULL,
  client_id uuid NOT NULL,
  provider text NOT NULL CHECK (provider IN ('twilio', 'meta-whatsapp', 'android-sms-gateway', 'json')),
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
  provider_message_hash bytea NOT NULL CHECK (length(provider_message_hash) = 32),
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  sealed bytea NOT NULL,
  received_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, id),
  UNIQUE (team_id, provider, provider_message_hash),
  FOREIGN KEY (team_id, client_id) REFERENCES clients (team_id, id)
);
CREATE INDEX inbox_messages_seq ON inbox_messages (team_id, seq);
CREATE INDEX inbox_messages_expiry ON inbox_messages (team_id, expires_at);

ALTER TABLE inbox_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON inbox_settings USING (team_id = twofold_current_team());

ALTER TABLE inbox_drops ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_drops FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON inbox_drops USING (team_id = twofold_current_team());

ALTER TABLE inbox_numbers ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_numbers FORCE ROW LEVEL SECURITY;
CREATE POLICY team_rows ON inbox_numbers USING (team_id = twofold_current_team());

ALTER TABLE inbox_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON inbox_keys
  USING (team_id = twofold_current_team() AND (twofold_holds_client(client_id) OR twofold_inbox_receiver()));

ALTER TABLE inbox_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON inbox_messages
  USING (team_id = twofold_current_team() AND (twofold_holds_client(client_id) OR twofold_inbox_receiver()));

-- Messages are only added and deleted (expired, or swept): never rewritten.
GRANT SELECT, INSERT, UPDATE (retention_hours) ON inbox_settings TO twofold_server;
GRANT SELECT, INSERT, UPDATE (unknown_number, last_at) ON inbox_drops TO twofold_server;
GRANT SELECT, INSERT, UPDATE (key_version, public_key, sealed_private_key, seq) ON inbox_keys TO twofold_server;
GRANT SELECT, INSERT, DELETE ON inbox_numbers TO twofold_server;
GRANT SELECT, INSERT, DELETE ON inbox_messages TO twofold_server;
`,
}

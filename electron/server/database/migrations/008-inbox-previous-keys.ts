import type { ServerMigration } from '../migration.ts'

/**
 * A client's earlier inbox keys, kept after a key rotation while stored messages are still sealed to
 * them: devices keep opened inbox keys in memory only, so after a restart (or on a device that was
 * offline during the rotation, or in a CLI run) the messages that arrived just before the rotation
 * open only if the old private key is still to be had. The rotating device re-seals it under the new
 * client key. A separate table rather than a second row in inbox_keys: the webhook receiver seals to
 * the one row of inbox_keys per client, and inbox_numbers refers to it.
 *
 * Row-level security as for inbox_keys, without the receiver: it never seals to an earlier key.
 */
export const migration008: ServerMigration = {
  version: 8,
  name: 'inbox previous keys',
  sql: /* sql */ `
CREATE TABLE inbox_previous_keys (
  team_id uuid NOT NULL,
  client_id uuid NOT NULL,
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  -- The client key version its private key is sealed under: the client's current one.
  key_version integer NOT NULL CHECK (key_version >= 1),
  sealed_private_key bytea NOT NULL,
  PRIMARY KEY (team_id, client_id, public_key),
  FOREIGN KEY (team_id, client_id) REFERENCES inbox_keys (team_id, client_id)
);
CREATE INDEX inbox_messages_key ON inbox_messages (team_id, client_id, public_key);

ALTER TABLE inbox_previous_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_previous_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY held_clients ON inbox_previous_keys
  USING (team_id = twofold_current_team() AND twofold_holds_client(client_id));

GRANT SELECT, INSERT, DELETE ON inbox_previous_keys TO twofold_server;
`,
}

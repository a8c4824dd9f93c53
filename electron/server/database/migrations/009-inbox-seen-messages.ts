import type { ServerMigration } from '../migration.ts'

/**
 * Which provider messages the team has received, remembered long after the message itself: a
 * duplicate was recognised only while its row in inbox_messages existed, so a captured signed post
 * without a timestamp of its own (Twilio's) replayed after the retention was stored again as a fresh
 * code. Kept until `forget_at` (the receiver sets it 30 days past the longest retention, 720 h), swept
 * by the receiver. Only the keyed hash of the provider's id, as in inbox_messages.
 *
 * The messages already stored are remembered from their arrival. Only the webhook receiver sees
 * these rows: no member's request needs them.
 */
export const migration009: ServerMigration = {
  version: 9,
  name: 'inbox seen messages',
  sql: /* sql */ `
CREATE TABLE inbox_seen_messages (
  team_id uuid NOT NULL REFERENCES teams (id),
  provider text NOT NULL CHECK (provider IN ('twilio', 'meta-whatsapp', 'android-sms-gateway', 'json')),
  provider_message_hash bytea NOT NULL CHECK (length(provider_message_hash) = 32),
  forget_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, provider, provider_message_hash)
);
CREATE INDEX inbox_seen_messages_forget ON inbox_seen_messages (team_id, forget_at);

INSERT INTO inbox_seen_messages (team_id, provider, provider_message_hash, forget_at)
  SELECT team_id, provider, provider_message_hash, received_at + interval '60 days' FROM inbox_messages;

ALTER TABLE inbox_seen_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_seen_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY receiver_rows ON inbox_seen_messages
  USING (team_id = twofold_current_team() AND twofold_inbox_receiver());

GRANT SELECT, INSERT, DELETE ON inbox_seen_messages TO twofold_server;
`,
}

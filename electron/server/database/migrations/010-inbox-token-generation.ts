import type { ServerMigration } from '../migration.ts'

/**
 * The json forwarder's token was derived from the server's inbox secret and the team id alone, so a
 * URL once seen (a removed admin, a lost forwarder phone) took made-up messages for good. The token
 * now mixes in this per-team generation; an admin's rotation raises it and the old URL stops working.
 * Generation 0 gives the token as before, so forwarders set up earlier keep working until a rotation.
 */
export const migration010: ServerMigration = {
  version: 10,
  name: 'inbox token generation',
  sql: /* sql */ `
ALTER TABLE inbox_settings
  ADD COLUMN json_token_generation integer NOT NULL DEFAULT 0 CHECK (json_token_generation >= 0);

GRANT UPDATE (json_token_generation) ON inbox_settings TO twofold_server;
`,
}

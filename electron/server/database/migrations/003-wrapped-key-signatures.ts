import type { ServerMigration } from '../migration.ts'

/**
 * Who wrapped each client key: the wrapping device's id and its Ed25519 signature over the wrapped key
 * and its place. HPKE base mode does not say who sealed a key, so without this the server (or whoever
 * runs its database) could wrap a key of its own to a member's device. Rows stored before this migration
 * keep both columns null; devices refuse such a key unless they already held it.
 */
export const migration003: ServerMigration = {
  version: 3,
  name: 'wrapped key signatures',
  sql: /* sql */ `
ALTER TABLE wrapped_keys
  ADD COLUMN signed_by uuid,
  ADD COLUMN signature bytea CHECK (octet_length(signature) = 64),
  ADD CONSTRAINT wrapped_keys_signed_whole CHECK ((signed_by IS NULL) = (signature IS NULL)),
  ADD CONSTRAINT wrapped_keys_signer FOREIGN KEY (team_id, signed_by) REFERENCES devices (team_id, id);
`,
}

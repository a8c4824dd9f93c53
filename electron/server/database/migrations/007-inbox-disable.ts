import type { ServerMigration } from '../migration.ts'

/**
 * An admin can turn a client's code inbox off (`team:inbox-disable`): the runtime role may now delete
 * the client's inbox key, after its numbers and messages, in the same transaction. Row-level security
 * still limits it to the request's team and the clients the calling member holds.
 */
export const migration007: ServerMigration = {
  version: 7,
  name: 'inbox disable',
  sql: /* sql */ `
GRANT DELETE ON inbox_keys TO twofold_server;
`,
}

import type { ServerMigration } from '../migration.ts'

/**
 * A member's role can change after the invite (make admin, make member again): the runtime role may
 * now update that one column. The handler changes it only together with the member's certificates
 * (which name the role) in the same transaction.
 */
export const migration005: ServerMigration = {
  version: 5,
  name: 'member roles',
  sql: /* sql */ `
GRANT UPDATE (role) ON members TO twofold_server;
`,
}

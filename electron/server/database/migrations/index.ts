import type { ServerMigration } from '../migration.ts'
import { migration001 } from './001-runtime-role-and-setup-codes.ts'
import { migration002 } from './002-team.ts'
import { migration003 } from './003-wrapped-key-signatures.ts'
import { migration004 } from './004-exposure-progress.ts'
import { migration005 } from './005-member-roles.ts'
import { migration006 } from './006-code-inbox.ts'
import { migration007 } from './007-inbox-disable.ts'
import { migration008 } from './008-inbox-previous-keys.ts'
import { migration009 } from './009-inbox-seen-messages.ts'
import { migration010 } from './010-inbox-token-generation.ts'

/** In order. Never edit a migration that has shipped: add the next number instead (one import, one line). */
export const serverMigrations: readonly ServerMigration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
]

export const LATEST_SERVER_SCHEMA_VERSION = serverMigrations.at(-1)?.version ?? 0

import type { Migration } from './migration.ts'
import { migration001 } from './001-vault-and-key-slots.ts'
import { migration002 } from './002-accounts-methods-audit.ts'
import { migration003 } from './003-backup-slots.ts'
import { migration004 } from './004-backup-slot-checks.ts'
import { migration005 } from './005-last-copied-index.ts'
import { migration006 } from './006-audit-chain.ts'
import { migration007 } from './007-key-rotation.ts'
import { migration008 } from './008-change-journal.ts'
import { migration009 } from './009-team.ts'
import { migration010 } from './010-team-agreed-deletion.ts'
import { migration011 } from './011-team-exposure-progress.ts'
import { migration012 } from './012-unlock-attempts-in-flight.ts'
import { migration013 } from './013-team-last-change.ts'
import { migration014 } from './014-team-backup-code-sets-journaled.ts'

/** In order. Never edit a migration that has shipped: add the next number instead. */
export const migrations: readonly Migration[] = [
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
  migration011,
  migration012,
  migration013,
  migration014,
]

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0

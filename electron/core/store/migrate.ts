import type Database from 'better-sqlite3'
import { TwofoldError } from '../errors.ts'
import { migrations as allMigrations } from './migrations/index.ts'
import type { Migration } from './migrations/migration.ts'

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Brings the schema up to date, each migration in its own transaction together with its
 * `user_version`, so a crash leaves the file at a clean version. A file written by a newer Twofold is
 * refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations): number {
  const latest = migrations.at(-1)?.version ?? 0
  const current = schemaVersion(db)
  if (current > latest) {
    throw new TwofoldError(
      'vault-too-new',
      `This vault was written by a newer version of Twofold (format ${current}; this version reads up to ${latest}). Update Twofold to open it.`,
    )
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
  return schemaVersion(db)
}

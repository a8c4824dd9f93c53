import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../electron/core/store/migrate.ts'
import { NOT_SEALED_UNDER_VAULT_KEY, SEALED_COLUMNS } from '../../../electron/core/vault/sealed-columns.ts'

/**
 * A password change re-seals what SEALED_COLUMNS lists and nothing else: a sealed column missing from
 * it would be left under the old key and stop opening. So every BLOB column of the schema must be
 * listed there, or among the columns that are not sealed under the vault key, with a reason.
 */
describe('the list of sealed columns a new vault key re-seals', () => {
  const db = new Database(':memory:')
  migrate(db)
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string
    }[]
  ).map((row) => row.name)
  const blobColumns = tables.flatMap((table) =>
    (db.pragma(`table_info(${table})`) as { name: string; type: string }[])
      .filter((column) => column.type.toUpperCase() === 'BLOB')
      .map((column) => `${table}.${column.name}`),
  )
  const listed = new Set(SEALED_COLUMNS.map((entry) => `${entry.table}.${entry.column}`))

  it('names every BLOB column of the schema, sealed or not', () => {
    const unaccounted = blobColumns.filter(
      (column) => !listed.has(column) && !(column in NOT_SEALED_UNDER_VAULT_KEY),
    )
    expect(unaccounted).toEqual([])
  })

  it('names only columns that exist', () => {
    const all = new Set(blobColumns)
    expect(
      [...listed, ...Object.keys(NOT_SEALED_UNDER_VAULT_KEY)].filter((column) => !all.has(column)),
    ).toEqual([])
  })
})

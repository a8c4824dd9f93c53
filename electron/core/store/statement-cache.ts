import type Database from 'better-sqlite3'

/**
 * Compiled statements, kept per connection. Compiling was most of what a one-row read or write cost
 * (adding 10,000 accounts one by one took about a minute, under half that with this cache), so the
 * statements run once per account are compiled once per connection instead. Only fixed SQL belongs
 * here: the cache never shrinks. Entries go with their connection.
 */
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>()

export function cachedStatement<Parameters extends unknown[] = unknown[]>(
  db: Database.Database,
  sql: string,
): Database.Statement<Parameters> {
  let statements = cache.get(db)
  if (statements === undefined) {
    statements = new Map()
    cache.set(db, statements)
  }
  let statement = statements.get(sql)
  if (statement === undefined) {
    statement = db.prepare(sql)
    statements.set(sql, statement)
  }
  return statement as Database.Statement<Parameters>
}

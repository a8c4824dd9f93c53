import type Database from 'better-sqlite3'
import { accessSync, constants } from 'node:fs'
import { TwofoldError } from '../errors.ts'

/**
 * Turns what SQLite and the file system say about a full or read-only disk into words a person can act
 * on. Anything else passes through untouched.
 */
export function toStorageError(error: unknown, location: string): unknown {
  if (error instanceof TwofoldError) return error
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'SQLITE_IOERR_SHMSIZE') {
    return new TwofoldError(
      'disk-full',
      `The disk holding the vault (${location}) is full. Nothing was changed; free some space and try again.`,
    )
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_READONLY') ||
      code === 'EROFS' ||
      code === 'EACCES' ||
      code === 'EPERM' ||
      // A WAL vault cannot even be opened for reading where its -shm file cannot be created.
      (code === 'SQLITE_CANTOPEN' && !writable(location)))
  ) {
    return new TwofoldError(
      'read-only',
      `Twofold cannot write to the vault folder (${location}): it is read-only or not yours. Nothing was changed.`,
    )
  }
  // The busy timeout ran out (open-database.ts): another process kept the write lock all that time.
  // SQLite rolled back the statement or transaction, so nothing of this step was written.
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
    return new TwofoldError(
      'vault-busy',
      'The vault is busy in another Twofold process (the app or another twofold command). Nothing was changed; try again when it has finished.',
    )
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new TwofoldError(
      'vault-corrupt',
      `The vault file in ${location} is damaged or is not a Twofold vault.`,
    )
  }
  return error
}

export function withStorageErrors<T>(location: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw toStorageError(error, location)
  }
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK)
    return true
  } catch {
    return false
  }
}

type Rows = (...params: unknown[]) => unknown

/**
 * Makes every statement, transaction, `exec` and `pragma` on this connection report a full or
 * read-only disk as a TwofoldError. Without it, any write outside the vault module (an account saved,
 * a code's use audited, a setting changed) reached people as "something went wrong" on a full disk.
 */
export function reportStorageErrors(db: Database.Database, location: string): Database.Database {
  const guard =
    (run: Rows): Rows =>
    (...params) =>
      withStorageErrors(location, () => run(...params))
  const prepare = db.prepare.bind(db)
  db.prepare = (source: string) => guardStatement(prepare(source), guard)
  const transaction = db.transaction.bind(db)
  db.transaction = ((work: Rows) => {
    const plain = transaction(work)
    // The variants keep better-sqlite3's shape: each one carries all the others, as the original does.
    // The default is BEGIN IMMEDIATE, not SQLite's deferred BEGIN: a deferred transaction that reads
    // and then writes cannot wait for another process's write (its snapshot is stale by then) and fails
    // at once with SQLITE_BUSY, whatever the busy timeout. Taking the write lock first makes it wait its
    // turn. `.deferred` stays for a read-only snapshot that must not wait for writers.
    const variants = {
      default: guard((...params) => plain.immediate(...params)),
      deferred: guard((...params) => plain.deferred(...params)),
      immediate: guard((...params) => plain.immediate(...params)),
      exclusive: guard((...params) => plain.exclusive(...params)),
    }
    for (const variant of Object.values(variants)) {
      Object.defineProperties(variant, {
        default: { value: variants.default },
        deferred: { value: variants.deferred },
        immediate: { value: variants.immediate },
        exclusive: { value: variants.exclusive },
        database: { value: db, enumerable: true },
      })
    }
    return variants.default
  }) as typeof db.transaction
  const exec = db.exec.bind(db)
  db.exec = (source: string) => withStorageErrors(location, () => exec(source))
  const pragma = db.pragma.bind(db)
  db.pragma = (source: string, options?: Database.PragmaOptions) =>
    withStorageErrors(location, () => pragma(source, options))
  return db
}

function guardStatement<S extends Database.Statement<unknown[], unknown>>(
  statement: S,
  guard: (run: Rows) => Rows,
): S {
  const run: Rows = statement.run.bind(statement)
  const get: Rows = statement.get.bind(statement)
  const all: Rows = statement.all.bind(statement)
  const iterate: (...params: unknown[]) => IterableIterator<unknown> = statement.iterate.bind(statement)
  const next = guard((rows) => (rows as IterableIterator<unknown>).next())
  const method = (value: unknown) => ({ value, configurable: true, writable: true })
  Object.defineProperties(statement, {
    run: method(guard(run)),
    get: method(guard(get)),
    all: method(guard(all)),
    iterate: method(function* (...params: unknown[]) {
      const rows = guard(iterate)(...params) as IterableIterator<unknown>
      for (;;) {
        const step = next(rows) as IteratorResult<unknown>
        if (step.done) return
        yield step.value
      }
    }),
  })
  return statement
}

import type Database from 'better-sqlite3'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { KEY_BYTES, open, seal } from '../crypto/aead.ts'
import { withoutKeyCheckTraces } from '../crypto/key-check-traces.ts'
import { randomSecret } from '../crypto/secret-bytes.ts'
import { TwofoldError } from '../errors.ts'
import { cachedStatement } from '../store/statement-cache.ts'

/**
 * The audit log's rows chained by HMAC, so a row dropped, edited or slipped in by someone who went
 * around the database's append-only triggers (a raw SQLite connection, a hex editor) is found.
 *
 * The chain key is a random 256-bit key of its own, sealed under the vault key in
 * `audit_chain.sealed_key` (row 1): a vault-key rotation re-seals it like any other secret column and
 * the chain stays valid; the vault key itself never keys a MAC.
 *
 * One HMAC-SHA512 per row, over the previous row's mark and every field of the row (its id included),
 * gives two halves: the row's mark (`chain_mac`) and a head seal that only the newest row's is kept
 * of (`audit_chain.head_seal`), so rows cut from the end are found too — nobody without the key can
 * make the seal of the row before. Rows older than the chain (a vault from before migration 006) are
 * the legacy prefix: marked once, as a whole, when the chain starts at the first unlock.
 *
 * What it cannot catch: someone who keeps an old copy of the file and puts it back whole (a rollback
 * of the vault, not an edit of its history); or someone who strips the chain entirely — record, marks
 * and schema version — so the vault looks like one from before it, whose history is then sealed as
 * found. Only the record removed while marks remain is caught (`restarted`).
 */

const CHAIN_LABEL = 'twofold audit chain v1'
const SEALED_KEY_PLACE = { table: 'audit_chain', row: 1, column: 'sealed_key' } as const

export interface AuditRow {
  id: number
  at: string
  actor: string
  action: string
  account_id: string | null
  detail: string
}

export type AuditChainVerification =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; problem: string }

interface ChainState {
  sealed_key: Buffer
  start_id: number
  restarted: number
  legacy_mac: Buffer
  head_id: number
  head_mac: Buffer
  head_seal: Buffer
}

/** A row's mark and the seal the head keeps while it is the newest. */
interface Marks {
  mac: Buffer
  headSeal: Buffer
}

/**
 * The chain key, the chain started first when it has not been (a new vault, or the first unlock after
 * the upgrade). The caller keeps it only while it may append, and wipes it.
 */
export function openAuditChainKey(db: Database.Database, vaultKey: Buffer): Buffer {
  return inWriteTransaction(db, () => {
    const state = readState(db)
    if (state) return open(vaultKey, SEALED_KEY_PLACE, state.sealed_key)
    const key = randomSecret(KEY_BYTES)
    const startId = nextId(db)
    // Marked rows but no record: someone removed it. The log goes on (people must keep working), but
    // the new chain says so, sealed, and verification reports it for good.
    const restarted = db.prepare('SELECT 1 FROM audit_log WHERE chain_mac IS NOT NULL LIMIT 1').get() ? 1 : 0
    const legacy = legacyMarks(db, key, startId, restarted)
    db.prepare(
      `INSERT INTO audit_chain (id, sealed_key, start_id, restarted, legacy_mac, head_id, head_mac, head_seal)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      seal(vaultKey, SEALED_KEY_PLACE, key),
      startId,
      restarted,
      legacy.mac,
      startId - 1,
      legacy.mac,
      legacy.headSeal,
    )
    return key
  })
}

/** Adds one row, chained to the head, and moves the head: one transaction. */
export function appendChained(db: Database.Database, chainKey: Buffer, row: Omit<AuditRow, 'id'>): void {
  inWriteTransaction(db, () => {
    const head = cachedStatement(db, 'SELECT head_mac FROM audit_chain WHERE id = 1').get() as
      { head_mac: Buffer } | undefined
    // The key comes from openAuditChainKey, which starts the chain: a missing row was removed by hand.
    if (!head)
      throw new TwofoldError(
        'vault-tampered',
        "The audit log's chain record is missing: the file was altered.",
      )
    const chained = { id: nextId(db), ...row }
    const marks = rowMarks(chainKey, head.head_mac, chained)
    cachedStatement(
      db,
      'INSERT INTO audit_log (id, at, actor, action, account_id, detail, chain_mac) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(chained.id, row.at, row.actor, row.action, row.account_id, row.detail, marks.mac)
    cachedStatement(db, 'UPDATE audit_chain SET head_id = ?, head_mac = ?, head_seal = ? WHERE id = 1').run(
      chained.id,
      marks.mac,
      marks.headSeal,
    )
  })
}

/** Walks the whole log: OK with the number of entries, or the first entry that does not hold. */
export function verifyAuditChain(db: Database.Database, chainKey: Buffer): AuditChainVerification {
  const state = readState(db)
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n
  const broken = (brokenAt: number, problem: string): AuditChainVerification => ({
    ok: false,
    entries: total,
    brokenAt,
    problem,
  })
  if (!state) return broken(0, 'the audit chain was never started')
  let previous = legacyMarks(db, chainKey, state.start_id, state.restarted)
  if (!sameBytes(state.legacy_mac, previous.mac)) {
    const first = db.prepare('SELECT min(id) AS id FROM audit_log').get() as { id: number | null }
    return broken(first.id ?? 1, 'entries from before the chain started were altered or removed')
  }
  if (state.restarted)
    return broken(
      state.start_id - 1,
      `the chain's record was removed outside Twofold, so entries up to ${state.start_id - 1} cannot be vouched for`,
    )
  let lastId = state.start_id - 1
  for (const row of rowsFrom(db, state.start_id, Number.MAX_SAFE_INTEGER)) {
    const marks = rowMarks(chainKey, previous.mac, row)
    if (!row.chain_mac || !sameBytes(row.chain_mac, marks.mac)) {
      if (!row.chain_mac) return broken(row.id, 'this entry was added outside Twofold')
      if (row.id !== lastId + 1)
        return broken(
          lastId + 1,
          `entries ${lastId + 1} to ${row.id - 1} were removed, or entry ${row.id} altered`,
        )
      return broken(row.id, 'this entry was altered, or one before it removed')
    }
    previous = marks
    lastId = row.id
  }
  if (lastId < state.head_id)
    return broken(lastId + 1, `the newest entries (${lastId + 1} to ${state.head_id}) were removed`)
  if (
    lastId !== state.head_id ||
    !sameBytes(previous.mac, state.head_mac) ||
    !sameBytes(previous.headSeal, state.head_seal)
  )
    return broken(lastId + 1, 'the newest entries were removed, or the record of the newest one altered')
  return { ok: true, entries: total }
}

function readState(db: Database.Database): ChainState | undefined {
  return cachedStatement(
    db,
    'SELECT sealed_key, start_id, restarted, legacy_mac, head_id, head_mac, head_seal FROM audit_chain WHERE id = 1',
  ).get() as ChainState | undefined
}

/** The id AUTOINCREMENT would give: never one a removed row had, so a removal cannot be papered over. */
function nextId(db: Database.Database): number {
  const row = cachedStatement(
    db,
    `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),
                coalesce((SELECT max(id) FROM audit_log), 0)) + 1 AS id`,
  ).get() as { id: number }
  return row.id
}

function rowMarks(key: Buffer, previous: Buffer, row: AuditRow): Marks {
  return split(
    hmac(key)
      .update(`${CHAIN_LABEL}|row|`)
      .update(previous)
      .update(JSON.stringify([row.id, row.at, row.actor, row.action, row.account_id, row.detail]))
      .digest(),
  )
}

/** One mark over every row older than the chain, in id order. */
function legacyMarks(db: Database.Database, key: Buffer, startId: number, restarted: number): Marks {
  const legacy = hmac(key).update(`${CHAIN_LABEL}|legacy|${startId}|${restarted}`)
  for (const row of rowsFrom(db, Number.MIN_SAFE_INTEGER, startId))
    legacy.update(JSON.stringify([row.id, row.at, row.actor, row.action, row.account_id, row.detail]))
  return split(legacy.digest())
}

function split(digest: Buffer): Marks {
  return { mac: digest.subarray(0, 32), headSeal: digest.subarray(32) }
}

/**
 * Rows with `from <= id < until`, in id order, a page at a time: a log of 300,000 entries is never
 * all in memory, and no statement is left open when a caller stops early.
 */
function* rowsFrom(
  db: Database.Database,
  from: number,
  until: number,
): Generator<AuditRow & { chain_mac: Buffer | null }> {
  const page = cachedStatement(
    db,
    `SELECT id, at, actor, action, account_id, detail, chain_mac FROM audit_log
      WHERE id >= ? AND id < ? ORDER BY id LIMIT 1000`,
  )
  let next = from
  for (;;) {
    const rows = page.all(next, until) as (AuditRow & { chain_mac: Buffer | null })[]
    yield* rows
    const last = rows.at(-1)
    if (!last || rows.length < 1000) return
    next = last.id + 1
  }
}

/**
 * HMAC-SHA512 (a mark and a head seal from one digest) with the key given as bytes we can wipe;
 * Node's check of such a key costs stack traces that were most of an append (key-check-traces.ts).
 */
function hmac(key: Buffer) {
  return withoutKeyCheckTraces(() => createHmac('sha512', key))
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Reading the head and writing after it must be one write transaction, or two processes (the app and
 * the CLI) could chain to the same head. Inside a caller's transaction the work simply joins it: a
 * failure rolls the caller's whole transaction back, and making a transaction function per entry cost
 * more than the entry (an import appends 10,000 in one transaction).
 */
function inWriteTransaction<T>(db: Database.Database, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work).immediate()
}

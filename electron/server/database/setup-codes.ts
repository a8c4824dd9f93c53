import { createHash, randomBytes } from 'node:crypto'
import type pg from 'pg'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const GROUPS = 4
const GROUP_LENGTH = 5
/** Serialises issuing, so two `setup-code` runs at once still leave one valid code. */
const ISSUE_LOCK_KEY = 0x7466_7363 // "tfsc"

/** 100 random bits as 20 base32 characters in 4 groups of 5: `ABCDE-FGH23-…`. */
export function generateSetupCode(): string {
  const bytes = randomBytes(13)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  bits >>= 4n // 104 bits drawn, 100 kept
  let characters = ''
  for (let index = GROUPS * GROUP_LENGTH - 1; index >= 0; index--) {
    characters += BASE32[Number((bits >> BigInt(index * 5)) & 31n)]
  }
  const groups: string[] = []
  for (let start = 0; start < characters.length; start += GROUP_LENGTH) {
    groups.push(characters.slice(start, start + GROUP_LENGTH))
  }
  return groups.join('-')
}

/** The stored form of a code: SHA-256 of its characters, ignoring case, spaces and dashes. */
export function setupCodeHash(code: string): Buffer {
  const normalised = code.toUpperCase().replaceAll(/[\s-]/g, '')
  return createHash('sha256').update(normalised, 'utf8').digest()
}

/**
 * A fresh one-time code; every earlier code not yet used stops working. Only the hash is stored, and
 * the code itself is returned to be shown once.
 */
export async function issueSetupCode(pool: pg.Pool): Promise<string> {
  const code = generateSetupCode()
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [ISSUE_LOCK_KEY])
    await client.query('DELETE FROM team_setup_codes WHERE used_at IS NULL')
    await client.query('INSERT INTO team_setup_codes (code_hash) VALUES ($1)', [setupCodeHash(code)])
    await client.query('COMMIT')
    return code
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}

/**
 * Whether a team was ever created on this database: creating one is the only use of a setup code, so
 * a used code says it (the teams themselves sit behind row-level security, out of this role's sight).
 */
export async function anyTeamCreated(pool: pg.Pool): Promise<boolean> {
  const result = await pool.query<{ created: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM team_setup_codes WHERE used_at IS NOT NULL) AS created',
  )
  return result.rows[0]?.created === true
}

export type SetupCodeUse = 'accepted' | 'already-used' | 'unknown'

/**
 * Marks the code used inside the caller's transaction (the one creating the team), so that a team
 * whose creation rolls back leaves the code valid. Of two requests racing with one code, one is
 * accepted and the other sees it used.
 */
export async function useSetupCode(client: pg.ClientBase, code: string): Promise<SetupCodeUse> {
  const hash = setupCodeHash(code)
  const used = await client.query(
    'UPDATE team_setup_codes SET used_at = now() WHERE code_hash = $1 AND used_at IS NULL RETURNING 1',
    [hash],
  )
  if (used.rowCount === 1) return 'accepted'
  const known = await client.query('SELECT 1 FROM team_setup_codes WHERE code_hash = $1', [hash])
  return known.rowCount === 1 ? 'already-used' : 'unknown'
}

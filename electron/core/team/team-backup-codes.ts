import { randomUUID } from 'node:crypto'
import { parseBackupCodes } from '../backup-codes/parse-backup-codes.ts'
import { isTwofoldError, TwofoldError } from '../errors.ts'
import { fromBase64url, toBase64url } from './crypto/base64url.ts'
import { openBackupCode, sealBackupCode } from './crypto/record-seal.ts'
import { notHeld, pullChanges } from './team-pull.ts'
import { readRoster } from './team-roster.ts'
import type { TeamSession } from './team-session.ts'

const MAX_CODES = 100

function teamAccountOf(session: TeamSession, accountId: string) {
  const store = session.store()
  const account = store.teamAccount(accountId)
  if (!account) throw notHeld()
  const client = store.teamClient(account.teamClientId)
  if (!client) throw notHeld()
  return { account, client }
}

/**
 * A team account's backup codes go to the server, each sealed on its own under the client key, so the
 * server can hand out exactly one per claim; the set replaces the account's previous one. For an account
 * flagged exposed-to-former-member whose earlier set someone who left could have read, this is the
 * re-issue the flag asks for (with a new secret, in either order).
 */
export async function setTeamBackupCodes(
  session: TeamSession,
  accountId: string,
  text: string,
): Promise<{ total: number }> {
  const { client } = teamAccountOf(session, accountId)
  // The same reading of pasted codes as a personal account's.
  const clean = parseBackupCodes(text)
  if (clean.length === 0) throw new TwofoldError('invalid-request', 'No backup codes arrived.')
  if (clean.length > MAX_CODES)
    throw new TwofoldError('invalid-request', `A set holds at most ${MAX_CODES} backup codes.`)
  const setId = randomUUID()
  const previous = session.store().currentBackupCodeSet(accountId)
  const key = session.store().clientKey(client.teamClientId, client.keyVersion)
  if (!key) throw notHeld()
  let sealed: string[]
  try {
    sealed = clean.map((code, index) =>
      toBase64url(
        sealBackupCode(key, Buffer.from(code, 'utf8'), {
          teamId: session.teamId,
          clientId: client.teamClientId,
          setId,
          index,
          keyVersion: client.keyVersion,
        }),
      ),
    )
  } finally {
    key.fill(0)
  }
  const answer = await session.call('team:add-backup-codes', {
    body: {
      setId,
      clientId: client.teamClientId,
      accountId,
      keyVersion: client.keyVersion,
      codes: sealed,
      ...(previous ? { replacesSetId: previous.setId } : {}),
    },
  })
  session.store().saveBackupCodeSet({
    setId,
    accountId,
    keyVersion: client.keyVersion,
    total: clean.length,
    claimed: 0,
    seq: answer.seq,
  })
  // New codes may be the step an exposed account waited for (or one of two): the server says which.
  session.store().saveExposure(accountId, answer.exposedSince, answer.exposure)
  return { total: clean.length }
}

export interface ClaimedCode {
  code: string
  remaining: number
  /** The code's place in its set (0-based), as the server numbers it. */
  position: number
  /** Earlier claims of the set (this member's own included): who, by name, and when; never the codes. */
  earlierClaims: { memberId: string; member: string; at: string }[]
}

/**
 * "Use next" on a team account is a claim on the server: one transaction hands each code to exactly one
 * device across the team. Offline there is no safe answer — two people could both use the same code —
 * so it says so instead of guessing.
 */
export async function claimTeamBackupCode(session: TeamSession, accountId: string): Promise<ClaimedCode> {
  const { client } = teamAccountOf(session, accountId)
  let set = session.store().currentBackupCodeSet(accountId)
  // Codes set (or replaced) on another device reach this one with a pull: look before saying none are left.
  if (!set) set = await pulledSet(session, accountId)
  if (!set) throw new TwofoldError('no-backup-codes', 'This team account has no backup codes stored.')
  // A claim is final: never spend a code this device could not open. The key of the set's version
  // arrives with a pull (a rotation this device has not seen yet); without it, nothing is claimed.
  if (!session.store().hasClientKey(client.teamClientId, set.keyVersion)) {
    set = (await pulledSet(session, accountId)) ?? set
    if (!session.store().hasClientKey(client.teamClientId, set.keyVersion)) throw notHeld()
  }
  let claim
  try {
    claim = await claimFrom(session, set.setId)
  } catch (error) {
    // Used up, or replaced on another device (the server no longer knows the set): a newer set may be there.
    if (!isTwofoldError(error, 'no-backup-codes') && !isTwofoldError(error, 'team-refused')) throw error
    // Only a look for a newer set: when the pull cannot run (offline, the vault busy with another
    // process's claim), the refusal itself is the clearest answer.
    const newer = await pulledSet(session, accountId).catch(() => null)
    if (!newer || newer.setId === set.setId) throw error
    set = newer
    claim = await claimFrom(session, set.setId)
  }
  const key = session.store().clientKey(client.teamClientId, claim.keyVersion)
  if (!key) throw notHeld()
  try {
    const code = openBackupCode(key, fromBase64url(claim.sealed, 'backup code'), {
      teamId: session.teamId,
      clientId: client.teamClientId,
      setId: claim.setId,
      index: claim.index,
      keyVersion: claim.keyVersion,
    })
    try {
      session.store().saveBackupCodeSet({
        setId: set.setId,
        accountId,
        keyVersion: set.keyVersion,
        total: set.total,
        claimed: set.total - claim.remaining,
        // The set keeps its own place in the sequence: stamped with the last sync instead, a set replaced
        // since then sorted as the newest, and the next replace named a retired set (refused).
        seq: set.seq,
      })
      const text = code.toString('utf8')
      return {
        code: text,
        position: claim.index,
        remaining: claim.remaining,
        earlierClaims: await namedClaims(session, claim.earlierClaims),
      }
    } finally {
      code.fill(0)
    }
  } finally {
    key.fill(0)
  }
}

/**
 * The server names claimers by id; a person reads names. The code is already claimed and must reach
 * the person whatever happens here, so a roster that cannot be read leaves the claims unnamed rather
 * than failing the use.
 */
async function namedClaims(
  session: TeamSession,
  claims: readonly { memberId: string; at: string }[],
): Promise<ClaimedCode['earlierClaims']> {
  if (claims.length === 0) return []
  const names = await readRoster(session)
    .then((roster) => new Map(roster.members.map((member) => [member.memberId, member.name])))
    .catch(() => null)
  return claims.map((claim) => ({
    memberId: claim.memberId,
    member: names ? (names.get(claim.memberId) ?? 'a former member') : 'a team member',
    at: claim.at,
  }))
}

async function claimFrom(session: TeamSession, setId: string) {
  return session
    .call('team:claim-backup-code', { params: { set: setId }, body: {} })
    .catch((error: unknown) => {
      throw isTwofoldError(error, 'team-offline') ? needsServer() : error
    })
}

async function pulledSet(session: TeamSession, accountId: string) {
  await pullChanges(session).catch((error: unknown) => {
    throw isTwofoldError(error, 'team-offline') ? needsServer() : error
  })
  return session.store().currentBackupCodeSet(accountId)
}

function needsServer(): TwofoldError {
  return new TwofoldError(
    'team-offline',
    'Using a backup code of a team account needs the team server: it hands each code to one person only, so two people never use the same one. Connect and try again.',
  )
}

/** A code of a team account was copied here: the server's audit log records it, marked as reported. */
export async function reportTeamUse(
  session: TeamSession,
  accountId: string,
  kind: 'code-copied' | 'backup-code-shown' | 'secret-shown',
): Promise<void> {
  const { client } = teamAccountOf(session, accountId)
  await session.call('team:report', { body: { kind, clientId: client.teamClientId, accountId } })
}

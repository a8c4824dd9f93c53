import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// The exposure flag a removal leaves stays until both things someone who left could use are replaced:
// the secret, and (when a set was stored) the backup codes. In either order, from any device, an edit
// made offline included; a second removal while half done flags the account whole again.

const EXPOSED = 'exposed-to-former-member'

/** The exposure flag's message per flagged account id, as `twofold flags` and the app show it. */
function exposure(device: Backend): Record<string, string> {
  return Object.fromEntries(
    device.queries
      .list()
      .flags.filter((flag) => flag.kind === EXPOSED)
      .map((flag) => [flag.accountIds[0] ?? '', flag.message]),
  )
}

const BOTH_LEFT = /could have copied the secret of .*: replace it at Instagram and get new backup codes\.$/
const CODES_LEFT = /secret replaced; backup codes still to re-issue/
const SECRET_LEFT = /new backup codes are stored; the secret is still to replace at Instagram/
const SECRET_ONLY = /replace it at Instagram; it had no backup codes stored, so nothing else is left/

function newSecret(device: Backend, accountId: string, secret: string): void {
  device.editing.replaceAuthenticator(accountId, {
    source: 'manual',
    secret,
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  })
}

describe.skipIf(!postgresAvailable)('the exposure flag after a removal', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  let ids: Record<string, string>
  useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'secret-first', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
          { handle: 'codes-first', client: 'Acme', secret: 'MFRGGZDFMZTWQ2LK' },
          { handle: 'no-codes', client: 'Acme', secret: 'KRSXG5CTMVRXEZLU' },
          { handle: 'again', client: 'Acme', secret: 'ONSWG4TFOQYTEMZU' },
        ],
      },
      members: [
        { name: 'Ben', clients: ['Acme'] },
        { name: 'Cleo', clients: ['Acme'] },
        { name: 'Dan', clients: ['Acme'] },
      ],
    },
    async (team) => {
      ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
      ids = team.ids
      for (const handle of ['secret-first', 'codes-first', 'again'])
        await ana.team.setBackupCodes(ids[handle] ?? '', `${handle}-1\n${handle}-2\n${handle}-3`)
      await ben.team.sync()
      // Made before the removal and pushed long after it: the new secret never reached the server under
      // a key Dan held.
      newSecret(ben, ids['codes-first'] ?? '', 'MZXW6YTBOJUWU23M')
      expect(await ana.team.remove('Dan')).toEqual({ rotated: 1 })
      await cleo.team.sync()
    },
    { timeoutMs: 240_000 },
  )

  it('flags every account of the client, naming both steps where codes were stored', () => {
    for (const device of [ana, cleo]) {
      const flags = exposure(device)
      expect(Object.keys(flags).sort()).toEqual(
        ['secret-first', 'codes-first', 'no-codes', 'again'].map((handle) => ids[handle]).sort(),
      )
      expect(flags[ids['secret-first'] ?? '']).toMatch(BOTH_LEFT)
      expect(flags[ids['no-codes'] ?? '']).toMatch(SECRET_ONLY)
    }
  })

  it('keeps the flag after a new secret alone, saying the backup codes are still to re-issue', async () => {
    const account = ids['secret-first'] ?? ''
    newSecret(ana, account, 'NBSWY3DPFQQHO33S')
    await ana.team.sync()
    await cleo.team.sync()
    expect(exposure(ana)[account]).toMatch(CODES_LEFT)
    expect(exposure(cleo)[account]).toMatch(CODES_LEFT)

    await cleo.team.setBackupCodes(account, 'fresh-1\nfresh-2')
    expect(exposure(cleo)[account]).toBeUndefined()
    await ana.team.sync()
    expect(exposure(ana)[account]).toBeUndefined()
    expect(codeOf(cleo, account)).toBe(codeOf(ana, account))
  })

  it('keeps the flag after new backup codes alone, until an offline edit of the secret is pushed', async () => {
    const account = ids['codes-first'] ?? ''
    await cleo.team.setBackupCodes(account, 'new-1\nnew-2\nnew-3')
    expect(exposure(cleo)[account]).toMatch(SECRET_LEFT)
    await ana.team.sync()
    expect(exposure(ana)[account]).toMatch(SECRET_LEFT)

    // Ben's secret, replaced before the removal, goes out now: merged over the re-keyed record.
    await ben.team.sync()
    expect(exposure(ben)[account]).toBeUndefined()
    await ana.team.sync()
    await cleo.team.sync()
    for (const device of [ana, cleo]) expect(exposure(device)[account]).toBeUndefined()
    expect(codeOf(ana, account)).toBe(codeOf(ben, account))
    expect(codeOf(cleo, account)).toBe(codeOf(ben, account))
  })

  it('clears an account that had no backup codes with its secret alone', async () => {
    const account = ids['no-codes'] ?? ''
    newSecret(cleo, account, 'GM2TANBQGQ3DQMZR')
    await cleo.team.sync()
    expect(exposure(cleo)[account]).toBeUndefined()
    await ana.team.sync()
    await ben.team.sync()
    for (const device of [ana, ben]) expect(exposure(device)[account]).toBeUndefined()
  })

  it('flags an account whole again when a second member leaves while it is half cleared', async () => {
    const account = ids['again'] ?? ''
    newSecret(ana, account, 'HEZTEMBSGIZDCMJR')
    await ana.team.sync()
    expect(exposure(ana)[account]).toMatch(CODES_LEFT)

    expect(await ana.team.remove('Cleo')).toEqual({ rotated: 1 })
    await ben.team.sync()
    for (const device of [ana, ben]) {
      const flags = exposure(device)
      expect(flags[account]).toMatch(BOTH_LEFT)
      // Those cleared after the first removal are flagged again too; new codes were stored for both.
      expect(flags[ids['secret-first'] ?? '']).toMatch(BOTH_LEFT)
      expect(flags[ids['no-codes'] ?? '']).toMatch(SECRET_ONLY)
    }

    // The reverse order on a new device's turn: codes, then the secret.
    await ben.team.setBackupCodes(account, 'last-1\nlast-2')
    expect(exposure(ben)[account]).toMatch(SECRET_LEFT)
    newSecret(ben, account, 'GEZDGNBVGY3TQOJR')
    await ben.team.sync()
    expect(exposure(ben)[account]).toBeUndefined()
    await ana.team.sync()
    expect(exposure(ana)[account]).toBeUndefined()
  })
})

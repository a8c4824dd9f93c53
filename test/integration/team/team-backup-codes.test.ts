import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { normalizeBackupCode } from '../../../electron/core/backup-codes/parse-backup-codes.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// A team account's backup codes are handed out exactly once across the team: twenty "use next" at
// once from two devices on a set of twelve give twelve different codes and eight refusals.

const CODES = Array.from({ length: 12 }, (_, index) => `code-${String(index).padStart(2, '0')}-x7k`)

describe.skipIf(!postgresAvailable)('team backup codes', () => {
  let ana: Backend
  let ben: Backend
  let acme: string
  const lab = useFormedTeam(
    {
      owner: { name: 'Ana', accounts: [{ handle: 'acme', client: 'Acme' }] },
      members: [{ name: 'Ben', clients: ['Acme'] }],
    },
    (team) => {
      ;[ana, ben] = [team.owner, ...team.members] as [Backend, Backend]
      acme = team.ids.acme ?? ''
    },
  )

  it('hands each of 12 codes to exactly one of 20 parallel claims from two devices', async () => {
    expect(await ana.team.setBackupCodes(acme, CODES.join('\n'))).toEqual({ total: 12 })
    await ben.team.sync()
    const claims = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? ana : ben).team.useNextBackupCode(acme)),
    )
    const codes = claims.flatMap((claim) => (claim.status === 'fulfilled' ? [claim.value.code] : []))
    const refusals = claims.flatMap((claim) => (claim.status === 'rejected' ? [claim.reason as unknown] : []))
    expect(new Set(codes).size).toBe(12)
    expect([...codes].sort()).toEqual(CODES.map(normalizeBackupCode).sort())
    expect(refusals).toHaveLength(8)
    for (const refusal of refusals) expect(isTwofoldError(refusal, 'no-backup-codes')).toBe(true)
  })

  it('says use-next needs the server, and why, when it cannot be reached', async () => {
    await ana.team.setBackupCodes(acme, 'fresh-code-1\nfresh-code-2')
    await lab.stopServer()
    try {
      const offline = await ana.team.useNextBackupCode(acme).catch((error: unknown) => error)
      expect(isTwofoldError(offline, 'team-offline')).toBe(true)
      expect((offline as Error).message).toMatch(/needs the team server.*one person only/)
    } finally {
      await lab.startServer()
    }
    expect((await ana.team.useNextBackupCode(acme)).remaining).toBe(1)
  })

  // Ben has not synced since Ana replaced the set: his use-next asks the server rather than his stale copy.
  it('hands a member a code of a set that reached the server after their last sync', async () => {
    const fresh = await ana.team.setBackupCodes(acme, 'newest-code-1\nnewest-code-2')
    expect(fresh).toEqual({ total: 2 })
    const claimed = await ben.team.useNextBackupCode(acme)
    expect(['newest-code-1', 'newest-code-2'].map(normalizeBackupCode)).toContain(
      normalizeBackupCode(claimed.code),
    )
    expect(claimed.remaining).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { dispatch, dispatchErrorCode, dispatchValue } from '../../support/vault-workspace.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// The app's backup-code channels on a team account, through the backend's real dispatcher as a window
// sends them: the set lives on the team server and each "use next" is a claim there, exactly once across
// the team, naming who else used the set; what a claim cannot allow (undo, the whole set) is refused.

const CODES = ['1111 2222', '3333 4444', '5555 6666', '7777 8888']

describe.skipIf(!postgresAvailable)('team backup codes in the app', () => {
  let ana: Backend
  let ben: Backend
  let acme: string
  let anaClaim: { code: string; position: number }
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

  async function listed(device: Backend) {
    const { accounts, flags } = await dispatchValue(device, 'accounts:list', {})
    return {
      codes: accounts.find((account) => account.id === acme)?.methods.backupCodes ?? null,
      flags: flags.filter((flag) => flag.accountIds.includes(acme)).map((flag) => flag.kind),
    }
  }

  it('stores the set on the server: the other device sees it shared, with the same count', async () => {
    // A set from before the account was shared stays in Ana's vault, but the team's is the one that counts.
    ana.backupCodes.setBackupCodes(acme, '9999 0000\n8888 1111')
    expect((await listed(ana)).codes).toBeNull()
    expect((await listed(ana)).flags).toContain('backup-codes-missing')

    const { account } = await dispatchValue(ana, 'backup-codes:set', {
      accountId: acme,
      text: CODES.join('\n'),
    })
    expect(account.methods.backupCodes).toMatchObject({ total: 4, unused: 4, used: 0, shared: true })
    await ben.team.sync()
    expect((await listed(ben)).codes).toMatchObject({ total: 4, unused: 4, shared: true })
    expect((await listed(ben)).flags).not.toContain('backup-codes-missing')
  })

  it('hands two devices different codes, and names the other who used the set and when', async () => {
    const first = await dispatchValue(ben, 'backup-codes:use-next', { accountId: acme })
    expect(first.earlierClaims).toEqual([])
    expect(first.remaining).toBe(3)

    const second = await dispatchValue(ana, 'backup-codes:use-next', { accountId: acme })
    expect(second.code).not.toBe(first.code)
    expect(CODES.map((code) => code.replace(' ', ''))).toEqual(
      expect.arrayContaining([first.code, second.code]),
    )
    expect(second.remaining).toBe(2)
    expect(second.earlierClaims).toEqual([
      { member: 'Ben', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d/) as string },
    ])
    anaClaim = second

    // Both devices count what is left, and both flag it as low (the threshold is 2). Ben's windows hear
    // of Ana's claim when his sync brings it, so they show the new count without a reload.
    const heard: string[] = []
    const stopHearing = ben.subscribe('vault:changed', (changes) => heard.push(...changes.tables))
    await ben.team.sync()
    stopHearing()
    expect(heard).toContain('team_backup_code_sets')
    for (const device of [ana, ben]) {
      expect((await listed(device)).codes).toMatchObject({ total: 4, unused: 2, used: 2 })
      expect((await listed(device)).flags).toContain('backup-codes-low')
    }
    // The CLI's status reads the same place.
    expect(ben.teamAwareBackupCodes.status(acme)).toMatchObject({ total: 4, unused: 2, used: 2 })
  })

  it('copies the code just claimed from main, and refuses undo and the whole set with the reason', async () => {
    expect(await dispatchValue(ana, 'backup-codes:copy-shown', { accountId: acme })).toEqual({
      position: anaClaim.position,
    })
    const undo = await dispatch(ana, 'backup-codes:undo-use', { accountId: acme })
    expect(undo.ok).toBe(false)
    if (!undo.ok) {
      expect(undo.error.code).toBe('team-codes-one-at-a-time')
      expect(undo.error.message).toMatch(/claim is final/)
    }
    const reveal = await dispatch(ana, 'backup-codes:reveal', { accountId: acme })
    expect(reveal.ok).toBe(false)
    if (!reveal.ok) {
      expect(reveal.error.code).toBe('team-codes-one-at-a-time')
      expect(reveal.error.message).toMatch(/one at a time, so two people never use the same code/)
    }
    expect(await dispatchErrorCode(ana, 'backup-codes:copy-revealed', { accountId: acme, position: 0 })).toBe(
      'team-codes-one-at-a-time',
    )
    expect((await listed(ana)).codes).toMatchObject({ unused: 2 })
  })

  it('copies the next code straight from the popup, a claim like any other', async () => {
    expect(await dispatchValue(ben, 'backup-codes:copy-next', { accountId: acme })).toMatchObject({
      remaining: 1,
    })
    const last = await dispatchValue(ana, 'backup-codes:use-next', { accountId: acme })
    expect(last.remaining).toBe(0)
    expect(last.earlierClaims?.map((claim) => claim.member)).toEqual(['Ben', 'Ana', 'Ben'])
    expect(await dispatchErrorCode(ben, 'backup-codes:use-next', { accountId: acme })).toBe('no-backup-codes')
    await ben.team.sync()
    for (const device of [ana, ben]) expect((await listed(device)).flags).toContain('backup-codes-exhausted')
  })

  it('says why use-next needs the server when it cannot be reached', async () => {
    await dispatchValue(ana, 'backup-codes:set', { accountId: acme, text: '2468 1357\n1357 2468' })
    await lab.stopServer()
    try {
      const offline = await dispatch(ben, 'backup-codes:use-next', { accountId: acme })
      expect(offline.ok).toBe(false)
      if (!offline.ok) {
        expect(offline.error.code).toBe('team-offline')
        expect(offline.error.message).toMatch(/needs the team server.*one person only/)
      }
    } finally {
      await lab.startServer()
    }
    // Nothing was claimed offline: both codes are still there.
    expect((await dispatchValue(ben, 'backup-codes:use-next', { accountId: acme })).remaining).toBe(1)
  })
})

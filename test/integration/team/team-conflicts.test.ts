import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import type { TeamConflictView } from '../../../shared/domain/team-conflict-view.ts'
import { postgresAvailable, useFormedTeam } from './team-lab.ts'

// Two devices change the same fields while the server is down; the one that syncs second holds both
// versions and a `sync-conflict` flag until a person chooses, and the choice reaches every device.

const ANA_SECRET = 'KRUGS4ZANFZSAQKOIE======'
const BEN_SECRET = 'IJSW4IDIMFZSA2DJOMQHGZLDOJSXI==='

describe.skipIf(!postgresAvailable)('choosing between the two versions of a sync conflict', () => {
  let ana: Backend
  let ben: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ', notes: 'brand' },
          { handle: 'keys', client: 'Acme', secret: 'MFRGGZDFMZTWQ2LK' },
          { handle: 'bin', client: 'Acme', secret: 'JBSWY3DPEHPK3PXP', notes: 'old' },
        ],
      },
      members: [{ name: 'Ben', clients: ['Acme'] }],
    },
    (team) => {
      ;[ana, ben] = [team.owner, ...team.members] as [Backend, Backend]
      ids = team.ids
    },
  )

  const account = (device: Backend, id: string) =>
    device.queries.list().accounts.find((entry) => entry.id === id)
  const conflictFlags = (device: Backend) =>
    device.queries.list().flags.filter((flag) => flag.kind === 'sync-conflict')

  /** Both devices edit while the server is down; Ana's lands first, Ben's meets it. */
  async function offlineEdits(edit: { ana: () => void; ben: () => void }): Promise<void> {
    await lab.stopServer()
    edit.ana()
    edit.ben()
    await lab.startServer()
    await ana.team.sync()
    await ben.team.sync()
    await ana.team.sync()
  }

  it('lists the differing fields on the device holding both, keeps them through later edits, and resolves per field', async () => {
    const id = ids.acme ?? ''
    await offlineEdits({
      ana: () => ana.editing.update(id, { notes: 'notes by Ana', label: 'Ana’s label' }),
      ben: () =>
        ben.editing.update(id, { notes: 'notes by Ben', label: 'Ben’s label', handle: 'acme.official' }),
    })
    expect(ana.team.conflicts()).toEqual([])
    const [conflict] = ben.team.conflicts()
    expect(conflict).toMatchObject({
      accountId: id,
      handle: 'acme.official',
      clientName: 'Acme',
      inTrash: false,
    })
    // The handle only Ben changed merged cleanly: only the two fields both changed are to choose.
    expect(conflict?.fields).toEqual([
      {
        field: 'label',
        mine: { kind: 'text', text: 'Ben’s label' },
        theirs: { kind: 'text', text: 'Ana’s label' },
      },
      {
        field: 'notes',
        mine: { kind: 'text', text: 'notes by Ben' },
        theirs: { kind: 'text', text: 'notes by Ana' },
      },
    ])

    // A colleague's later edit of another field arrives cleanly and leaves the choice as it was.
    ana.editing.update(id, { tags: ['vip'] })
    await ana.team.sync()
    await ben.team.sync()
    expect(account(ben, id)?.tags).toEqual(['vip'])
    expect(ben.team.conflict(id).fields.map((entry) => entry.field)).toEqual(['label', 'notes'])

    const unchosen = (() => {
      try {
        ben.team.resolveConflict(id, { fields: { notes: 'mine' } })
      } catch (error) {
        return error
      }
    })()
    expect(isTwofoldError(unchosen, 'invalid-request')).toBe(true)
    expect(String((unchosen as Error).message)).toMatch(/label/)
    expect(conflictFlags(ben)).toHaveLength(1)

    expect(ben.team.resolveConflict(id, { keep: 'theirs', fields: { notes: 'mine' } })).toEqual({
      changed: true,
    })
    expect(conflictFlags(ben)).toEqual([])
    expect((await ben.team.sync()).pushed).toBe(1)
    await ana.team.sync()
    for (const device of [ana, ben]) {
      expect(account(device, id)).toMatchObject({
        handle: 'acme.official',
        label: 'Ana’s label',
        notes: 'notes by Ben',
        tags: ['vip'],
      })
      expect(conflictFlags(device)).toEqual([])
      expect(device.team.conflicts()).toEqual([])
    }
    const again = (() => {
      try {
        ben.team.resolveConflict(id, { keep: 'mine' })
      } catch (error) {
        return error
      }
    })()
    expect(isTwofoldError(again, 'invalid-request')).toBe(true)
  })

  it('shows a conflicting secret only as each version’s code, and keeping theirs ends it on every device', async () => {
    const id = ids.keys ?? ''
    const replace = (device: Backend, secret: string) =>
      device.editing.replaceAuthenticator(id, {
        source: 'manual',
        secret,
        type: 'totp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      })
    await offlineEdits({ ana: () => replace(ana, ANA_SECRET), ben: () => replace(ben, BEN_SECRET) })
    const before = { ana: codes(ana, id), ben: codes(ben, id) }
    const conflict: TeamConflictView = ben.team.conflict(id)
    const after = { ana: codes(ana, id), ben: codes(ben, id) }
    expect(conflict.fields.map((entry) => entry.field)).toEqual(['secret'])
    const [field] = conflict.fields
    if (field?.mine.kind !== 'authenticator' || field.theirs.kind !== 'authenticator')
      throw new Error('expected an authenticator field')
    expect(field.mine.authenticator).toMatchObject({ type: 'totp', algorithm: 'SHA1', digits: 6, period: 30 })
    // Ben's account already shows Ana's secret (the team's); his own is kept aside.
    expect([before.ana, after.ana]).toContain(field.theirs.authenticator?.code)
    expect([before.ben, after.ben]).toContain(field.theirs.authenticator?.code)
    expect(field.mine.authenticator?.code).not.toBe(field.theirs.authenticator?.code)
    const shown = JSON.stringify(conflict)
    for (const secret of [ANA_SECRET, BEN_SECRET]) expect(shown).not.toContain(secret.replace(/=+$/, ''))
    expect(shown).not.toMatch(/"secret":/)

    expect(ben.team.resolveConflict(id, { keep: 'theirs' })).toEqual({ changed: false })
    expect(conflictFlags(ben)).toEqual([])
    await ben.team.sync()
    await ana.team.sync()
    expect(codes(ben, id)).toBe(codes(ana, id))
    for (const device of [ana, ben]) expect(device.team.conflicts()).toEqual([])
  })

  it('resolves a conflict on an account trashed on one side: it stays in the trash with the choice', async () => {
    const id = ids.bin ?? ''
    await offlineEdits({
      ana: () => ana.editing.update(id, { notes: 'kept by Ana' }),
      ben: () => {
        ben.editing.update(id, { notes: 'why Ben trashed it' })
        ben.editing.trash([id])
      },
    })
    const conflict = ben.team.conflict(id)
    expect(conflict).toMatchObject({ inTrash: true, fields: [{ field: 'notes' }] })
    ben.team.resolveConflict(id, { keep: 'mine' })
    await ben.team.sync()
    await ana.team.sync()
    for (const device of [ana, ben]) {
      expect(account(device, id)).toBeUndefined()
      expect(device.editing.listTrash().find((entry) => entry.id === id)).toBeTruthy()
      expect(device.team.conflicts()).toEqual([])
    }
    // Restoring it brings back the version Ben chose.
    ana.editing.restore([id])
    expect(account(ana, id)?.notes).toBe('why Ben trashed it')
  })
})

function codes(device: Backend, id: string): string | undefined {
  return device.codes.codes([id], Date.now())[0]?.code
}

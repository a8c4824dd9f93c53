import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TeamConflictView } from '../../../shared/domain/team-conflict-view.ts'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamLab, type TeamLab } from '../team/team-lab.ts'
import { cliDevices, formCliTeam, type CliDevice, type CliDevices } from './team-cli.ts'

// `twofold team conflicts` and `twofold team resolve` as people type them: two computers edit the same
// fields of a shared account before either syncs; the second to sync sees both versions and chooses.
// Real CLI processes, real server on real PostgreSQL.

const ACME = 'Acme Bakery'
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBV'

const available = await postgresFlavourAvailable('embedded')

describe.skipIf(!available)('twofold team conflicts / resolve', { timeout: 120_000 }, () => {
  let lab: TeamLab
  let devices: CliDevices
  let ana: CliDevice
  let ben: CliDevice

  const conflictsOf = async (device: CliDevice) =>
    (await device.json<{ conflicts: TeamConflictView[] }>(['team', 'conflicts'])).conflicts
  const acmeOn = async (device: CliDevice) =>
    (await device.json<{ handle: string; label: string }[]>(['list'])).find(
      (account) => account.handle === 'acme.shop',
    )
  const flagsOn = async (device: CliDevice) =>
    (await device.json<{ kind: string }[]>(['flags'])).filter((flag) => flag.kind === 'sync-conflict')

  beforeAll(async () => {
    lab = await startTeamLab()
    devices = cliDevices()
    ;[ana, ben] = await Promise.all([devices.device('ana'), devices.device('ben')])
    await ana.json(
      ['add', '--platform', 'instagram', '--secret-stdin', '--handle', 'acme.shop', '--client', ACME],
      `${SECRET}\n`,
    )
    await formCliTeam(lab, ana, ben, { shared: [ACME], granted: [ACME] })
    // Both edit the same two fields before either syncs: Ana's lands first.
    await ana.json(['edit', 'acme.shop', '--notes', 'notes by Ana', '--label', 'Ana'])
    await ben.json(['edit', 'acme.shop', '--notes', 'notes by Ben', '--label', 'Ben'])
    await ana.json(['team', 'sync'])
    await ben.json(['team', 'sync'])
  }, 240_000)
  afterAll(async () => {
    devices?.dispose()
    await lab?.close()
  }, 60_000)

  it('lists the conflict with both values of each differing field on the device that holds both', async () => {
    expect(await conflictsOf(ana)).toEqual([])
    const [conflict, ...others] = await conflictsOf(ben)
    expect(others).toEqual([])
    expect(conflict).toMatchObject({
      handle: 'acme.shop',
      clientName: ACME,
      inTrash: false,
      fields: [
        { field: 'label', mine: { kind: 'text', text: 'Ben' }, theirs: { kind: 'text', text: 'Ana' } },
        {
          field: 'notes',
          mine: { kind: 'text', text: 'notes by Ben' },
          theirs: { kind: 'text', text: 'notes by Ana' },
        },
      ],
    })
    const text = await ben.run(['team', 'conflicts'])
    expect(text.status).toBe(0)
    expect(text.stdout).toContain('notes: mine "notes by Ben" | theirs "notes by Ana"')
    expect(text.stdout).not.toContain(SECRET)
    expect(await flagsOn(ben)).toHaveLength(1)
  })

  it('refuses an unclear choice with one line and exits non-zero, changing nothing', async () => {
    for (const args of [
      ['team', 'resolve', 'acme.shop', '--keep', 'both'],
      ['team', 'resolve', 'acme.shop', '--field', 'notes=mine'],
      ['team', 'resolve', 'acme.shop', '--field', 'colour=mine'],
      ['team', 'resolve', 'acme.shop'],
    ]) {
      const refused = await ben.run(args)
      expect(refused.status, args.join(' ')).not.toBe(0)
      expect(refused.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
    }
    expect((await ben.run(['team', 'resolve', 'acme.shop', '--field', 'notes=mine'])).stderr).toMatch(
      /Choose mine or theirs for: label/,
    )
    expect(await conflictsOf(ben)).toHaveLength(1)
  })

  it('resolves field by field; after a sync both computers hold the chosen version and no flag', async () => {
    const resolved = await ben.json<{ changed: boolean }>([
      'team',
      'resolve',
      'acme.shop',
      '--keep',
      'theirs',
      '--field',
      'label=mine',
    ])
    expect(resolved.changed).toBe(true)
    await ben.json(['team', 'sync'])
    await ana.json(['team', 'sync'])
    for (const device of [ana, ben]) {
      expect(await acmeOn(device)).toMatchObject({ label: 'Ben' })
      expect(await conflictsOf(device)).toEqual([])
      expect(await flagsOn(device)).toEqual([])
    }
    const again = await ben.run(['team', 'resolve', 'acme.shop', '--keep', 'mine'])
    expect(again.status).not.toBe(0)
    expect(again.stderr).toMatch(/no sync conflict/)
  })
})

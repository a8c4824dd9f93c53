import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamLab, type TeamLab } from '../team/team-lab.ts'
import { cliDevices, formCliTeam, type CliDevice, type CliDevices } from './team-cli.ts'

// Changing a role as people type it: `twofold team make-admin Ben`, then `make-member Ben
// --keep-clients …` from the owner; `team members` shows the role, refusals are one line. Real CLI
// processes against a real server.

const AT = String(Date.UTC(2026, 5, 1, 12) / 1000)

interface Member {
  name: string
  role: string
  clients: string[]
}

const available = await postgresFlavourAvailable('embedded')

describe.skipIf(!available)(
  'twofold team make-admin / make-member',
  // Each step spawns CLI processes, each deriving its vault key: slow on a busy 2-core runner.
  { timeout: 120_000 },
  () => {
    let lab: TeamLab
    let devices: CliDevices
    let ana: CliDevice
    let ben: CliDevice
    const ids: Record<string, string> = {}

    const handles = async (device: CliDevice) =>
      (await device.json<{ handle: string }[]>(['list'])).map((account) => account.handle).sort()
    const benOf = async (device: CliDevice) =>
      (await device.json<Member[]>(['team', 'members'])).find((member) => member.name === 'Ben')

    beforeAll(async () => {
      lab = await startTeamLab()
      devices = cliDevices()
      ;[ana, ben] = await Promise.all([devices.device('ana'), devices.device('ben')])
      for (const [handle, client, secret] of [
        ['acme.shop', 'Acme', 'GEZDGNBVGY3TQOJQGEZDGNBV'],
        ['lumen.studio', 'Lumen', 'MFRGGZDFMZTWQ2LKMFRGGZDF'],
      ] as const) {
        ids[handle] = (
          await ana.json<{ account: { id: string } }>(
            ['add', '--platform', 'instagram', '--secret-stdin', '--handle', handle, '--client', client],
            `${secret}\n`,
          )
        ).account.id
      }
      await formCliTeam(lab, ana, ben, { shared: ['Acme', 'Lumen'], granted: ['Acme'] })
    }, 240_000)
    afterAll(async () => {
      devices?.dispose()
      await lab?.close()
    }, 60_000)

    it('refuses a member in one line', async () => {
      const refused = await ben.run(['team', 'make-admin', 'Ben'])
      expect(refused.status).not.toBe(0)
      expect(refused.stderr).toBe("twofold: Only the team's owner and admins can make admins.\n")
    })

    it('makes Ben an admin: members shows it, his Twofold gets Lumen too', async () => {
      const made = await ana.run(['team', 'make-admin', 'Ben'])
      expect(made.status, made.stderr).toBe(0)
      expect(made.stdout).toBe('Ben is now an admin and holds every shared client (2).\n')
      expect(await benOf(ana)).toMatchObject({ role: 'admin', clients: ['Acme', 'Lumen'] })
      await ben.json(['team', 'sync'])
      expect(await handles(ben)).toEqual(['acme.shop', 'lumen.studio'])
      const lumenCode = ['code', ids['lumen.studio'] ?? '', '--at', AT]
      expect(await ben.json(lumenCode)).toEqual(await ana.json(lumenCode))
      expect((await ben.run(['team', 'members'])).stdout).toMatch(/^Ben\s+admin\s+active\s+Acme,Lumen\s/m)
    })

    it('the owner stays the owner; the owner makes Ben a member keeping Acme, Lumen re-keyed and flagged', async () => {
      const owner = await ben.run(['team', 'make-admin', 'Ana'])
      expect(owner.status).not.toBe(0)
      expect(owner.stderr).toBe("twofold: The team owner's role cannot be changed.\n")

      const made = await ana.json<{ role: string; kept: number; rotated: number }>([
        'team',
        'make-member',
        'Ben',
        '--keep-clients',
        'Acme',
      ])
      expect(made).toEqual({ member: 'Ben', role: 'member', kept: 1, rotated: 1 })
      expect(await benOf(ana)).toMatchObject({ role: 'member', clients: ['Acme'] })
      await ben.json(['team', 'sync'])
      expect(await handles(ben)).toEqual(['acme.shop'])
      const flags = await ana.json<{ kind: string; accounts: { handle: string }[] }[]>(['flags'])
      expect(
        flags
          .filter((flag) => flag.kind === 'exposed-to-former-member')
          .flatMap((flag) => flag.accounts.map((account) => account.handle)),
      ).toEqual(['lumen.studio'])
    })
  },
)

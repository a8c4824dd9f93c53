import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamLab, type TeamLab } from '../team/team-lab.ts'
import { cliDevices, formCliTeam, type CliDevice, type CliDevices } from './team-cli.ts'

// A member's second computer, as people type it: the admin's `twofold team add-device NAME` prints one
// line, the new computer's `twofold team join CODE` says whose device it became, the admin's next
// `team sync` confirms it, and `team members` shows both fingerprints. Real CLI processes, real server.

const AT = String(Date.UTC(2026, 5, 1, 12) / 1000)
const ACME = 'Acme Bakery'

interface Member {
  name: string
  fingerprint: string | null
  devices: { fingerprint: string; status: string }[]
}

const available = await postgresFlavourAvailable('embedded')

describe.skipIf(!available)(
  'twofold team add-device: a member’s second computer',
  // Each step spawns CLI processes, each deriving its vault key: slow on a busy 2-core runner.
  { timeout: 120_000 },
  () => {
    let lab: TeamLab
    let devices: CliDevices
    let ana: CliDevice
    let ben: CliDevice
    let benLaptop: CliDevice
    let laptopFingerprint: string
    let usedCode: string
    let acmeId: string

    const codeOn = async (device: CliDevice) =>
      (await device.json<{ code: string }>(['code', acmeId, '--at', AT])).code
    const benOf = async (device: CliDevice) =>
      (await device.json<Member[]>(['team', 'members'])).find((member) => member.name === 'Ben')

    beforeAll(async () => {
      lab = await startTeamLab()
      devices = cliDevices()
      ;[ana, ben, benLaptop] = await Promise.all([
        devices.device('ana'),
        devices.device('ben'),
        devices.device('ben-laptop'),
      ])
      acmeId = (
        await ana.json<{ account: { id: string } }>(
          ['add', '--platform', 'instagram', '--secret-stdin', '--handle', 'acme.shop', '--client', ACME],
          'GEZDGNBVGY3TQOJQGEZDGNBV\n',
        )
      ).account.id
      await formCliTeam(lab, ana, ben, { shared: [ACME], granted: [ACME] })
    }, 240_000)
    afterAll(async () => {
      devices?.dispose()
      await lab?.close()
    }, 60_000)

    it('is in team --help', async () => {
      const help = await ana.run(['team', '--help'])
      expect(help.stdout).toMatch(/add-device <name>\s+print an invite code \(one line\) for another\s/)
    })

    it('prints one line; the new computer joins as that member and is confirmed at the admin’s sync', async () => {
      const printed = await ana.run(['team', 'add-device', 'Ben'])
      expect(printed.status, printed.stderr).toBe(0)
      const code = printed.stdout.trim()
      usedCode = code
      expect(printed.stdout).toBe(`${code}\n`)
      expect(code).toMatch(/^twofold-invite:[A-Za-z0-9_-]+$/)

      const named = await benLaptop.run(['team', 'join', code, '--name', 'Someone'])
      expect(named.status).not.toBe(0)
      expect(named.stderr).toMatch(/^twofold: This code adds a device to a member already in the team/)

      const joined = await benLaptop.run(['team', 'join', '--code-stdin'], `${code}\n`)
      expect(joined.status, joined.stderr).toBe(0)
      const [said, shown] = joined.stdout.trimEnd().split('\n')
      expect(said).toBe(
        'Added this device to Ben in Agency; an admin’s Twofold confirms it at its next sync.',
      )
      laptopFingerprint = /This device: (\d{5} \d{5} \d{5} \d{5}) /.exec(shown ?? '')?.[1] ?? ''
      expect(laptopFingerprint).not.toBe('')
      expect((await benOf(ana))?.devices).toEqual([
        { fingerprint: (await benOf(ana))?.fingerprint, status: 'active' },
        { fingerprint: laptopFingerprint, status: 'pending' },
      ])

      const synced = await ana.run(['team', 'sync'])
      expect(synced.stdout).toContain('Confirmed Ben’s device.')
      await benLaptop.json(['team', 'sync'])
      expect((await benLaptop.json<{ handle: string }[]>(['list'])).map((account) => account.handle)).toEqual(
        ['acme.shop'],
      )
      expect(await codeOn(benLaptop)).toBe(await codeOn(ana))
      expect((await benOf(ben))?.devices.map((device) => device.status)).toEqual(['active', 'active'])
      const table = await ana.run(['team', 'members'])
      expect(table.stdout).toContain(`${(await benOf(ana))?.fingerprint}, ${laptopFingerprint}`)
    })

    it('a used code is refused in one line, and remove-device leaves the other computer working', async () => {
      const again = await (await devices.device('ben-tablet')).run(['team', 'join', usedCode])
      expect(again.status).not.toBe(0)
      expect(again.stderr).toMatch(/^twofold: The invite is wrong, expired or already used/)

      const removed = await ana.run(['team', 'remove-device', laptopFingerprint])
      expect(removed.status, removed.stderr).toBe(0)
      const refused = await benLaptop.run(['team', 'sync'])
      expect(refused.status).not.toBe(0)
      await ben.json(['team', 'sync'])
      expect(await codeOn(ben)).toBe(await codeOn(ana))
      expect((await benOf(ana))?.devices.map((device) => device.fingerprint)).not.toContain(laptopFingerprint)
    })
  },
)

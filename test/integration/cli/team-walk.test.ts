import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withClient } from '../../support/postgres-client.ts'
import { POSTGRES_FLAVOURS, postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamLab, type TeamLab } from '../team/team-lab.ts'
import { cliDevices, databaseRowsAsText, type CliDevice, type CliDevices } from './team-cli.ts'
import type { CliResult } from './run-cli.ts'

// Issue 15's walk, as people type it: three computers (three vaults, each driven by the real `twofold`
// CLI in its own process) and one team server on a real PostgreSQL. What is checked is what a person
// sees: the JSON on stdout, the exit status and the one line on stderr.

const AT = String(Date.UTC(2026, 5, 1, 12) / 1000)
const SECRETS = {
  acmeHandle: 'acme.shop',
  acmeSecret: 'GEZDGNBVGY3TQOJQGEZDGNBV',
  acmePhone: '+14155550123',
  acmeNote: 'door code is behind the plant',
  lumenHandle: 'lumen.studio',
  lumenSecret: 'MFRGGZDFMZTWQ2LKNNWG23TP',
  clientAcme: 'Acme Bakery',
  clientLumen: 'Lumen Studio',
}

interface Listed {
  id: string
  handle: string
  client: string | null
  team?: true
}
interface Flag {
  kind: string
  accounts: { id: string; handle: string }[]
}
interface Member {
  name: string
  role: string
  status: string
  clients: string[]
  fingerprint: string | null
}

/** A failure as a person sees it: a non-zero exit and exactly one line on stderr, nothing on stdout. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.status, result.stderr).not.toBe(0)
  expect(result.stdout).toBe('')
  const lines = result.stderr.trimEnd().split('\n')
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^twofold: /)
  expect(lines[0]).toMatch(pattern)
}

/** `count` runs of `run`, `width` at a time. */
async function inParallel<T>(count: number, width: number, run: () => Promise<T>): Promise<T[]> {
  const results: T[] = []
  let started = 0
  const lane = async () => {
    while (started < count) {
      started++
      results.push(await run())
    }
  }
  await Promise.all(Array.from({ length: width }, lane))
  return results
}

for (const flavour of POSTGRES_FLAVOURS) {
  const available = await postgresFlavourAvailable(flavour)
  describe.skipIf(!available)(
    `the team walk on the twofold CLI: three computers, one server (PostgreSQL: ${flavour})`,
    // Each step spawns several CLI processes, each deriving its vault key: slow on a busy 2-core runner.
    { timeout: 120_000 },
    () => {
      let lab: TeamLab
      let devices: CliDevices
      let ana: CliDevice
      let ben: CliDevice
      let cleo: CliDevice
      const ids: Record<string, string> = {}

      const listed = async (device: CliDevice) => device.json<Listed[]>(['list'])
      const handles = async (device: CliDevice) =>
        (await listed(device)).map((account) => account.handle).sort()
      const codeOn = async (device: CliDevice, query: string) =>
        (await device.json<{ code: string }>(['code', query, '--at', AT])).code
      const flagged = async (device: CliDevice, kind: string) =>
        (await device.json<Flag[]>(['flags']))
          .filter((flag) => flag.kind === kind)
          .flatMap((flag) => flag.accounts.map((account) => account.id))
          .sort()

      beforeAll(async () => {
        lab = await startTeamLab({ flavour })
        devices = cliDevices()
        ;[ana, ben, cleo] = await Promise.all([
          devices.device('ana'),
          devices.device('ben'),
          devices.device('cleo'),
        ])
      }, 180_000)
      afterAll(async () => {
        devices?.dispose()
        await lab?.close()
      }, 60_000)

      it('creates the team and shares two clients; personal accounts stay personal', async () => {
        const add = (args: string[], secret: string) =>
          ana.json<{ account: { id: string } }>(
            ['add', '--platform', 'instagram', '--secret-stdin', ...args],
            `${secret}\n`,
          )
        ids.acme = (
          await add(
            [
              '--handle',
              SECRETS.acmeHandle,
              '--client',
              SECRETS.clientAcme,
              '--sms',
              '+1 (415) 555-0123',
              '--notes',
              SECRETS.acmeNote,
            ],
            SECRETS.acmeSecret,
          )
        ).account.id
        ids.lumen = (
          await add(['--handle', SECRETS.lumenHandle, '--client', SECRETS.clientLumen], SECRETS.lumenSecret)
        ).account.id
        ids.own = (await add(['--handle', 'my.own', '--client', 'Personal'], 'JBSWY3DPEHPK3PXP')).account.id

        const created = await ana.json<{ team: string; fingerprint: string }>([
          'team',
          'create',
          '--server',
          lab.serverUrl,
          '--setup-code',
          await lab.setupCode(),
          '--name',
          'Agency',
          '--member-name',
          'Ana',
        ])
        expect(created.team).toBe('Agency')
        expect(created.fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/)
        expect(await ana.json(['team', 'share', SECRETS.clientAcme])).toEqual({
          client: SECRETS.clientAcme,
          accounts: 1,
        })
        expect(await ana.json(['team', 'share', SECRETS.clientLumen])).toEqual({
          client: SECRETS.clientLumen,
          accounts: 1,
        })

        const list = await listed(ana)
        expect(
          list
            .filter((account) => account.team)
            .map((account) => account.id)
            .sort(),
        ).toEqual([ids.acme, ids.lumen].sort())
        expect(list.find((account) => account.id === ids.own)).not.toHaveProperty('team')
        expect(await ana.json(['team', 'status'])).toMatchObject({
          team: 'Agency',
          member: 'Ana',
          role: 'owner',
          server: lab.serverUrl,
          online: true,
          pending: 0,
        })
      })

      it('invites with one client, joins (argv and --code-stdin), and gives equal codes after sync', async () => {
        const { code: benCode } = await ana.json<{ code: string }>([
          'team',
          'invite',
          'Ben',
          '--clients',
          SECRETS.clientAcme,
        ])
        expect(benCode).toMatch(/^twofold-invite:[A-Za-z0-9_-]+$/)
        const invited = await ana.run(['team', 'invite', 'Cleo', '--clients', SECRETS.clientLumen])
        expect(invited.status).toBe(0)
        const cleoCode = invited.stdout.trim()
        expect(invited.stdout).toBe(`${cleoCode}\n`)

        const benJoined = await ben.json<{ team: string; fingerprint: string; status: string }>([
          'team',
          'join',
          benCode,
          '--name',
          'Ben',
        ])
        expect(benJoined).toMatchObject({ team: 'Agency', status: 'pending' })
        const cleoJoined = await cleo.json(
          ['team', 'join', '--code-stdin', '--name', 'Cleo'],
          `${cleoCode}\n`,
        )
        expect(cleoJoined).toMatchObject({ team: 'Agency', status: 'pending' })

        // Before an admin's Twofold checked the proof, the new device holds nothing.
        await ben.json(['team', 'sync'])
        expect(await listed(ben)).toEqual([])

        const anaSync = await ana.json<{ joins: { member: string; confirmed: boolean }[] }>(['team', 'sync'])
        expect(anaSync.joins.sort((a, b) => a.member.localeCompare(b.member))).toEqual([
          { member: 'Ben', confirmed: true },
          { member: 'Cleo', confirmed: true },
        ])
        const members = await ana.json<Member[]>(['team', 'members'])
        expect(members.find((member) => member.name === 'Ben')).toMatchObject({
          role: 'member',
          clients: [SECRETS.clientAcme],
          fingerprint: benJoined.fingerprint,
        })

        await ben.json(['team', 'sync'])
        await cleo.json(['team', 'sync'])
        expect(await listed(ben)).toEqual([
          expect.objectContaining({
            id: ids.acme,
            handle: SECRETS.acmeHandle,
            client: SECRETS.clientAcme,
            team: true,
          }),
        ])
        expect(await handles(cleo)).toEqual([SECRETS.lumenHandle])
        expect(await codeOn(ben, 'acme')).toBe(await codeOn(ana, 'acme'))
        expect(await codeOn(cleo, 'lumen')).toBe(await codeOn(ana, 'lumen'))
      })

      it('refuses a join whose invite secret was altered, a damaged code and an empty --code-stdin, one line each', async () => {
        const { code } = await ana.json<{ code: string }>(['team', 'invite', 'Dan'])
        const stranger = await devices.device('stranger')
        const body = JSON.parse(
          Buffer.from(code.slice('twofold-invite:'.length), 'base64url').toString('utf8'),
        ) as {
          secret: string
        }
        const altered = `twofold-invite:${Buffer.from(
          JSON.stringify({ ...body, secret: randomBytes(32).toString('base64url') }),
        ).toString('base64url')}`
        expectOneLineError(await stranger.run(['team', 'join', altered, '--name', 'Dan']), /invite/i)
        // Dan's invite still waits; no device of the stranger's got in.
        expect(
          (await ana.json<Member[]>(['team', 'members'])).find((member) => member.name === 'Dan'),
        ).toMatchObject({
          status: 'invited',
          fingerprint: null,
        })

        const again = await devices.device('again')
        expectOneLineError(
          await again.run(['team', 'join', '--code-stdin'], 'twofold-invite:garbage\n'),
          /invite code/i,
        )
        expectOneLineError(await again.run(['team', 'join', '--code-stdin']), /stdin/)
      })

      it('brings a granted client at the member’s next sync', async () => {
        expect(await ana.json(['team', 'grant', 'Ben', SECRETS.clientLumen])).toEqual({
          member: 'Ben',
          client: SECRETS.clientLumen,
        })
        await ben.json(['team', 'sync'])
        expect(await handles(ben)).toEqual([SECRETS.acmeHandle, SECRETS.lumenHandle])
        expect(await codeOn(ben, 'lumen')).toBe(await codeOn(ana, 'lumen'))
        expectOneLineError(await ana.run(['team', 'grant', 'Nobody', SECRETS.clientAcme]), /Nobody/)
        expectOneLineError(await ben.run(['team', 'grant', 'Cleo', SECRETS.clientAcme]), /admin/i)
      })

      it('merges offline edits of different fields and flags the one both sides changed', async () => {
        await lab.stopServer()
        await ana.json(['edit', 'acme', '--notes', 'notes by Ana', '--tags', 'vip'])
        await ben.json(['edit', 'acme', '--notes', 'notes by Ben', '--handle', 'acme.official'])
        expectOneLineError(await ben.run(['team', 'sync']), /server|offline|reach/i)
        expect(await ben.json(['team', 'status'])).toMatchObject({ online: false, pending: 1 })
        await lab.startServer()

        await ana.json(['team', 'sync'])
        const benSync = await ben.json<{ conflicts: string[] }>(['team', 'sync'])
        expect(benSync.conflicts).toEqual([ids.acme])
        await ana.json(['team', 'sync'])
        for (const device of [ana, ben]) {
          const shown = (
            await device.json<{ handle: string; notes?: string; tags?: string[] }[]>(['list'])
          ).find((account) => (account as unknown as Listed).id === ids.acme)
          expect(shown?.handle).toBe('acme.official')
        }
        expect(await flagged(ben, 'sync-conflict')).toEqual([ids.acme])
        expect(await flagged(ana, 'sync-conflict')).toEqual([])
      })

      it('hands each of 12 backup codes to exactly one of 20 parallel claims from two computers', async () => {
        const codes = Array.from(
          { length: 12 },
          (_, index) =>
            // Instagram's codes have 8 characters, checked for a team account as for a personal one.
            `${String(index + 1).padStart(4, '0')}${randomBytes(2).toString('hex').toUpperCase()}`,
        )
        expect(await ana.json(['backup-codes', 'set', 'acme'], `${codes.join('\n')}\n`)).toMatchObject({
          total: 12,
        })
        await ben.json(['team', 'sync'])
        // Each computer runs its claims as parallel CLI processes, at most four at once: a password vault
        // counts every unlock in flight as a possible guess and refuses the fifth (unlock-throttle.ts).
        const claim = (device: CliDevice) => device.run(['backup-codes', 'use-next', 'acme', '--json'])
        const claims = (
          await Promise.all([inParallel(10, 4, () => claim(ana)), inParallel(10, 4, () => claim(ben))])
        ).flat()
        const won = claims.filter((claim) => claim.status === 0)
        const refused = claims.filter((claim) => claim.status !== 0)
        const handed = won.map((claim) => (JSON.parse(claim.stdout) as { code: string }).code)
        expect(new Set(handed).size).toBe(12)
        expect([...handed].sort()).toEqual([...codes].sort())
        expect(refused).toHaveLength(8)
        for (const refusal of refused)
          expectOneLineError(refusal, /Every backup code of this account was already handed out/)
      })

      it('revokes a client from a member: gone from their computer at the next sync', async () => {
        expect(await ana.json(['team', 'revoke', 'Cleo', SECRETS.clientLumen])).toEqual({
          member: 'Cleo',
          client: SECRETS.clientLumen,
        })
        const cleoSync = await cleo.json<{ dropped: number }>(['team', 'sync'])
        expect(cleoSync.dropped).toBe(1)
        expect(await listed(cleo)).toEqual([])
        expect(
          (await ana.json<Member[]>(['team', 'members'])).find((member) => member.name === 'Cleo')?.clients,
        ).toEqual([])
      })

      it('removes one device by the fingerprint members shows: that device is refused at once', async () => {
        expectOneLineError(
          await ana.run(['team', 'remove-device', '00000 00000 00000 00000']),
          /No device of the team has that fingerprint/,
        )
        const fingerprint = (await ana.json<Member[]>(['team', 'members'])).find(
          (member) => member.name === 'Cleo',
        )?.fingerprint
        expect(fingerprint).toMatch(/^\d{5}( \d{5}){3}$/)
        // Cleo holds no client since the revoke, so nothing needs a new key.
        expect(await ana.json(['team', 'remove-device', String(fingerprint)])).toEqual({
          device: fingerprint,
          rotated: 0,
        })
        expectOneLineError(await cleo.run(['team', 'sync']), /This device was removed from the team/)
      })

      it('removes a member: refused at once, both clients rotated, their accounts flagged', async () => {
        const lumenBefore = await codeOn(ana, 'lumen')
        expect(await ana.json(['team', 'remove', 'Ben'])).toEqual({ member: 'Ben', rotated: 2 })
        expectOneLineError(await ben.run(['team', 'sync']), /You were removed from the team/)
        expect(await flagged(ana, 'exposed-to-former-member')).toEqual([ids.acme, ids.lumen].sort())
        expect(await codeOn(ana, 'lumen')).toBe(lumenBefore)
        expect(
          (await ana.json<Member[]>(['team', 'members'])).find((member) => member.name === 'Ben')?.status,
        ).toBe('removed')
      })

      it('says in twofold flags what each exposed account still needs, new backup codes counted', async () => {
        const exposedLines = async () =>
          (await ana.run(['flags'])).stdout
            .split('\n')
            .filter((line) => line.includes('exposed-to-former-member'))
        // Acme had a set of backup codes Ben could claim from; Lumen had none.
        expect(await exposedLines()).toEqual([
          expect.stringMatching(/acme.*: replace it at .* and get new backup codes\.$/),
          expect.stringMatching(
            /lumen.*: replace it at .*; it had no backup codes stored, so nothing else is left\.$/,
          ),
        ])
        expect(await ana.json(['backup-codes', 'set', 'acme'], '4821 0937\n5510 2846\n')).toMatchObject({
          total: 2,
        })
        expect((await exposedLines())[0]).toMatch(
          /acme.*: new backup codes are stored; the secret is still to replace/,
        )
      })

      it('verifies the audit chain, and reports the entry a database owner altered', async () => {
        const audit = await ana.json<{ entries: { kind: string }[]; verified: { ok: boolean } }>([
          'team',
          'audit',
          '--verify',
          '--limit',
          '500',
        ])
        expect(audit.verified).toMatchObject({ ok: true })
        const kinds = new Set(audit.entries.map((entry) => entry.kind))
        expect(kinds.size).toBeGreaterThan(5)

        await withClient(lab.databaseUrl, (db) =>
          db.query(`UPDATE audit SET kind = 'nothing-happened' WHERE seq = 2`),
        )
        expectOneLineError(await ana.run(['team', 'audit', '--verify']), /broken at entry 2/)
      })

      it('leaves no handle, secret, phone number, note or client name in the database', async () => {
        const dump = await databaseRowsAsText(lab.databaseUrl)
        expect(dump).toContain('-- records')
        for (const [what, text] of Object.entries({
          ...SECRETS,
          benNote: 'notes by Ben',
          anaNote: 'notes by Ana',
        })) {
          expect(dump.includes(text), what).toBe(false)
          expect(dump.includes(Buffer.from(text).toString('hex')), `${what} as hex`).toBe(false)
        }
      })
    },
  )
}

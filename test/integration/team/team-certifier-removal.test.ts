import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { codeOf, postgresAvailable, useFormedTeam } from './team-lab.ts'

// Each device trusts another only through a chain of certificates to the owner's key, and a removed
// device's signatures no longer count. So when an admin leaves, the devices that admin certified would
// fall out of everyone's trust with it: the removing admin's Twofold vouches for them itself first.

describe.skipIf(!postgresAvailable)('removing an admin who certified other devices', () => {
  let ana: Backend
  let ava: Backend
  let ben: Backend
  let max: Backend
  let alex: Backend
  let ids: Record<string, string>
  const lab = useFormedTeam(
    {
      owner: {
        name: 'Ana',
        accounts: [
          { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
          { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' },
          { handle: 'nova', client: 'Nova', secret: 'NBSWY3DPEB3W64TM' },
        ],
      },
      members: [
        { name: 'Ava', clients: [], admin: true },
        { name: 'Ben', clients: ['Acme'] },
      ],
    },
    async (team) => {
      ;[ana, ava, ben] = [team.owner, ...team.members] as [Backend, Backend, Backend]
      ids = team.ids
      // Ava, an admin, invites Max (a member) and Alex (an admin); her Twofold certifies both devices.
      max = await lab.device('Max')
      alex = await lab.device('Alex')
      await max.team.join(await ava.team.invite({ name: 'Max', clientNames: ['Acme'] }))
      await alex.team.join(await ava.team.invite({ name: 'Alex', admin: true }))
      await ava.team.sync()
      for (const device of [max, alex, ana]) await device.team.sync()
    },
  )

  async function certifierOf(name: string): Promise<string> {
    const db = new pg.Client({ connectionString: lab.databaseUrl })
    await db.connect()
    try {
      const rows = await db.query<{ certifier: string }>(
        `SELECT cm.name AS certifier FROM devices d
         JOIN members m ON m.team_id = d.team_id AND m.id = d.member_id
         JOIN devices c ON c.team_id = d.team_id AND c.id = d.certified_by
         JOIN members cm ON cm.team_id = c.team_id AND cm.id = c.member_id
         WHERE m.name = $1`,
        [name],
      )
      return rows.rows.map((row) => row.certifier).join(',')
    } finally {
      await db.end()
    }
  }

  it('refuses the removal from an admin whose own device the leaving admin certified', async () => {
    const refused = await alex.team.remove('Ava').catch((error: unknown) => error)
    expect(isTwofoldError(refused, 'team-refused'), String(refused)).toBe(true)
    expect((refused as Error).message).toMatch(/ask the owner or another admin/)
    expect((await ana.team.members()).find((member) => member.name === 'Ava')?.status).toBe('active')
    expect(await certifierOf('Max')).toBe('Ava')
  })

  it('keeps the devices the admin certified in the team: they get the rotated keys, new grants and later rotations', async () => {
    expect(codeOf(max, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
    expect(await certifierOf('Max')).toBe('Ava')

    // Just before she leaves, Ava grants Nova to Max, who is offline until after the removal. Nova's
    // backup codes keep its first key in use, so the key Ava signed for Max stays on the server, signed
    // by a device that is gone by the time he sees it: he must still sync, under the rotated key.
    await ana.team.setBackupCodes(ids.nova ?? '', 'nova-code-1\nnova-code-2')
    await ava.team.sync()
    await ava.team.grant('Max', 'Nova')

    expect(await ana.team.remove('Ava')).toEqual({ rotated: 3 })
    expect(await certifierOf('Max')).toBe('Ana')
    expect(await certifierOf('Alex')).toBe('Ana')
    await max.team.sync()
    expect(codeOf(max, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
    expect(codeOf(max, ids.nova ?? '')).toBe(codeOf(ana, ids.nova ?? ''))

    // A grant after the removal, by the admin Ava had certified, reaches Max's device: Alex trusts
    // Max (keys go only to trusted devices) and Max trusts Alex (keys are taken only from them).
    await alex.team.sync()
    await alex.team.grant('Max', 'Lumen')
    await max.team.sync()
    expect(codeOf(max, ids.lumen ?? '')).toBe(codeOf(ana, ids.lumen ?? ''))

    // A later rotation must give every device that keeps Acme its key, Max's included.
    expect(await ana.team.remove('Ben')).toEqual({ rotated: 1 })
    await max.team.sync()
    expect(codeOf(max, ids.acme ?? '')).toBe(codeOf(ana, ids.acme ?? ''))
    max.editing.update(ids.acme ?? '', { label: 'Acme by Max' })
    expect((await max.team.sync()).pushed).toBe(1)
    await ana.team.sync()
    expect(ana.queries.list().accounts.find((account) => account.id === ids.acme)?.label).toBe('Acme by Max')
    await ben.team.sync().catch(() => undefined)
  })

  it('records the new certificate in the audit log', async () => {
    const audit = await ana.team.audit({ verify: true })
    expect(audit.entries.map((entry) => entry.kind)).toContain('device-recertified')
  })
})

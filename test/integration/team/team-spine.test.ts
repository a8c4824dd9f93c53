import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { addAccount, codeOf, postgresAvailable, startTeamLab, type TeamLab } from './team-lab.ts'

// The spine of the team vault: an owner creates a team and shares a client; a member joins by invite,
// the owner's sync checks and confirms the device, and the member's codes equal the owner's.

describe.skipIf(!postgresAvailable)('create, share, invite, join, sync', () => {
  let lab: TeamLab
  let owner: Backend
  let member: Backend
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    lab = await startTeamLab()
    owner = await lab.device('owner')
    member = await lab.device('member')
  }, 180_000)
  afterAll(async () => {
    await lab?.close()
  }, 60_000)

  it('creates a team with a setup code and shares a client with its accounts', async () => {
    ids.acme = addAccount(owner, {
      handle: 'acme',
      client: 'Acme',
      secret: 'GEZDGNBVGY3TQOJQ',
      notes: 'brand',
    })
    ids.lumen = addAccount(owner, { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' })
    addAccount(owner, { handle: 'mine', client: 'Personal' })
    const created = await owner.team.create({
      server: lab.serverUrl,
      setupCode: await lab.setupCode(),
      teamName: 'Agency',
      memberName: 'Ana',
    })
    expect(created.fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5}$/)
    expect(await owner.team.share('Acme')).toEqual({ accounts: 1 })
    expect(await owner.team.share('Lumen')).toEqual({ accounts: 1 })
    expect(owner.team.isTeamAccount(ids.acme ?? '')).toBe(true)
  })

  it('lets a member join with an invite code, confirmed at the owner’s next sync', async () => {
    const { code } = await owner.team.invite({ name: 'Ben', clientNames: ['Acme'] })
    expect(code).toMatch(/^twofold-invite:[A-Za-z0-9_-]+$/)
    const joined = await member.team.join({ code, memberName: 'Ben' })
    expect(joined).toMatchObject({ team: 'Agency', status: 'pending' })

    const beforeConfirm = await member.team.sync()
    expect(beforeConfirm.pulled).toBe(0)
    expect(member.queries.list().accounts).toEqual([])

    const ownerSync = await owner.team.sync()
    expect(ownerSync.joins).toEqual([{ member: 'Ben', confirmed: true }])

    await member.team.sync()
    const accounts = member.queries.list().accounts
    expect(accounts.map((account) => [account.id, account.handle, account.clientName])).toEqual([
      [ids.acme, 'acme', 'Acme'],
    ])
    expect(codeOf(member, ids.acme ?? '')).toBe(codeOf(owner, ids.acme ?? ''))
    expect(accounts[0]?.notes).toBe('brand')
  })

  it('shows both sides the same members and fingerprints', async () => {
    const seenByOwner = await owner.team.members()
    const seenByMember = await member.team.members()
    expect(seenByOwner.map((entry) => [entry.name, entry.role, entry.status]).sort()).toEqual([
      ['Ana', 'owner', 'active'],
      ['Ben', 'member', 'active'],
    ])
    expect(seenByMember.map((entry) => entry.fingerprint).sort()).toEqual(
      seenByOwner.map((entry) => entry.fingerprint).sort(),
    )
    const status = await member.team.status()
    expect(status).toMatchObject({ team: 'Agency', member: 'Ben', role: 'member', online: true, pending: 0 })
    expect(seenByOwner.find((entry) => entry.name === 'Ben')?.fingerprint).toBe(status.fingerprint)
  })
})

import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import { postgresFlavourAvailable, type PostgresFlavour } from '../../support/postgres.ts'
import { startTeamServer, type TestTeamServer } from '../../support/team-server.ts'
import { vaultWorkspace } from '../../support/vault-workspace.ts'

/**
 * One team server (the real twofold-server app on a real, throwaway PostgreSQL) and as many devices as
 * a test opens: each a real vault file of its own, on the in-memory keychain, with the app's backend.
 */
export interface TeamLab extends TestTeamServer {
  /** With a password, the vault needs no keychain: a `twofold` process can open it too (`vaultHome`). */
  device(name: string, options?: { password?: string }): Promise<Backend>
  /** Another backend on a device's vault file, unlocked: what the CLI opens beside the app. */
  reopen(name: string): Promise<Backend>
  /** The folder of a device's vault, for `twofold --vault`. */
  vaultHome(name: string): string
}

export const postgresAvailable = await postgresFlavourAvailable('embedded')

export async function startTeamLab(options: { flavour?: PostgresFlavour } = {}): Promise<TeamLab> {
  const server = await startTeamServer(options)
  const devices = vaultWorkspace()
  return {
    serverUrl: server.serverUrl,
    databaseUrl: server.databaseUrl,
    setupCode: () => server.setupCode(),
    async device(name, options = {}) {
      const { backend } = await devices.createVault(name, options)
      return backend
    },
    async reopen(name) {
      const backend = devices.openBackend(name)
      await backend.vault.unlock({ method: 'keychain' })
      return backend
    },
    vaultHome: (name) => join(devices.folder.home, name),
    stopServer: () => server.stopServer(),
    startServer: () => server.startServer(),
    async close() {
      await devices.dispose()
      await server.close()
    },
  }
}

/** A TOTP account of a client, with a secret of its own. */
export function addAccount(
  device: Backend,
  account: { handle: string; client: string; secret?: string; notes?: string; sms?: string },
): string {
  return device.editing.add({
    platform: 'instagram',
    handle: account.handle,
    clientName: account.client,
    ...(account.notes ? { notes: account.notes } : {}),
    ...(account.sms ? { sms: account.sms } : {}),
    authenticator: {
      source: 'manual',
      secret: account.secret ?? 'JBSWY3DPEHPK3PXP',
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
  }).account.id
}

/** The current code of an account on a device, at one fixed moment so two devices can be compared. */
export function codeOf(
  device: Backend,
  accountId: string,
  at = Date.UTC(2026, 5, 1, 12),
): string | undefined {
  return device.codes.codes([accountId], at)[0]?.code
}

export interface TeamPlan {
  owner: { name: string; accounts: { handle: string; client: string; secret?: string; notes?: string }[] }
  members: { name: string; clients: string[]; admin?: boolean }[]
}

export interface FormedTeam {
  owner: Backend
  members: Backend[]
  /** Account ids by handle. */
  ids: Record<string, string>
}

/** Ana owns Acme and Lumen; Ben holds Acme, Cleo holds both: the team the removal tests take apart. */
export const ANA_BEN_CLEO: TeamPlan = {
  owner: {
    name: 'Ana',
    accounts: [
      { handle: 'acme', client: 'Acme', secret: 'GEZDGNBVGY3TQOJQ' },
      { handle: 'lumen', client: 'Lumen', secret: 'MFRGGZDFMZTWQ2LK' },
    ],
  },
  members: [
    { name: 'Ben', clients: ['Acme'] },
    { name: 'Cleo', clients: ['Acme', 'Lumen'] },
  ],
}

/**
 * For one describe: a lab with the planned team formed before its tests (handed to `onFormed`, which
 * may start more) and closed after them. The lab returned is usable from the tests on; afterAll hooks
 * the describe registers itself run before the lab closes (vitest runs them as a stack).
 */
export function useFormedTeam(
  plan: TeamPlan,
  onFormed: (team: FormedTeam) => void | Promise<void>,
  options: { timeoutMs?: number } = {},
): TeamLab {
  let current: TeamLab | undefined
  const lab = (): TeamLab => {
    if (!current) throw new Error('the team lab is used before its beforeAll formed it')
    return current
  }
  beforeAll(async () => {
    current = await startTeamLab()
    await onFormed(await formTeam(current, plan))
  }, options.timeoutMs ?? 180_000)
  afterAll(async () => {
    await current?.close()
  }, 60_000)
  return {
    get serverUrl() {
      return lab().serverUrl
    },
    get databaseUrl() {
      return lab().databaseUrl
    },
    setupCode: () => lab().setupCode(),
    device: (name, options) => lab().device(name, options),
    reopen: (name) => lab().reopen(name),
    vaultHome: (name) => lab().vaultHome(name),
    stopServer: () => lab().stopServer(),
    startServer: () => lab().startServer(),
    close: () => lab().close(),
  }
}

/** An owner who shared `clients`, and each member joined and confirmed with the clients named. */
export async function formTeam(lab: TeamLab, plan: TeamPlan): Promise<FormedTeam> {
  const owner = await lab.device(plan.owner.name)
  const ids: Record<string, string> = {}
  for (const account of plan.owner.accounts) ids[account.handle] = addAccount(owner, account)
  await owner.team.create({
    server: lab.serverUrl,
    setupCode: await lab.setupCode(),
    teamName: 'Agency',
    memberName: plan.owner.name,
  })
  for (const client of new Set(plan.owner.accounts.map((account) => account.client)))
    await owner.team.share(client)
  const members: Backend[] = []
  for (const member of plan.members) {
    const device = await lab.device(member.name)
    const { code } = await owner.team.invite({
      name: member.name,
      clientNames: member.clients,
      admin: member.admin === true,
    })
    await device.team.join({ code })
    members.push(device)
  }
  await owner.team.sync()
  for (const device of members) await device.team.sync()
  return { owner, members, ids }
}

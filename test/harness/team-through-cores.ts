import type { Backend } from '../../electron/core/app-backend.ts'
import type { TestTeamServer } from '../support/team-server.ts'
import { createUnlockedVault } from './seed-vault.ts'

/**
 * A team set up through the cores rather than the windows (Settings → Team has its own walk in
 * team-settings.spec.ts): the owner's vault creates it on `server` as Ana and shares `shared`; the
 * colleague's, a fresh vault, joins as Ben holding `granted`; both sync, so Ben is confirmed and holds
 * his clients.
 */
export async function formTeamThroughCores(
  server: TestTeamServer,
  owner: Backend,
  colleague: Backend,
  clients: { shared: readonly string[]; granted: readonly string[] },
): Promise<void> {
  await owner.team.create({
    server: server.serverUrl,
    setupCode: await server.setupCode(),
    teamName: 'Agency',
    memberName: 'Ana',
  })
  for (const client of clients.shared) await owner.team.share(client)
  const { code } = await owner.team.invite({ name: 'Ben', clientNames: clients.granted })
  await createUnlockedVault(colleague)
  await colleague.team.join({ code, memberName: 'Ben' })
  await owner.team.sync()
  await colleague.team.sync()
}

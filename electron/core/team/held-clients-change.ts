import type { TeamStore } from './team-store.ts'

/** Clients this device came to hold, or stopped holding, in one sync: by name, for a notice. */
export interface HeldClientsChange {
  gained: string[]
  lost: string[]
}

/** The shared clients this device holds now, by team client id, with their names. */
export function heldClientNames(store: TeamStore): Map<string, string> {
  const name = store.db.prepare('SELECT name FROM clients WHERE id = ?').pluck()
  return new Map(
    store
      .teamClients()
      .map((row) => [row.teamClientId, (name.get(row.clientId) as string | undefined) ?? '']),
  )
}

/** What changed between two readings, or null when nothing did. */
export function heldClientsChange(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): HeldClientsChange | null {
  const gained = [...after].filter(([id]) => !before.has(id)).map(([, name]) => name)
  const lost = [...before].filter(([id]) => !after.has(id)).map(([, name]) => name)
  return gained.length === 0 && lost.length === 0 ? null : { gained, lost }
}

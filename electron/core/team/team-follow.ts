import type { EventName, EventPayload } from '../../../shared/ipc/contract.ts'
import { isTwofoldError } from '../errors.ts'
import type { Vault } from '../vault/vault.ts'
import type { LiveSyncOptions } from './team-live-sync.ts'
import type { TeamService } from './team-service.ts'

/** What following needs from the backend: its vault, its team and its events. */
export interface FollowedBackend {
  readonly vault: Pick<Vault, 'isUnlocked'>
  readonly team: Pick<TeamService, 'joined' | 'startLive' | 'liveState' | 'noticeLocalChanges'>
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export interface FollowOptions {
  /** How often an unlocked vault that follows no team looks for one joined meanwhile (by the CLI). */
  joinPollMs?: number
  live?: LiveSyncOptions
  /** Why live sync did not start, as an error code: never a message, which could quote data. */
  report?: (code: string) => void
}

/**
 * The app following its team while the vault is unlocked: live sync starts at each unlock of a
 * joined vault, and when a team is joined while it is unlocked — by a `twofold team join` in another
 * process, which no window hears of — within a few seconds, without a re-unlock. The app's own writes
 * are passed on to live sync at once, so a team edit is pushed without waiting for its poll. Live sync
 * stops by itself at lock (TeamService); a device the server refused is tried again only at the
 * next unlock. Returns what stops the following (not a live sync already running).
 */
export function followTeam(backend: FollowedBackend, options: FollowOptions = {}): () => void {
  const joinPollMs = options.joinPollMs ?? 3_000
  /** `atUnlock`: a device refused before is tried again (it may have been a passing refusal). */
  const follow = (atUnlock: boolean) => {
    if (!backend.vault.isUnlocked) return
    const phase = backend.team.liveState()?.phase
    if (phase === 'connecting' || phase === 'connected' || phase === 'offline') return
    if (phase === 'refused' && !atUnlock) return
    try {
      if (backend.team.joined) backend.team.startLive(options.live)
    } catch (error) {
      options.report?.(isTwofoldError(error) ? error.code : 'unexpected')
    }
  }
  const unsubscribe = [
    backend.subscribe('vault:state-changed', (status) => {
      if (status.state === 'unlocked') follow(true)
    }),
    backend.subscribe('vault:changed', () => backend.team.noticeLocalChanges()),
  ]
  // Joining writes no table the windows watch, so the join is looked for: one query every few seconds.
  const poll = setInterval(() => follow(false), joinPollMs)
  poll.unref()
  follow(true)
  return () => {
    clearInterval(poll)
    for (const stop of unsubscribe) stop()
  }
}

import { Notification } from 'electron'
import type { Backend } from '../../core/app-backend.ts'
import { heldClientsNotices, teamTrayLine } from '../../core/team/team-notices.ts'
import type { TwofoldTray } from './tray-menu.ts'

const TRAY_REFRESH_MS = 15_000

/**
 * The team on the desktop: a notification when a sync gives this person a client or takes one away,
 * and the team's state in the tray menu, re-read while the vault is unlocked. Returns a stop function.
 */
export function showTeamOnDesktop(backend: Backend, tray: TwofoldTray): () => void {
  const stopNotices = backend.team.onHeldClientsChanged((change) => {
    if (!Notification.isSupported()) return
    for (const notice of heldClientsNotices(change)) new Notification(notice).show()
  })
  let reading = false
  const refresh = async () => {
    if (reading) return
    reading = true
    try {
      if (!backend.vault.isUnlocked || !backend.team.joined) tray.setTeamLine(null)
      else tray.setTeamLine(teamTrayLine(await backend.team.status()))
    } catch {
      // The next refresh tries again; the tray is no place for an error message.
    } finally {
      reading = false
    }
  }
  const timer = setInterval(() => void refresh(), TRAY_REFRESH_MS)
  const stopWatchingLock = backend.vault.onStateChanged(() => void refresh())
  void refresh()
  return () => {
    clearInterval(timer)
    stopWatchingLock()
    stopNotices()
    tray.setTeamLine(null)
  }
}

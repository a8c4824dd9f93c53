import { Notification } from 'electron'
import type { Backend } from '../../core/app-backend.ts'
import { inboxNotices } from '../../core/inbox/inbox-notices.ts'

/**
 * New inbox codes on the desktop: a notification per code for an account this person holds (when
 * "Notify me of new inbox codes" is on), naming the account but never the code; clicking one opens
 * the manager on its Inbox view. Returns a stop function.
 */
export function showInboxOnDesktop(backend: Backend, openInbox: () => void): () => void {
  // Held until closed: a notification collected by the garbage collector no longer hears its click.
  const shown = new Set<Notification>()
  const stop = backend.team.onInboxChanged((fresh) => {
    if (!backend.preferences.read().inboxNotifications || !Notification.isSupported()) return
    const handleOf = (accountId: string) => {
      try {
        return backend.queries.get(accountId).handle
      } catch {
        // Deleted since the message arrived: nobody to name.
        return null
      }
    }
    for (const notice of inboxNotices(fresh, handleOf, Date.now())) {
      const notification = new Notification(notice)
      shown.add(notification)
      notification.on('click', () => {
        shown.delete(notification)
        openInbox()
      })
      notification.on('close', () => shown.delete(notification))
      notification.show()
    }
  })
  return () => {
    stop()
    for (const notification of shown) notification.close()
    shown.clear()
  }
}

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { channels, type Channel, type EventName, type EventPayload } from '../../../shared/ipc/contract.ts'
import type { IpcResult } from '../../../shared/ipc/result.ts'
import type { Backend } from '../../core/app-backend.ts'

export interface TrustedWindows {
  /**
   * The channels this sender may use: those of its window's preload when the sender is the main frame
   * of one of our windows showing our own page; null for anyone else.
   */
  allowedChannels(event: IpcMainInvokeEvent): ReadonlySet<Channel> | null
}

/**
 * Binds every channel of the contract to the backend's one dispatcher. The sender is checked first:
 * a frame that is not our page's main frame (an iframe, a page navigated elsewhere), or a window
 * asking for a channel its preload does not offer, gets a refusal and the handler never runs.
 */
export function bindDispatcher(backend: Backend, trust: TrustedWindows): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!trust.allowedChannels(event)?.has(channel)) {
        return {
          ok: false,
          error: { code: 'forbidden-sender', message: 'This page may not make that request.' },
        }
      }
      return backend.dispatch(channel, payload)
    })
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}

/** Sends a backend event to each listed window that is still alive. */
export function forwardEvent<E extends EventName>(
  targets: () => WebContents[],
  event: E,
  payload: EventPayload<E>,
): void {
  for (const contents of targets()) {
    if (!contents.isDestroyed()) contents.send(event, payload)
  }
}

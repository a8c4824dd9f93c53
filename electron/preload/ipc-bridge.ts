/**
 * The two primitives every preload's named functions are built on: a request over `invoke`, and a
 * subscription that hands back its unsubscribe. `ipcRenderer` itself never reaches the page.
 */
import { ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Channel, EventName } from '../../shared/ipc/contract.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'

export function invoke(channel: Channel, request: unknown): Promise<IpcResult<unknown>> {
  return ipcRenderer.invoke(channel, request) as Promise<IpcResult<unknown>>
}

export function subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
  const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
  ipcRenderer.on(event, forward)
  return () => {
    ipcRenderer.removeListener(event, forward)
  }
}

/**
 * The manager window's preload: named functions only, never `ipcRenderer` itself. Every call goes
 * through main's one dispatcher, which validates it; every subscription hands back an unsubscribe.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Channel, EventName } from '../../shared/ipc/contract.ts'
import { bindManagerApi } from '../../shared/ipc/manager-api.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'

const api = bindManagerApi(
  (channel: Channel, request: unknown) => ipcRenderer.invoke(channel, request) as Promise<IpcResult<unknown>>,
  (event: EventName, listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, forward)
    return () => {
      ipcRenderer.removeListener(event, forward)
    }
  },
)

contextBridge.exposeInMainWorld('twofold', api)

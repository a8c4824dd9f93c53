/**
 * The quick popup's preload: only the named functions a "find an account, copy its code" window needs.
 * Main refuses any other channel from this window even if someone forged the call.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Channel, EventName } from '../../shared/ipc/contract.ts'
import { bindPopupApi } from '../../shared/ipc/popup-api.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'

const api = bindPopupApi(
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

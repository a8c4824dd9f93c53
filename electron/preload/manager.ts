/**
 * The manager window's preload: named functions only, never `ipcRenderer` itself. Every call goes
 * through main's one dispatcher, which validates it; every subscription hands back an unsubscribe.
 */
import { contextBridge } from 'electron'
import { bindManagerApi } from '../../shared/ipc/manager-api.ts'
import { invoke, subscribe } from './ipc-bridge.ts'

contextBridge.exposeInMainWorld('twofold', bindManagerApi(invoke, subscribe))

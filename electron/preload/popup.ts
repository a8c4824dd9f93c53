/**
 * The quick popup's preload: only the named functions a "find an account, copy its code" window needs.
 * Main refuses any other channel from this window even if someone forged the call.
 */
import { contextBridge } from 'electron'
import { bindPopupApi } from '../../shared/ipc/popup-api.ts'
import { invoke, subscribe } from './ipc-bridge.ts'

contextBridge.exposeInMainWorld('twofold', bindPopupApi(invoke, subscribe))

import { join } from 'node:path'
import { createBackend, type Backend, type BackendOptions } from '../../electron/core/app-backend.ts'
import type { Channel, ResponseOf } from '../../shared/ipc/contract.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import { throwawayKeychain, type ThrowawayKeychain } from './real-keychain.ts'
import { tempHome } from './temp-home.ts'

export interface CreatedVault {
  backend: Backend
  recoveryKey: string
}

export type VaultOptions = BackendOptions & {
  /** Absent: a keychain-only vault. */
  password?: string
}

/** A vault made the way the window makes one: prepare, show the recovery key, type it back. */
export async function createVaultBackend(options: VaultOptions): Promise<CreatedVault> {
  const { password, ...backendOptions } = options
  const backend = createBackend(backendOptions)
  try {
    const { creationId, recoveryKey } = await backend.vault.prepareCreate()
    await backend.vault.create({
      creationId,
      recoveryKeyConfirmation: recoveryKey,
      ...(password === undefined ? {} : { password }),
    })
    return { backend, recoveryKey }
  } catch (error) {
    backend.close()
    throw error
  }
}

/**
 * A temp folder and a throwaway service on the real keychain, holding as many real vaults as a test
 * opens (each in a folder of its own); `dispose` closes them all and leaves nothing behind.
 */
export interface VaultWorkspace {
  folder: ReturnType<typeof tempHome>
  keys: ThrowawayKeychain
  /** A new vault in `<folder>/<name>`, on this workspace's keychain. */
  createVault(name?: string, options?: Omit<VaultOptions, 'home' | 'keychain'>): Promise<CreatedVault>
  dispose(): Promise<void>
}

export function vaultWorkspace(): VaultWorkspace {
  const folder = tempHome()
  const keys = throwawayKeychain()
  const opened: Backend[] = []
  return {
    folder,
    keys,
    async createVault(name = 'vault', options = {}) {
      const created = await createVaultBackend({
        ...options,
        home: join(folder.home, name),
        keychain: keys.keychain,
      })
      opened.push(created.backend)
      return created
    },
    async dispose() {
      for (const backend of opened.splice(0)) backend.close()
      await keys.cleanup()
      folder.remove()
    },
  }
}

/** One request through the backend's real dispatcher, as the window sends it. */
export async function dispatch<C extends Channel>(
  backend: Backend,
  channel: C,
  request: unknown,
): Promise<IpcResult<ResponseOf<C>>> {
  return (await backend.dispatch(channel, request)) as IpcResult<ResponseOf<C>>
}

/** The request's value; an error reply fails the test with its code and message. */
export async function dispatchValue<C extends Channel>(
  backend: Backend,
  channel: C,
  request: unknown,
): Promise<ResponseOf<C>> {
  const result = await dispatch(backend, channel, request)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** The error code of a request that must be refused; a success fails the test. */
export async function dispatchErrorCode(
  backend: Backend,
  channel: Channel,
  request: unknown,
): Promise<string> {
  const result = await dispatch(backend, channel, request)
  if (result.ok) throw new Error(`${channel} succeeded`)
  return result.error.code
}

import { join } from 'node:path'
import { createBackend, type Backend, type BackendOptions } from '../../electron/core/app-backend.ts'
import type { Channel, ResponseOf } from '../../shared/ipc/contract.ts'
import type { IpcResult } from '../../shared/ipc/result.ts'
import type { Keychain } from '../../electron/core/vault/keychain.ts'
import { Vault, type VaultOptions as VaultConstructorOptions } from '../../electron/core/vault/vault.ts'
import { memoryKeychain } from './memory-keychain.ts'
import type { TestKeychain } from './test-keychain.ts'
import { tempHome } from './temp-home.ts'

export interface CreatedVault {
  backend: Backend
  recoveryKey: string
}

/**
 * Creates the vault the way the window does: prepare, show the recovery key, type it back. Absent
 * password: a keychain-only vault. Hands back the recovery key.
 */
export async function createVaultIn(
  vault: Pick<Vault, 'prepareCreate' | 'create'>,
  password?: string,
): Promise<string> {
  const { creationId, recoveryKey } = await vault.prepareCreate()
  await vault.create({
    creationId,
    recoveryKeyConfirmation: recoveryKey,
    ...(password === undefined ? {} : { password }),
  })
  return recoveryKey
}

export type VaultOptions = BackendOptions & {
  /** Absent: a keychain-only vault. */
  password?: string
}

/** A backend on a vault it has just created. */
export async function createVaultBackend(options: VaultOptions): Promise<CreatedVault> {
  const { password, ...backendOptions } = options
  const backend = createBackend(backendOptions)
  try {
    return { backend, recoveryKey: await createVaultIn(backend.vault, password) }
  } catch (error) {
    backend.close()
    throw error
  }
}

type WorkspaceBackendOptions = Omit<BackendOptions, 'home' | 'keychain'> & {
  /** Another keychain than the workspace's own (one that fails on purpose, say). */
  keychain?: Keychain
}

/** Where the vaults of a workspace or folder keep their keychain items. */
export interface KeychainChoice {
  /** Absent: an in-memory keychain. The real one (real-keychain.ts) when another process must reach it. */
  keys?: TestKeychain
}

/**
 * A temp folder and a keychain of its own, holding as many real vaults as a test opens (each in a
 * folder of its own); `dispose` closes them all and leaves nothing behind.
 */
export interface VaultWorkspace {
  folder: ReturnType<typeof tempHome>
  keys: TestKeychain
  /** A backend on `<folder>/<name>` as the app opens it at start: nothing created. */
  openBackend(name?: string, options?: WorkspaceBackendOptions): Backend
  /** A new vault in `<folder>/<name>`. */
  createVault(name?: string, options?: WorkspaceBackendOptions & { password?: string }): Promise<CreatedVault>
  dispose(): Promise<void>
}

export function vaultWorkspace({ keys = memoryKeychain() }: KeychainChoice = {}): VaultWorkspace {
  const folder = tempHome()
  const opened: Backend[] = []
  const openBackend = (name = 'vault', options: WorkspaceBackendOptions = {}) => {
    const backend = createBackend({ keychain: keys.keychain, ...options, home: join(folder.home, name) })
    opened.push(backend)
    return backend
  }
  return {
    folder,
    keys,
    openBackend,
    async createVault(name = 'vault', { password, ...options } = {}) {
      const backend = openBackend(name, options)
      return { backend, recoveryKey: await createVaultIn(backend.vault, password) }
    },
    async dispose() {
      for (const backend of opened.splice(0)) backend.close()
      await keys.cleanup()
      folder.remove()
    },
  }
}

/**
 * For tests of the Vault itself, without a backend: a temp folder and a keychain of its own;
 * each `open` is another connection to the one vault file there, as a second window or a restart
 * would make. `dispose` closes them all and leaves nothing behind.
 */
export interface VaultFolder {
  folder: ReturnType<typeof tempHome>
  keys: TestKeychain
  open(options?: Omit<VaultConstructorOptions, 'home' | 'keychain'>): Vault
  dispose(): Promise<void>
}

export function vaultFolder({ keys = memoryKeychain() }: KeychainChoice = {}): VaultFolder {
  const folder = tempHome()
  const opened: Vault[] = []
  return {
    folder,
    keys,
    open(options = {}) {
      const vault = new Vault({ ...options, home: folder.home, keychain: keys.keychain })
      opened.push(vault)
      return vault
    },
    async dispose() {
      for (const vault of opened.splice(0)) vault.close()
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

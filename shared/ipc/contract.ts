/**
 * The IPC contract: the one place that names every channel and the exact shape of what crosses it.
 * Main validates requests with these schemas before a handler runs, and validates responses before
 * they leave: the schemas are strict, so an answer with an unnamed field (a secret, say) is refused
 * rather than sent. Both sides derive their types from here.
 */
import { z } from 'zod'
import { MAX_PASSWORD_LENGTH, vaultStatusSchema } from '../domain/vault.ts'

const password = z.string().min(1, 'Enter the password.').max(MAX_PASSWORD_LENGTH, 'That password is too long.')
/** Generous: a recovery key is 32 Base32 characters, possibly with separators and spaces pasted in. */
const recoveryKey = z.string().min(1, 'Enter the recovery key.').max(200, 'That is not a recovery key.')

export const contract = {
  'vault:status': {
    request: z.strictObject({}),
    response: vaultStatusSchema,
  },
  /**
   * Starts creating a vault: returns a fresh recovery key to show the person once. Nothing is written
   * until `vault:create` proves they kept it by typing it back.
   */
  'vault:prepare-create': {
    request: z.strictObject({}),
    response: z.strictObject({
      creationId: z.string(),
      recoveryKey: z.string(),
      /** Without a keychain the vault needs a password; the window says why. */
      passwordRequired: z.boolean(),
    }),
  },
  'vault:create': {
    request: z.strictObject({
      creationId: z.string().max(100),
      recoveryKeyConfirmation: recoveryKey,
      password: password.optional(),
    }),
    response: vaultStatusSchema,
  },
  'vault:unlock': {
    request: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('keychain') }),
      z.strictObject({ method: z.literal('password'), password }),
      z.strictObject({ method: z.literal('recovery'), recoveryKey }),
    ]),
    response: vaultStatusSchema,
  },
  'vault:lock': {
    request: z.strictObject({}),
    response: vaultStatusSchema,
  },
  'vault:set-password': {
    request: z.strictObject({
      /** Required when the vault already has a password: changing it proves you know the old one. */
      currentPassword: password.optional(),
      newPassword: password,
    }),
    response: vaultStatusSchema,
  },
  'vault:remove-password': {
    request: z.strictObject({ currentPassword: password }),
    response: vaultStatusSchema,
  },
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>

export const channels = Object.keys(contract) as Channel[]

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value)
}

/** Events main pushes to windows. Payloads carry no secrets. */
export const events = {
  'vault:state-changed': vaultStatusSchema,
} as const
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

import type { z } from 'zod'
import { platformPresets } from '../../../shared/domain/platforms.ts'
import type {
  accountPatchSchema,
  authenticatorInputSchema,
  newAccountSchema,
} from '../../../shared/ipc/contract.ts'
import { wipe } from '../crypto/secret-bytes.ts'
import { checkOtpParameters, type OtpParameters } from '../engine/otp-parameters.ts'
import { parseOtpAuthUri } from '../engine/otpauth-uri.ts'
import { isHotp, isTimeBased, PreparedSecret } from '../engine/prepared-secret.ts'
import { decodeBase32Secret } from '../engine/secret-text.ts'
import { findHotpCounter, verifyTimeCode } from '../engine/verify-code.ts'
import { TwofoldError } from '../errors.ts'
import { normalizePhone } from '../phone/normalize-phone.ts'
import type { AccountWithFingerprint } from './account-rows.ts'
import type { AuthenticatorInput, NewAccount } from './account-store.ts'
import { stripUndefined } from './strip-undefined.ts'

/**
 * What a window or the CLI asks for, turned into what the store keeps: otpauth links and Base32 typed
 * by hand into secrets (checked against the code the person typed), phone numbers in any format into
 * E.164.
 */
export type NewAccountRequest = z.output<typeof newAccountSchema>
export type AccountPatchRequest = z.output<typeof accountPatchSchema>
export type AuthenticatorRequest = z.output<typeof authenticatorInputSchema>

/** A new account ready for the store; `dispose` wipes its secret. */
export interface NewAccountDraft {
  account: NewAccount
  dispose(): void
}

export function draftNewAccount(
  request: NewAccountRequest,
  region: string | null,
  now: () => number,
): NewAccountDraft {
  let authenticator: AuthenticatorInput | undefined
  let issuer = request.issuer
  let handle = request.handle.trim()
  if (request.authenticator) {
    authenticator = authenticatorFrom(request.authenticator, request.verificationCode, now)
    if (request.authenticator.source === 'uri') {
      const parsed = parseOtpAuthUri(request.authenticator.uri)
      wipe(parsed.secret)
      issuer ??= parsed.issuer || undefined
      if (!handle) handle = parsed.accountName
    }
  } else if (request.verificationCode) {
    throw new TwofoldError('invalid-request', 'A code can be checked only against an authenticator secret.')
  }
  const account: NewAccount = {
    platform: request.platform,
    handle,
    ...stripUndefined({
      displayName: request.displayName,
      issuer,
      notes: request.notes,
      tags: request.tags,
      clientName: request.clientName,
      authenticator,
      sms: request.sms?.trim() ? normalizePhone(request.sms, region).e164 : undefined,
      whatsapp: request.whatsapp?.trim() ? normalizePhone(request.whatsapp, region).e164 : undefined,
    }),
  }
  return { account, dispose: () => wipe(authenticator?.secret) }
}

/** Decodes the secret and, when the person typed the service's current code, checks it (±1 step). */
export function authenticatorFrom(
  input: AuthenticatorRequest,
  verificationCode: string | undefined,
  now: () => number,
): AuthenticatorInput {
  let secret: Uint8Array
  let params: OtpParameters
  let counter: number | undefined
  if (input.source === 'uri') {
    const parsed = parseOtpAuthUri(input.uri)
    secret = parsed.secret
    params =
      parsed.type === 'hotp'
        ? { type: 'hotp', algorithm: parsed.algorithm, digits: parsed.digits }
        : parsed.type === 'steam'
          ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
          : { type: 'totp', algorithm: parsed.algorithm, digits: parsed.digits, period: parsed.period }
    counter = parsed.type === 'hotp' ? parsed.counter : undefined
  } else {
    secret = decodeBase32Secret(input.secret)
    params = checkOtpParameters(
      input.type === 'hotp'
        ? { type: 'hotp', algorithm: input.algorithm, digits: input.digits }
        : input.type === 'steam'
          ? { type: 'steam', algorithm: 'SHA1', digits: 5, period: 30 }
          : { type: 'totp', algorithm: input.algorithm, digits: input.digits, period: input.period },
    )
    counter = input.type === 'hotp' ? (input.counter ?? 0) : undefined
  }
  let verifiedAt: string | null = null
  if (verificationCode !== undefined && verificationCode.trim() !== '') {
    const prepared = PreparedSecret.fromBytes(params, secret)
    try {
      let matched = false
      if (isHotp(prepared)) {
        const found = findHotpCounter(prepared, [verificationCode], counter ?? 0)
        if (found) counter = found.nextCounter
        matched = found !== null
      } else if (isTimeBased(prepared)) {
        matched = verifyTimeCode(prepared, verificationCode, now()) !== null
      }
      if (!matched) {
        wipe(secret)
        throw new TwofoldError(
          'invalid-code',
          'That code does not match this secret. Check the secret (or scan the QR code again) and type the code the service shows now.',
          { field: 'verificationCode' },
        )
      }
    } finally {
      prepared.wipe()
    }
    verifiedAt = new Date(now()).toISOString()
  }
  return { secret, params, verifiedAt, ...(counter !== undefined ? { counter } : {}) }
}

/**
 * The draft as the stored account it would become, under `id`, for running the posture rules before
 * anything is written.
 */
export function draftAsStored(
  draft: NewAccount,
  id: string,
  at: string,
  secretFingerprint: string | null,
): AccountWithFingerprint {
  return {
    id,
    platform: draft.platform,
    handle: draft.handle,
    displayName: draft.displayName ?? '',
    issuer: draft.issuer ?? platformPresets[draft.platform].issuer,
    label: draft.label ?? draft.handle,
    clientId: null,
    clientName: draft.clientName ?? null,
    notes: '',
    tags: [],
    createdAt: at,
    updatedAt: at,
    lastUsedAt: null,
    methods: {
      authenticator: draft.authenticator
        ? {
            enabled: true,
            type: draft.authenticator.params.type,
            algorithm: draft.authenticator.params.algorithm,
            digits: draft.authenticator.params.digits,
            period: draft.authenticator.params.type === 'hotp' ? 30 : draft.authenticator.params.period,
            verifiedAt: draft.authenticator.verifiedAt ?? null,
            addedAt: at,
          }
        : null,
      sms: draft.sms ? { enabled: true, phone: draft.sms, verifiedAt: null, addedAt: at } : null,
      whatsapp: draft.whatsapp
        ? { enabled: true, phone: draft.whatsapp, verifiedAt: null, addedAt: at }
        : null,
      backupCodes: null,
    },
    secretFingerprint,
  }
}

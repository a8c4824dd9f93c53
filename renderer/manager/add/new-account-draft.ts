import type { MethodKind, PlatformId } from '../../../shared/domain/platforms.ts'
import type { RequestOf } from '../../../shared/ipc/contract.ts'
import { platforms } from '../../shared/catalog/platforms.ts'

export type NewAccountRequest = RequestOf<'accounts:add'>

/** What the Add dialog holds while someone fills it in. */
export interface NewAccountDraft {
  platform: PlatformId
  handle: string
  clientName: string
  methods: Readonly<Record<MethodKind, boolean>>
  secretSource: 'uri' | 'manual'
  uri: string
  secret: string
  type: 'totp' | 'hotp'
  algorithm: 'SHA1' | 'SHA256' | 'SHA512'
  digits: number
  period: number
  verificationCode: string
  sms: string
  whatsapp: string
  backupCodes: string
}

export function emptyDraft(clientName = ''): NewAccountDraft {
  return {
    platform: 'instagram',
    handle: '',
    clientName,
    methods: { authenticator: true, sms: false, whatsapp: false, 'backup-codes': false },
    secretSource: 'uri',
    uri: '',
    secret: '',
    type: 'totp',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    verificationCode: '',
    sms: '',
    whatsapp: '',
    backupCodes: '',
  }
}

/** A method is on only if the chosen platform offers it: switching platform never sends stale input. */
export function methodOn(draft: NewAccountDraft, method: MethodKind): boolean {
  return draft.methods[method] && platforms[draft.platform].methods.includes(method)
}

/**
 * What the window can tell before asking the core: missing fields and the platform rules a person can
 * see on screen. Everything else (a bad secret, a wrong code, a number that is not a number) is the
 * core's to say.
 */
export function draftProblem(draft: NewAccountDraft): { field: string; message: string } | null {
  const facts = platforms[draft.platform]
  const linked = methodOn(draft, 'authenticator') && draft.secretSource === 'uri'
  if (!linked && draft.handle.trim() === '')
    return { field: 'handle', message: 'Enter the account’s handle.' }
  if (!(['authenticator', 'sms', 'whatsapp'] as const).some((method) => methodOn(draft, method))) {
    return { field: 'methods', message: 'Choose at least one way the account receives its codes.' }
  }
  if (methodOn(draft, 'authenticator')) {
    if (draft.secretSource === 'uri' && draft.uri.trim() === '')
      return { field: 'uri', message: 'Paste the otpauth:// link from the QR code.' }
    if (draft.secretSource === 'manual' && draft.secret.trim() === '')
      return { field: 'secret', message: 'Type the secret key the service shows.' }
    if (draft.verificationCode.trim() === '')
      return {
        field: 'verificationCode',
        message: `Type the code ${facts.name === 'Other service' ? 'the service' : facts.name} shows now, to confirm the secret.`,
      }
  }
  if (methodOn(draft, 'sms') && draft.sms.trim() === '')
    return { field: 'sms', message: 'Enter the SMS number.' }
  if (methodOn(draft, 'whatsapp')) {
    if (draft.whatsapp.trim() === '') return { field: 'whatsapp', message: 'Enter the WhatsApp number.' }
    if (facts.whatsappRequiresSms && !methodOn(draft, 'sms'))
      return {
        field: 'sms',
        message: `${facts.name} sends WhatsApp codes only while SMS is on: add the SMS number too.`,
      }
  }
  if (methodOn(draft, 'backup-codes') && draft.backupCodes.trim() === '')
    return { field: 'backupCodes', message: 'Paste the backup codes, or untick Backup codes.' }
  return null
}

export function requestFrom(draft: NewAccountDraft): NewAccountRequest {
  const authenticator: NewAccountRequest['authenticator'] = !methodOn(draft, 'authenticator')
    ? undefined
    : draft.secretSource === 'uri'
      ? { source: 'uri', uri: draft.uri.trim() }
      : {
          source: 'manual',
          secret: draft.secret.trim(),
          type: draft.type,
          algorithm: draft.algorithm,
          digits: draft.digits,
          period: draft.period,
        }
  return {
    platform: draft.platform,
    handle: withPrefix(draft.handle.trim(), platforms[draft.platform].handlePrefix),
    ...(draft.clientName.trim() ? { clientName: draft.clientName.trim() } : {}),
    ...(authenticator ? { authenticator, verificationCode: draft.verificationCode.replace(/\s/g, '') } : {}),
    ...(methodOn(draft, 'sms') ? { sms: draft.sms.trim() } : {}),
    ...(methodOn(draft, 'whatsapp') ? { whatsapp: draft.whatsapp.trim() } : {}),
  }
}

/** "acme.bakery" becomes "@acme.bakery" on Instagram, so handles read the same however they were typed. */
function withPrefix(handle: string, prefix: string): string {
  if (handle === '' || prefix === '' || handle.startsWith(prefix)) return handle
  return `${prefix}${handle}`
}

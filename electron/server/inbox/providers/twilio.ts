// The validator module alone: the package's index pulls in its whole REST client.
import { HMAC_SHA1, HMAC_SHA256, validateRequest } from 'twilio/lib/webhooks/webhooks.js'
import type { ReceivedMessage } from '../receive-message.ts'
import { toE164 } from '../phone-number.ts'
import { checkText, malformed, notSigned } from './webhook-refusals.ts'

type FormParams = Record<string, string | string[]>

function formParams(body: Buffer): FormParams {
  const params: FormParams = {}
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    const earlier = params[key]
    params[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value]
  }
  return params
}

/**
 * The algorithm `X-Twilio-Webhooks-Signature-Settings` names (`key=…,algorithm=HMAC_SHA256`), read as
 * Twilio's validator reads it, or undefined for one Twilio does not document. Read here rather than by
 * the library, which writes an unknown algorithm, the sender's own text, to the console.
 */
export function twilioSignatureAlgorithm(settings: string | undefined): string | undefined {
  for (const part of (settings ?? '').split(',')) {
    const separator = part.indexOf('=')
    if (separator === -1 || part.slice(0, separator).trim() !== 'algorithm') continue
    const algorithm = part
      .slice(separator + 1)
      .trim()
      .toUpperCase()
    if (algorithm === '') continue
    return algorithm === HMAC_SHA1 || algorithm === HMAC_SHA256 ? algorithm : undefined
  }
  return HMAC_SHA1
}

/**
 * Twilio Programmable Messaging (SMS, and WhatsApp with `whatsapp:` numbers): `X-Twilio-Signature` is
 * checked with Twilio's own validator over the URL Twilio was given — the server's public URL, not the
 * one a proxy forwards to.
 */
export function readTwilioWebhook(options: {
  authToken: string
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}): ReceivedMessage {
  const params = formParams(options.body)
  const signature = options.headers['x-twilio-signature']
  const settings = options.headers['x-twilio-webhooks-signature-settings']
  if (typeof signature !== 'string' || (settings !== undefined && typeof settings !== 'string')) {
    throw notSigned()
  }
  const algorithm = twilioSignatureAlgorithm(settings)
  if (algorithm === undefined) throw notSigned()
  if (!validateRequest(options.authToken, signature, options.url, params, algorithm)) throw notSigned()

  const field = (name: string) => {
    const value = params[name]
    return typeof value === 'string' ? value : undefined
  }
  const to = field('To')
  const from = field('From')
  const id = field('MessageSid') ?? field('SmsMessageSid')
  const body = field('Body') ?? ''
  if (to === undefined || from === undefined || id === undefined || id === '') {
    throw malformed('To, From and MessageSid are required')
  }
  const number = toE164(to)
  if (number === undefined) throw malformed('To is not a phone number')
  if (from.length > 200) throw malformed('From is too long')
  return {
    provider: 'twilio',
    channel: /^whatsapp:/i.test(to) ? 'whatsapp' : 'sms',
    providerMessageId: id,
    receiver: { number },
    from: from.replace(/^whatsapp:/i, ''),
    body: checkText(body),
  }
}

export const TWILIO_ANSWER = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

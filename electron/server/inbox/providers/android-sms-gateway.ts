import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { ANDROID_GATEWAY_SKEW_MS } from '../../../../shared/team/inbox-webhooks.ts'
import type { ReceivedMessage } from '../receive-message.ts'
import { checkText, isoTime, malformed, notSigned } from './webhook-refusals.ts'

const event = z.looseObject({
  id: z.string().min(1).max(200),
  event: z.string().max(40),
  payload: z.looseObject({
    messageId: z.string().max(200).optional(),
    message: z.string().optional(),
    phoneNumber: z.string().max(200).optional(),
    receivedAt: z.string().max(60).optional(),
  }),
})

/**
 * android-sms-gateway (a SIM in an Android phone): `X-Signature` is hex HMAC-SHA256 of the raw body
 * followed by `X-Timestamp` (Unix seconds) under the signing key, and the timestamp must be within
 * five minutes of the server's clock, so a captured post cannot be replayed later. Returns undefined
 * for events other than a received SMS.
 */
export function readAndroidGatewayWebhook(options: {
  signingKey: string
  line: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
  now: Date
}): ReceivedMessage | undefined {
  const signature = options.headers['x-signature']
  const timestamp = options.headers['x-timestamp']
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    throw notSigned()
  }
  if (Math.abs(options.now.getTime() - Number(timestamp) * 1000) > ANDROID_GATEWAY_SKEW_MS) throw notSigned()
  const expected = createHmac('sha256', options.signingKey)
    .update(Buffer.concat([options.body, Buffer.from(timestamp, 'utf8')]))
    .digest()
  const given = /^[0-9a-fA-F]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw notSigned()

  let json: unknown
  try {
    json = JSON.parse(options.body.toString('utf8'))
  } catch {
    throw malformed('the body is not JSON')
  }
  const parsed = event.safeParse(json)
  if (!parsed.success) throw malformed('not an android-sms-gateway event')
  if (parsed.data.event !== 'sms:received') return undefined
  const { message, phoneNumber, receivedAt } = parsed.data.payload
  if (message === undefined || phoneNumber === undefined)
    throw malformed('payload.message and payload.phoneNumber are required')
  const time = isoTime(receivedAt)
  return {
    provider: 'android-sms-gateway',
    channel: 'sms',
    // The event's id: the payload's messageId is not unique per the gateway's docs.
    providerMessageId: parsed.data.id,
    receiver: { line: options.line },
    from: phoneNumber,
    body: checkText(message),
    ...(time ? { receivedAt: time } : {}),
  }
}

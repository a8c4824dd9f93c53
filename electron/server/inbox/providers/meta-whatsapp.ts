import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { ReceivedMessage } from '../receive-message.ts'
import { toE164 } from '../phone-number.ts'
import { checkText, isoTime, malformed, notSigned } from './webhook-refusals.ts'

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Meta's subscription handshake: the challenge echoed when the verify token is ours. */
export function answerMetaHandshake(verifyToken: string, query: Record<string, unknown>): string {
  const mode = query['hub.mode']
  const token = query['hub.verify_token']
  const challenge = query['hub.challenge']
  if (mode !== 'subscribe' || typeof token !== 'string' || !sameText(token, verifyToken)) throw notSigned()
  if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > 200) {
    throw malformed('hub.challenge is missing')
  }
  return challenge
}

const textMessage = z.looseObject({
  from: z.string().min(1).max(200),
  id: z.string().min(1).max(500),
  timestamp: z.string().max(20).optional(),
  type: z.string().max(40),
  text: z.looseObject({ body: z.string() }).optional(),
})

const notification = z.looseObject({
  object: z.string(),
  entry: z
    .array(
      z.looseObject({
        changes: z
          .array(
            z.looseObject({
              field: z.string().optional(),
              value: z.looseObject({
                metadata: z.looseObject({ display_phone_number: z.string().max(40) }).optional(),
                messages: z.array(textMessage).max(1_000).optional(),
              }),
            }),
          )
          .max(1_000),
      }),
    )
    .max(1_000),
})

/**
 * WhatsApp Business Cloud API: `X-Hub-Signature-256` is HMAC-SHA256 of the raw body under the app
 * secret. A post may carry several messages (each its own), or only delivery statuses (none).
 */
export function readMetaWebhook(options: {
  appSecret: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}): ReceivedMessage[] {
  const header = options.headers['x-hub-signature-256']
  const expected = `sha256=${createHmac('sha256', options.appSecret).update(options.body).digest('hex')}`
  if (typeof header !== 'string' || !sameText(header.toLowerCase(), expected)) throw notSigned()

  let json: unknown
  try {
    json = JSON.parse(options.body.toString('utf8'))
  } catch {
    throw malformed('the body is not JSON')
  }
  const parsed = notification.safeParse(json)
  if (!parsed.success) throw malformed('not a WhatsApp Business Account notification')
  const messages: ReceivedMessage[] = []
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      for (const message of change.value.messages ?? []) {
        // Images, reactions and the like carry no code.
        if (message.type !== 'text' || message.text === undefined) continue
        const display = change.value.metadata?.display_phone_number
        const number = display === undefined ? undefined : toE164(display, { countryCodeIncluded: true })
        if (number === undefined) throw malformed('metadata.display_phone_number is not a phone number')
        const timestamp = message.timestamp === undefined ? undefined : Number(message.timestamp)
        const receivedAt =
          timestamp !== undefined && Number.isFinite(timestamp) ? isoTime(timestamp) : undefined
        messages.push({
          provider: 'meta-whatsapp',
          channel: 'whatsapp',
          providerMessageId: message.id,
          receiver: { number },
          from: toE164(message.from, { countryCodeIncluded: true }) ?? message.from,
          body: checkText(message.text.body),
          ...(receivedAt ? { receivedAt } : {}),
        })
      }
    }
  }
  return messages
}

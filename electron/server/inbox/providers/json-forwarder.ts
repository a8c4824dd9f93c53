import { z } from 'zod'
import { inboxChannelSchema } from '../../../../shared/team/team-api.ts'
import type { ReceivedMessage } from '../receive-message.ts'
import { toE164 } from '../phone-number.ts'
import { checkText, isoTime, malformed } from './webhook-refusals.ts'

const forwarded = z.object({
  id: z.string().min(1).max(200),
  from: z.string().min(1).max(200),
  to: z.string().min(1).max(40),
  text: z.string(),
  receivedAt: z.string().max(60).optional(),
  channel: inboxChannelSchema.optional(),
})

/** A forwarder app's post (the team's token in the path was checked already). */
export function readJsonWebhook(body: Buffer): ReceivedMessage {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    throw malformed('the body is not JSON')
  }
  const parsed = forwarded.safeParse(json)
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.map(String).join('.') ?? 'body'
    throw malformed(`${field || 'body'} is missing or not valid`)
  }
  const number = toE164(parsed.data.to)
  if (number === undefined) throw malformed('to is not a phone number in international format')
  const receivedAt = isoTime(parsed.data.receivedAt)
  return {
    provider: 'json',
    channel: parsed.data.channel ?? 'sms',
    providerMessageId: parsed.data.id,
    receiver: { number },
    from: parsed.data.from,
    body: checkText(parsed.data.text),
    ...(receivedAt ? { receivedAt } : {}),
  }
}

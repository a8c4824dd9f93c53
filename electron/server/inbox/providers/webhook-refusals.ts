import { MAX_INBOX_TEXT_CHARS } from '../../../../shared/team/inbox-webhooks.ts'
import { teamError } from '../../team/team-error.ts'

/**
 * What a webhook is told when it is refused. None names a value it sent: no number, no text, no id.
 * A wrong signature, a wrong token and a team that is not here all read the same.
 */
export const notSigned = () =>
  teamError('forbidden', 'This webhook is not signed for this server, or names no team here.')

export const malformed = (what: string) =>
  teamError('invalid-request', `The webhook is not a message this endpoint understands: ${what}.`)

export const tooLong = () =>
  teamError('too-large', `A message longer than ${MAX_INBOX_TEXT_CHARS} characters is not stored.`)

export function checkText(text: string): string {
  if (text.length > MAX_INBOX_TEXT_CHARS) throw tooLong()
  return text
}

/** A provider's own time as ISO, or undefined (the server's time is used) when it is unreadable. */
export function isoTime(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

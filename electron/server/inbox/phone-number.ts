import { e164Number } from '../../../shared/team/team-api.ts'

/**
 * A receiving number as providers write it (`whatsapp:+1 415-555-0123`, Meta's `15550783881`) in
 * E.164, or undefined when it is not a phone number. Only what is unambiguous is accepted: a number
 * without its country code cannot be told apart from another country's.
 */
export function toE164(text: string): string | undefined {
  let value = text.trim().replace(/^whatsapp:/i, '')
  value = value.replace(/[\s().-]/g, '')
  if (value.startsWith('00')) value = `+${value.slice(2)}`
  if (!value.startsWith('+')) value = `+${value}`
  return e164Number.safeParse(value).success ? value : undefined
}

import { e164Number } from '../../../shared/team/team-api.ts'

/**
 * A receiving number as providers write it (`whatsapp:+1 415-555-0123`, `0044 7700 900123`) in E.164,
 * or undefined when it is not one. The country code must be marked (+ or 00): a number without it
 * cannot be told apart from another country's — except where the provider documents that its digits
 * always start with the country code (`countryCodeIncluded`, Meta's display_phone_number and wa_id).
 */
export function toE164(text: string, options: { countryCodeIncluded?: boolean } = {}): string | undefined {
  let value = text
    .trim()
    .replace(/^whatsapp:/i, '')
    .replace(/[\s().-]/g, '')
  if (value.startsWith('00')) value = `+${value.slice(2)}`
  if (!value.startsWith('+') && options.countryCodeIncluded === true) value = `+${value}`
  return e164Number.safeParse(value).success ? value : undefined
}

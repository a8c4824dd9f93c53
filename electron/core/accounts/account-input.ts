import { platformPresets, type MethodKind, type PlatformId } from '../../../shared/domain/platforms.ts'
import { TwofoldError } from '../errors.ts'

/** What a person typed into an account, made safe to store and show. */
const MAX_TEXT = 500
export const MAX_NOTES = 10_000
const MAX_TAGS = 50

export function checkMethodsAllowed(
  platform: PlatformId,
  input: { authenticator?: unknown; sms?: unknown; whatsapp?: unknown },
): void {
  const preset = platformPresets[platform]
  const wanted: [MethodKind, unknown][] = [
    ['authenticator', input.authenticator],
    ['sms', input.sms],
    ['whatsapp', input.whatsapp],
  ]
  for (const [method, value] of wanted) {
    if (value && !preset.methods.includes(method)) {
      throw new TwofoldError(
        'method-not-allowed',
        `${preset.name} does not offer ${method === 'sms' ? 'SMS' : method === 'whatsapp' ? 'WhatsApp' : 'authenticator-app'} codes.`,
      )
    }
  }
}

export function cleanText(value: string, field: string, max = MAX_TEXT): string {
  // Control characters in a handle or a note break tables, terminals and CSV exports.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim()
  if (clean.length > max) throw invalid(field, `The ${field} is too long (at most ${max} characters).`)
  return clean
}

export function cleanTags(tags: readonly string[]): string[] {
  const clean = [...new Set(tags.map((tag) => cleanText(tag, 'tag', 60)).filter(Boolean))]
  if (clean.length > MAX_TAGS) throw invalid('tags', `An account can have at most ${MAX_TAGS} tags.`)
  return clean
}

export function invalid(field: string, message: string): TwofoldError {
  return new TwofoldError('invalid-request', message, { field })
}

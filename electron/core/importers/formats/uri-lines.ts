import { entryFromOtpAuthUri } from '../build-entry.ts'
import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import { noOtp } from '../import-errors.ts'
import { field, isJsonObject, parseJson, stringList } from '../import-json.ts'
import { contentLines, requireText } from '../import-text.ts'
import { collectMigrationUri, isMigrationUri } from './google-migration-payload.ts'

// A text file of links, one per line: Aegis's and Ente's plain exports, Google Authenticator export
// links saved from QR codes, or a list someone kept by hand. Both kinds of link may be mixed.

export function isOtpAuthUri(text: string): boolean {
  return /^otpauth:/i.test(text)
}

export function readUriLines(bytes: Uint8Array, kind: string): CollectedEntries {
  const lines = contentLines(requireText(bytes, kind))
  if (!lines.some((line) => isOtpAuthUri(line.text) || isMigrationUri(line.text))) {
    throw noOtp(`This ${kind} holds no otpauth:// or otpauth-migration:// links.`)
  }
  return collectEntries((collector) => {
    for (const { number, text } of lines) {
      if (isMigrationUri(text)) {
        // A damaged export link refuses the whole file: its accounts cannot be named, so listing
        // them as failed is impossible and dropping them silently is not allowed.
        try {
          collectMigrationUri(text, collector)
        } catch (error) {
          if (error instanceof Error) error.message = `Line ${number}: ${error.message}`
          throw error
        }
      } else if (isOtpAuthUri(text)) {
        collector.add(labelOf(text), () => entryFromOtpAuthUri(text, { tags: enteTags(text) }), number)
      } else {
        collector.fail(`line ${number}`, 'this line is not an otpauth:// link', number)
      }
    }
  })
}

/** The label of a link that failed to parse, for the failure list: it names the account, not its key. */
function labelOf(uri: string): string {
  const label = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(uri)?.[1] ?? ''
  try {
    return decodeURIComponent(label)
  } catch {
    return label
  }
}

/**
 * Ente Auth appends `codeDisplay={…"tags":[…]}` to each link; the tags are worth keeping. Anything
 * else in that parameter (pinned, tap counts) is Ente's own state and is ignored.
 */
function enteTags(uri: string): string[] | undefined {
  const query = /\?([^#]*)/.exec(uri)?.[1]
  if (query === undefined || !/codedisplay=/i.test(query)) return undefined
  const display = new URLSearchParams(query).get('codeDisplay')
  if (display === null) return undefined
  const parsed = parseJson(display)
  return isJsonObject(parsed) ? stringList(field(parsed, 'tags')) : undefined
}

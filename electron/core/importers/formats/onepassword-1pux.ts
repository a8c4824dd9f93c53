import { collectEntries, type CollectedEntries } from '../entry-collector.ts'
import type { FormatReader } from '../format-reader.ts'
import type { ImportSample } from '../import-sample.ts'
import { unreadable } from '../import-errors.ts'
import { checkEntryCount, readJsonObjectFile } from '../import-json.ts'
import { readZipFile, zipNamesOfSample } from '../import-zip.ts'
import {
  arrayField,
  entryFromPasswordManagerTotp,
  firstText,
  objectField,
  stringField,
} from './password-manager-item.ts'

// 1Password's unencrypted export (`.1pux`, 1Password 8): a zip holding `export.attributes` (the
// export's version) and `export.data`, JSON of `accounts[] → vaults[] → items[]`. An item's one-time
// passwords are fields of its `details.sections[].fields[]` whose `value` is `{ "totp": … }`: an
// otpauth:// link or a bare secret, as 1Password accepts either when a person pastes it in. The title
// is `overview.title`, the web address `overview.url` (or the first of `overview.urls`), the username
// the login field designated "username", the note `details.notesPlain`; the vault's name becomes the
// client, which is how agencies keep one vault per client. Items without a TOTP field are ordinary
// logins and are skipped; items in the trash are skipped too (they were deleted). Passwords
// (`loginFields` designated "password", `details.password`, password history) are never read.

const KIND = '1Password export'
const DATA_FILE = 'export.data'

async function looksLike1pux(sample: ImportSample): Promise<boolean> {
  const names = await zipNamesOfSample(sample)
  return names !== null && names.includes(DATA_FILE) && names.includes('export.attributes')
}

function usernameOf(details: Record<string, unknown> | undefined): string | undefined {
  const field = arrayField(details, 'loginFields').find(
    (candidate) => stringField(candidate, 'designation') === 'username',
  )
  return stringField(field, 'value')
}

function urlOf(overview: Record<string, unknown> | undefined): string | undefined {
  const first = arrayField(overview, 'urls')
    .map((url) => stringField(url, 'url'))
    .find((url) => url !== undefined && url.trim() !== '')
  return firstText(stringField(overview, 'url'), first)
}

/** Every TOTP field's value in the item's sections, in order. */
function totpFieldsOf(details: Record<string, unknown> | undefined): string[] {
  const values: string[] = []
  for (const section of arrayField(details, 'sections')) {
    for (const field of arrayField(section, 'fields')) {
      const totp = stringField(objectField(field, 'value'), 'totp')
      if (totp !== undefined && totp.trim() !== '') values.push(totp)
    }
  }
  return values
}

export async function read1pux(bytes: Uint8Array): Promise<CollectedEntries> {
  const data = readJsonObjectFile(await readZipFile(bytes, DATA_FILE, KIND), KIND)
  const accounts = data.accounts
  if (!Array.isArray(accounts)) throw unreadable(`This ${KIND} has no accounts: it may be damaged.`)
  return collectEntries((collector) => {
    let position = 0
    let seen = 0
    for (const account of accounts) {
      for (const vault of arrayField(account, 'vaults')) {
        const vaultName = stringField(objectField(vault, 'attrs'), 'name')
        const items = arrayField(vault, 'items')
        seen += items.length
        checkEntryCount(seen)
        for (const item of items) {
          position++
          if (objectField({ item }, 'item') === undefined) {
            collector.fail('', 'the item is not an object', position)
            continue
          }
          if ((item as Record<string, unknown>).trashed === true) continue
          const overview = objectField(item, 'overview')
          const details = objectField(item, 'details')
          const title = stringField(overview, 'title')
          for (const totp of totpFieldsOf(details)) {
            collector.add(
              title ?? '',
              () =>
                entryFromPasswordManagerTotp(totp, {
                  title,
                  username: usernameOf(details),
                  url: urlOf(overview),
                  group: vaultName,
                  note: stringField(details, 'notesPlain'),
                }),
              position,
            )
          }
        }
      }
    }
  })
}

export const onePassword1puxFormat: FormatReader = {
  detect: looksLike1pux,
  read: (bytes) => read1pux(bytes),
}

// Writes the table of formats in docs/import-formats.md from the shared format catalog, so the docs
// list exactly what the reader, the contract and the wizard know. `npm run docs:import-formats`
// rewrites it; test/unit/importers/import-formats-doc.test.ts fails when it is out of date.

import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { format, resolveConfig } from 'prettier'
import { importFormatInfo, importFormats, type ImportFormatInfo } from '../shared/domain/import-formats.ts'

export const DOC_PATH = resolve(import.meta.dirname, '../docs/import-formats.md')
const START = '<!-- import-formats:start (generated from shared/domain/import-formats.ts) -->'
const END = '<!-- import-formats:end -->'

const families: Readonly<Record<ImportFormatInfo['family'], string>> = {
  authenticator: 'Authenticator app',
  'password-manager': 'Password manager',
  'rooted-phone': 'Rooted phone',
  twofold: 'Spreadsheet / image',
}

const encryption: Readonly<Record<ImportFormatInfo['encryption'], string>> = {
  none: 'no',
  optional: 'optional',
  always: 'always',
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

export function formatsTable(): string {
  const rows = importFormats.map((format) => {
    const info = importFormatInfo[format]
    const locked = encryption[info.encryption] + (info.keyFile === true ? ' (password and/or key file)' : '')
    return `| ${cell(info.label)} | \`${format}\` | ${families[info.family]} | ${locked} | ${cell(info.reads)} | ${cell(info.drops)} |`
  })
  return [
    START,
    '',
    '| Format | `--format` | Kind | Encrypted | What is read | What is not read, and why |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    END,
  ].join('\n')
}

/** The document with its table replaced by the current one, formatted as `npm run format` would. */
export async function withCurrentTable(document: string): Promise<string> {
  const start = document.indexOf(START)
  const end = document.indexOf(END)
  if (start === -1 || end === -1 || end < start) throw new Error(`${DOC_PATH} has no generated table markers`)
  const replaced = document.slice(0, start) + formatsTable() + document.slice(end + END.length)
  return format(replaced, { ...(await resolveConfig(DOC_PATH)), filepath: DOC_PATH })
}

if (import.meta.main) {
  writeFileSync(DOC_PATH, await withCurrentTable(readFileSync(DOC_PATH, 'utf8')))
  console.log(`wrote the format table of ${DOC_PATH}`)
}

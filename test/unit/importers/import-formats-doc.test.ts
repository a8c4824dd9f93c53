import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DOC_PATH, formatsTable, withCurrentTable } from '../../../build/import-formats-table.ts'
import { importFormats } from '../../../shared/domain/import-formats.ts'

// A person choosing how to leave their old app reads docs/import-formats.md: its table must list
// every format the app reads, no more, with what each keeps and drops.

describe('docs/import-formats.md', () => {
  const document = readFileSync(DOC_PATH, 'utf8')

  it('has the table generated from the format catalog (run `npm run docs:import-formats` when this fails)', async () => {
    expect(document).toBe(await withCurrentTable(document))
  })

  it('has one row per format, and a section per format', () => {
    for (const format of importFormats) {
      expect(
        formatsTable()
          .split('\n')
          .filter((line) => line.includes(`| \`${format}\` |`)),
      ).toHaveLength(1)
      expect(document).toContain(`\`${format}\``)
    }
  })
})

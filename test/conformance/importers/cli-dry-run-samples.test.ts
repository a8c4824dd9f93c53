import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { cliWorkspace, type CliWorkspace } from '../../integration/cli/run-cli.ts'
import { fixture, thirdPartyAvailable } from '../third-party-fixtures.ts'
import { sampleCounts } from './sample-counts/index.ts'

// The import issue's "done when": `twofold import <file> --dry-run --json` reports the right counts for
// every third-party sample of every format, and a wrong password is refused with nothing written.
// Through the real CLI process, against a real vault, as a person switching apps would run it.

const reachable = await keychainIsReachable()
const samples = thirdPartyAvailable()

describe.skipIf(!reachable || !samples)('twofold import --dry-run on every third-party sample', () => {
  let workspace: CliWorkspace
  beforeAll(() => {
    workspace = cliWorkspace()
    expect(workspace.cli(['init']).status).toBe(0)
  })
  afterAll(() => workspace.dispose())

  it.each(sampleCounts.map((sample) => [sample.path, sample] as const))('%s', (_path, sample) => {
    const args = ['import', fixture(sample.path), '--dry-run', '--json']
    const result =
      sample.password === undefined
        ? workspace.cli(args)
        : workspace.cli([...args, '--password-stdin'], `${sample.password}\n`)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout) as {
      format: string
      imported: number
      duplicates: number
      failed: unknown[]
    }
    // Read = would import + duplicates: some samples hold one secret several times (Google's does).
    expect({
      format: report.format,
      read: report.imported + report.duplicates,
      failed: report.failed.length,
    }).toEqual({ format: sample.format, read: sample.entries, failed: sample.failed })
  })

  const encrypted = sampleCounts.filter((sample) => sample.password !== undefined)
  it.each(encrypted.map((sample) => [sample.path, sample] as const))(
    '%s: a wrong password is refused and nothing is written',
    (_path, sample) => {
      const result = workspace.cli(
        ['import', fixture(sample.path), '--password-stdin', '--json'],
        `not ${sample.password}\n`,
      )
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/password is wrong/i)
      expect(JSON.parse(workspace.cli(['list', '--json']).stdout)).toEqual([])
    },
  )
})

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { fixture, thirdPartyAvailable } from '../../conformance/third-party-fixtures.ts'
import { cliWorkspace, type CliWorkspace } from './run-cli.ts'

const reachable = await keychainIsReachable()
const samples = thirdPartyAvailable()

describe.skipIf(!reachable || !samples)('twofold import, export and backup', () => {
  let workspace: CliWorkspace
  let folder: CliWorkspace['folder']
  const cli = (args: string[], stdin?: string) => workspace.cli(args, stdin)

  beforeAll(() => {
    workspace = cliWorkspace()
    folder = workspace.folder
    expect(cli(['init']).status).toBe(0)
  })
  afterAll(() => workspace.dispose())

  it('previews an import with --dry-run and writes nothing', () => {
    const result = cli(['import', fixture('aegis/importers/plain.txt'), '--dry-run', '--json'])
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toEqual({
      format: 'otpauth-list',
      imported: 7,
      duplicates: 0,
      failed: [],
    })
    expect(JSON.parse(cli(['list', '--json']).stdout)).toEqual([])
  })

  it('imports an encrypted Aegis vault with its password, then skips the same accounts as duplicates', () => {
    const first = cli(
      ['import', fixture('aegis/importers/aegis_encrypted.json'), '--password-stdin', '--json'],
      'test\n',
    )
    expect(first.stderr).toBe('')
    expect(JSON.parse(first.stdout)).toMatchObject({ format: 'aegis', imported: 7, duplicates: 0 })
    const again = cli(['import', fixture('aegis/importers/plain.txt'), '--json'])
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'otpauth-list', imported: 0, duplicates: 7 })
    expect(JSON.parse(cli(['list', '--json']).stdout)).toHaveLength(7)
  })

  it('refuses a wrong password in words and imports nothing', () => {
    const wrong = cli(
      ['import', fixture('aegis/importers/aegis_encrypted.json'), '--password-stdin'],
      'nope\n',
    )
    expect(wrong.status).toBe(1)
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1)
    expect(wrong.stderr).toMatch(/password/i)
    const garbage = join(folder.home, 'garbage.json')
    writeFileSync(garbage, '{"this": "is not an export"}')
    const unreadable = cli(['import', garbage])
    expect(unreadable.status).toBe(1)
    expect(JSON.parse(cli(['list', '--json']).stdout)).toHaveLength(7)
  })

  it('exports an encrypted Aegis vault that imports back, and refuses plaintext without confirmation', () => {
    const out = join(folder.home, 'export.json')
    expect(
      cli(['export', '--format', 'aegis', '--out', out, '--password-stdin'], 'export password!\n').status,
    ).toBe(0)
    const plain = cli(['export', '--format', 'otpauth', '--out', join(folder.home, 'links.txt')])
    expect(plain.status).toBe(1)
    expect(plain.stderr).toMatch(/plain text/)
    const back = cli(['import', out, '--password-stdin', '--dry-run', '--json'], 'export password!\n')
    expect(JSON.parse(back.stdout)).toMatchObject({ format: 'aegis', imported: 0, duplicates: 7 })
  })

  it('writes and lists backups', () => {
    const dir = join(folder.home, 'backups')
    const written = cli(['backup', 'now', '--folder', dir, '--json'])
    expect(written.status).toBe(0)
    const listed = JSON.parse(cli(['backup', 'list', '--folder', dir, '--json']).stdout) as { name: string }[]
    expect(listed).toHaveLength(1)
    expect(listed[0]?.name).toMatch(/^twofold-backup-[0-9a-f]{8}-\d{8}T\d{6}Z\.json$/)
  })
})

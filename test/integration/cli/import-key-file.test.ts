import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { kdbx, xmlKeyFile } from '../../unit/importers/builders/password-managers.ts'
import { cliWorkspace, type CliWorkspace } from './run-cli.ts'

const reachable = await keychainIsReachable()

/** `twofold import <file> --key-file PATH`: a KeePass database locked with a key file, with or without a password. */
describe.skipIf(!reachable)('twofold import --key-file', () => {
  let workspace: CliWorkspace
  let database: string
  let keyFile: string
  const cli = (args: string[], stdin?: string) => workspace.cli(args, stdin)

  beforeAll(async () => {
    workspace = cliWorkspace()
    expect(cli(['init']).status).toBe(0)
    const key = await xmlKeyFile()
    database = join(workspace.folder.home, 'agency.kdbx')
    keyFile = join(workspace.folder.home, 'agency.keyx')
    writeFileSync(keyFile, key)
    writeFileSync(
      database,
      await kdbx(
        {
          entries: [
            {
              title: 'Instagram',
              username: 'cli.keyed',
              fields: { otp: 'otpauth://totp/Instagram:cli.keyed?secret=JBSWY3DPEHPK3PXP&issuer=Instagram' },
            },
          ],
        },
        { password: 'kee pass', keyFile: key, version: 3 },
      ),
    )
  })
  afterAll(() => workspace.dispose())

  it('opens the database with the key file and the password, and imports its accounts', () => {
    const withoutKey = cli(['import', database, '--password-stdin', '--dry-run', '--json'], 'kee pass\n')
    expect(withoutKey.status).toBe(1)
    expect(withoutKey.stderr).toMatch(/key file/)

    const result = cli(
      ['import', database, '--key-file', keyFile, '--password-stdin', '--json'],
      'kee pass\n',
    )
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'keepass', imported: 1, failed: [] })
    expect(JSON.parse(cli(['list', '--json']).stdout)).toEqual([
      expect.objectContaining({ handle: 'cli.keyed' }),
    ])
  })

  it('says which key file it cannot read, by name', () => {
    const result = cli([
      'import',
      database,
      '--key-file',
      join(workspace.folder.home, 'gone.keyx'),
      '--dry-run',
    ])
    expect(result.status).toBe(1)
    expect(result.stderr.trim()).toBe('twofold: Twofold cannot read gone.keyx.')
  })
})

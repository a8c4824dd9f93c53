import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { kdbx } from '../../unit/importers/builders/password-managers.ts'
import { qrPng } from '../../unit/importers/export-builders.ts'
import { cliWorkspace, type CliWorkspace } from './run-cli.ts'

/** `npm run build` writes the CLI that `npx twofold` runs; `npm test` builds before it tests. */
const built = resolve(import.meta.dirname, '../../../out/cli/twofold.mjs')
const present = existsSync(built)
if (!present) {
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${built} is missing: npm test builds before testing`)
  console.warn('skipping built-CLI checks: run npm run build first')
}

describe.skipIf(!present)('the built twofold command', () => {
  it('is an executable script with a shebang that answers --help', () => {
    expect(readFileSync(built, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(built).mode & 0o111).not.toBe(0)
    const help = execFileSync(built, ['--help'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    })
    expect(help).toMatch(/Usage: twofold/)
    expect(help).toMatch(/backup-codes/)
  })
})

const reachable = await keychainIsReachable()

describe.skipIf(!present || !reachable)('the built twofold command reading a QR image', () => {
  let workspace: CliWorkspace
  const cli = (args: string[]) => workspace.cli(args)

  beforeAll(() => {
    workspace = cliWorkspace({ entry: built })
    expect(cli(['init']).status).toBe(0)
  })
  afterAll(() => workspace.dispose())

  // Images are decoded by a worker the bundle must carry as a file of its own (out/cli/qr-scan-worker.mjs).
  it('decodes the image on its worker and previews the account', () => {
    const image = join(workspace.folder.home, 'setup.png')
    writeFileSync(image, qrPng(['otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram']))
    const result = cli(['import', image, '--dry-run', '--json'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'qr-image', imported: 1, failed: [] })
  })

  // KeePass, Proton Pass PGP and SQLCipher files are read on a bounded worker of their own
  // (out/cli/isolated-read-worker.mjs).
  it('opens a KeePass database on its worker and previews the account', async () => {
    const database = join(workspace.folder.home, 'clients.kdbx')
    const otp = 'otpauth://totp/Instagram:ana?secret=JBSWY3DPEHPK3PXP&issuer=Instagram'
    writeFileSync(
      database,
      await kdbx({ entries: [{ title: 'Instagram', fields: { otp } }] }, { password: 'pw', rounds: 1 }),
    )
    const result = workspace.cli(['import', database, '--password-stdin', '--dry-run', '--json'], 'pw\n')
    expect(result.stderr).toBe('')
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'keepass', imported: 1, failed: [] })
  })
})

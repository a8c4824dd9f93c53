import {
  chmodSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportAuditDetail } from '../../../electron/core/transfer/export-file.ts'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { cliWorkspace, type CliWorkspace } from './run-cli.ts'

const reachable = await keychainIsReachable()
// "12345678901234567890" in Base32: the RFC 6238 SHA1 seed; its code at t = 59 s is 94287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const CODE_AT_59 = '287082'
// Its SHA-256 seed (32 bytes) and code at 59 s: 46119246.
const RFC_SHA256_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA'
const SHA256_CODE_AT_59 = '119246'
const VICTIM = 'a file the person cares about\n'

/**
 * The CLI in its own process, as a shell runs it: secrets can arrive on stdin instead of argv (where
 * `ps` and shell history see them), and the files it writes are never written through a link and are
 * only ever readable by their owner.
 */
describe.skipIf(!reachable)('the twofold CLI keeps secrets out of argv and writes files safely', () => {
  let workspace: CliWorkspace
  let folder: CliWorkspace['folder']
  const cli = (args: string[], stdin?: string) => workspace.cli(args, stdin)
  /** The account's code at t = 59 s; with the vault password on stdin for a password vault. */
  const codeOf = (handle: string, password?: string) => {
    const args = ['code', handle, '--at', '59', '--json']
    const result = password === undefined ? cli(args) : cli(['--password-stdin', ...args], `${password}\n`)
    return (JSON.parse(result.stdout) as { code: string }).code
  }

  beforeEach(() => {
    workspace = cliWorkspace()
    folder = workspace.folder
  })
  afterEach(() => workspace.dispose())

  it('adds a secret or an otpauth link read from stdin, and says so in --help', () => {
    expect(cli(['init']).status).toBe(0)
    const bySecret = cli(
      ['add', '--platform', 'instagram', '--handle', 'from.stdin', '--secret-stdin'],
      `${RFC_SECRET}\n`,
    )
    expect(bySecret.stderr).toBe('')
    expect(bySecret.status).toBe(0)
    expect(codeOf('from.stdin')).toBe(CODE_AT_59)

    const byUri = cli(
      ['add', '--platform', 'tiktok', '--uri-stdin'],
      `otpauth://totp/TikTok:link.stdin?secret=${RFC_SHA256_SECRET}&algorithm=SHA256&issuer=TikTok\n`,
    )
    expect(byUri.stderr).toBe('')
    expect(byUri.status).toBe(0)
    expect(codeOf('link.stdin')).toBe(SHA256_CODE_AT_59)

    const empty = cli(['add', '--platform', 'instagram', '--handle', 'nothing', '--secret-stdin'], '')
    expect(empty.status).not.toBe(0)
    expect(empty.stderr).toMatch(/No authenticator secret arrived on stdin/)

    const help = cli(['add', '--help']).stdout
    expect(help).toContain('--secret-stdin')
    expect(help).toContain('--uri-stdin')
  })

  // Eight CLI processes, each opening the vault: more than the default 30 s on a busy runner.
  it('replaces an account’s secret from stdin, checking --verify before anything is written', () => {
    expect(cli(['init']).status).toBe(0)
    expect(
      cli(['add', '--platform', 'instagram', '--handle', 'rotated', '--secret-stdin'], `${RFC_SECRET}\n`)
        .status,
    ).toBe(0)
    const wrong = cli(
      ['edit', 'rotated', '--secret-stdin', '--verify', '000000', '--notes', 'new'],
      `${RFC_SHA256_SECRET}\n`,
    )
    expect(wrong.status).not.toBe(0)
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1)
    expect(wrong.stderr).not.toContain(RFC_SHA256_SECRET)
    expect(codeOf('rotated')).toBe(CODE_AT_59)

    const replaced = cli(
      ['edit', 'rotated', '--uri-stdin', '--notes', 'replaced after a departure'],
      `otpauth://totp/X:rotated?secret=${RFC_SHA256_SECRET}&algorithm=SHA256\n`,
    )
    expect(replaced.stderr).toBe('')
    expect(replaced.stdout).toBe('Changed rotated (new authenticator secret).\n')
    expect(codeOf('rotated')).toBe(SHA256_CODE_AT_59)

    const both = cli(['edit', 'rotated', '--secret-stdin', '--uri-stdin'], `${RFC_SECRET}\n`)
    expect(both.stderr).toMatch(/not both/)
    expect(cli(['edit', '--help']).stdout).toContain('--secret-stdin')
  }, 120_000)

  it('reads the vault password first, then the secret, on a password vault', () => {
    expect(cli(['--password-stdin', 'init'], 'a long vault password\n').status).toBe(0)
    const added = cli(
      ['--password-stdin', 'add', '--platform', 'instagram', '--handle', 'both.lines', '--secret-stdin'],
      `a long vault password\n${RFC_SECRET}\n`,
    )
    expect(added.stderr).toBe('')
    expect(added.status).toBe(0)
    expect(codeOf('both.lines', 'a long vault password')).toBe(CODE_AT_59)
  })

  it('still takes --secret on the command line, with a one-line warning', () => {
    expect(cli(['init']).status).toBe(0)
    const added = cli(['add', '--platform', 'instagram', '--handle', 'in.argv', '--secret', RFC_SECRET])
    expect(added.status).toBe(0)
    expect(added.stderr.trim().split('\n')).toHaveLength(1)
    expect(added.stderr).toMatch(/--secret-stdin/)
    expect(added.stderr).not.toContain(RFC_SECRET)
  })

  it('exports over an existing file as owner-only, and refuses to write through a link', () => {
    expect(cli(['init']).status).toBe(0)
    expect(cli(['add', '--platform', 'instagram', '--handle', 'x', '--secret', RFC_SECRET]).status).toBe(0)
    const out = join(folder.home, 'links.txt')
    writeFileSync(out, 'an older export\n')
    chmodSync(out, 0o644)
    expect(cli(['export', '--format', 'otpauth', '--out', out, '--yes-plaintext']).status).toBe(0)
    expect(readFileSync(out, 'utf8')).toContain(`secret=${RFC_SECRET}`)
    expect(statSync(out).mode & 0o777).toBe(0o600)

    const victim = join(folder.home, 'victim.txt')
    writeFileSync(victim, VICTIM)
    const link = join(folder.home, 'link.txt')
    symlinkSync(victim, link)
    const refused = cli(['export', '--format', 'otpauth', '--out', link, '--yes-plaintext'])
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/symbolic link/)
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
  })

  it('replaces an existing export whole and leaves no half-written file beside it', () => {
    expect(cli(['init']).status).toBe(0)
    expect(cli(['add', '--platform', 'instagram', '--handle', 'x', '--secret', RFC_SECRET]).status).toBe(0)
    const out = join(folder.home, 'links.txt')
    // Longer than the export, so a write in place would leave its tail behind.
    writeFileSync(out, `${'an older, much longer export\n'.repeat(200)}`)
    expect(cli(['export', '--format', 'otpauth', '--out', out, '--yes-plaintext']).status).toBe(0)
    expect(readFileSync(out, 'utf8')).toMatch(/^otpauth:\/\/totp\/[^\n]+\n$/)
    expect(readdirSync(folder.home).filter((name) => name.includes('links.txt'))).toEqual(['links.txt'])
  })

  it('refuses a short export password, counting characters as the app does', () => {
    expect(cli(['--password-stdin', 'init'], 'a long vault password\n').status).toBe(0)
    const out = join(folder.home, 'export.json')
    const refused = cli(
      ['--password-stdin', 'export', '--format', 'aegis', '--out', out],
      'a long vault password\n🔑🔑🔑🔑🔑\n',
    )
    // Five keys are ten UTF-16 units but five characters: the one rule counts characters.
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/export password of at least 10 characters/)
    expect(existsSync(out)).toBe(false)
  })

  it('audits its export in the app’s words: kind, count, client and file', () => {
    expect(cli(['init']).status).toBe(0)
    const add = ['add', '--platform', 'instagram', '--client', 'Acme Bakery', '--secret', RFC_SECRET]
    expect(cli([...add, '--handle', 'x']).status).toBe(0)
    const out = join(folder.home, 'acme.txt')
    expect(
      cli(['export', '--format', 'otpauth', '--client', 'acme bakery', '--out', out, '--yes-plaintext'])
        .status,
    ).toBe(0)
    const audit = JSON.parse(cli(['audit', '--json']).stdout) as { action: string; detail: string }[]
    const exports = audit.filter((entry) => entry.action === 'export')
    expect(exports.map((entry) => entry.detail)).toEqual([
      exportAuditDetail('otpauth', 1, 'Acme Bakery', out),
    ])
    expect(exports[0]?.detail).toBe('plain otpauth export of 1 accounts (Acme Bakery) to acme.txt')
  })
})

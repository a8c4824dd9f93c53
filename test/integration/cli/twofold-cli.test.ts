import { createHmac } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keychainIsReachable } from '../../support/real-keychain.ts'
import { cliWorkspace, type CliWorkspace } from './run-cli.ts'

const reachable = await keychainIsReachable()

/** RFC 6238 computed here with node:crypto alone, so the CLI is checked against an independent answer. */
function totp(key: Buffer, unixSeconds: number, digits = 6): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = (mac.at(-1) ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

// "12345678901234567890" in Base32: the RFC 6238 SHA1 seed.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const RFC_SEED = Buffer.from('12345678901234567890')

describe.skipIf(!reachable)('the twofold CLI on a temp vault with the real keychain', () => {
  let workspace: CliWorkspace
  const cli = (args: string[], stdin?: string) => workspace.cli(args, stdin)

  beforeAll(() => {
    workspace = cliWorkspace({ vaultFolder: '.' })
  })
  afterAll(() => workspace.dispose())

  it('init creates a keychain-backed vault and shows the recovery key once', () => {
    const result = cli(['init', '--json'])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    const created = JSON.parse(result.stdout) as { recoveryKey: string; slots: Record<string, boolean> }
    expect(created.recoveryKey).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/)
    expect(created.slots).toEqual({ keychain: true, password: false, recovery: true })
    expect(workspace.keys.accounts()).toHaveLength(1)
    const again = cli(['init'])
    expect(again.status).toBe(1)
    expect(again.stderr.trim().split('\n')).toHaveLength(1)
    expect(again.stderr).toMatch(/already exists/)
  })

  it('adds Instagram accounts by URI and by fields, warning before saving a shared number', () => {
    const byUri = cli(
      [
        'add',
        '--uri-stdin',
        '--platform',
        'instagram',
        '--client',
        'Acme Bakery',
        '--sms',
        '+1 (415) 555-0123',
      ],
      `otpauth://totp/Instagram:alice.shop?secret=${RFC_SECRET}&issuer=Instagram\n`,
    )
    expect(byUri.stderr).toBe('')
    expect(byUri.status).toBe(0)
    expect(byUri.stdout).toMatch(/Added Instagram account alice\.shop/)

    const byFields = cli([
      'add',
      '--platform',
      'instagram',
      '--handle',
      'bob.studio',
      '--client',
      'Acme Bakery',
      '--sms',
      '+14155550123',
      '--secret',
      'JBSWY3DPEHPK3PXP',
      '--verify',
      totp(Buffer.from('48656c6c6f21deadbeef', 'hex'), Date.now() / 1000),
    ])
    expect(byFields.status).toBe(0)
    expect(byFields.stderr).toMatch(/^warning: .*\+1 .*0123.*Instagram/m)
  })

  it('refuses a wrong verification code and saves nothing', () => {
    const result = cli([
      'add',
      '--platform',
      'instagram',
      '--handle',
      'carol',
      '--secret',
      'JBSWY3DPEHPK3PXP',
      '--verify',
      '000000',
    ])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/does not match/)
    expect(JSON.parse(cli(['list', '--json']).stdout)).toHaveLength(2)
  })

  it('prints the right code for a given --at', () => {
    for (const at of [59, 1111111109, 1234567890, 2000000000]) {
      const result = cli(['code', 'alice', '--at', String(at), '--json'])
      expect(result.status).toBe(0)
      const view = JSON.parse(result.stdout) as {
        account: string
        code: string
        validFrom: number
        validUntil: number
      }
      expect(view).toMatchObject({ account: 'alice.shop', code: totp(RFC_SEED, at) })
      expect(view.validUntil - view.validFrom).toBe(30_000)
    }
    expect(cli(['code', 'alice', '--at', '59']).stdout.trim()).toBe(totp(RFC_SEED, 59))
  })

  it('reports the shared number across the two Instagram accounts', () => {
    const result = cli(['flags', '--json'])
    expect(result.status).toBe(0)
    const flags = JSON.parse(result.stdout) as {
      kind: string
      severity: string
      phone?: string
      accounts: { handle: string }[]
    }[]
    const shared = flags.filter((flag) => flag.kind === 'shared-phone')
    expect(shared).toHaveLength(1)
    expect(shared[0]).toMatchObject({ severity: 'warning', phone: '+14155550123' })
    expect(shared[0]?.accounts.map((account) => account.handle).sort()).toEqual(['alice.shop', 'bob.studio'])
  })

  it('lists accounts with their methods, by client and by flag', () => {
    const all = JSON.parse(cli(['list', '--json']).stdout) as {
      handle: string
      client: string
      methods: { sms: { phone: string } }
    }[]
    expect(all.map((account) => account.handle)).toEqual(['alice.shop', 'bob.studio'])
    expect(all[0]).toMatchObject({ client: 'Acme Bakery', methods: { sms: { phone: '+14155550123' } } })
    expect(JSON.parse(cli(['list', '--client', 'acme bakery', '--json']).stdout)).toHaveLength(2)
    expect(JSON.parse(cli(['list', '--flag', 'shared-phone', '--json']).stdout)).toHaveLength(2)
    const missing = cli(['list', '--client', 'Nobody'])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/no client named "Nobody"/)
  })

  it('keeps backup codes: set from stdin, use the next one, count down', () => {
    const set = cli(
      ['backup-codes', 'set', 'alice'],
      '1234 5678\n2345 6789\n3456 7890\n4567 8901\n5678 9012\n',
    )
    expect(set.status).toBe(0)
    expect(JSON.parse(cli(['backup-codes', 'status', 'alice', '--json']).stdout)).toMatchObject({
      account: 'alice.shop',
      total: 5,
      unused: 5,
    })
    const used = cli(['backup-codes', 'use-next', 'alice'])
    expect(used.stdout.trim()).toBe('12345678')
    expect(used.stderr).toMatch(/4 unused backup codes left/)
    expect(cli(['backup-codes', 'use-next', 'alice']).stdout.trim()).toBe('23456789')
    expect(JSON.parse(cli(['backup-codes', 'status', '--json']).stdout)).toEqual([
      { account: 'alice.shop', total: 5, unused: 3, used: 2, replacedAt: null },
    ])
  })

  it('records who did what in the audit log', () => {
    const entries = JSON.parse(cli(['audit', '--json', '--limit', '100']).stdout) as {
      action: string
      actor: string
      detail: string
    }[]
    const actions = entries.map((entry) => entry.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'account.added',
        'backup-codes.set',
        'backup-code.used',
        'code.copied',
        'vault.unlocked',
      ]),
    )
    expect(entries.every((entry) => entry.actor.length > 0)).toBe(true)
    expect(JSON.stringify(entries)).not.toMatch(/12345678|23456789|GEZDGNBV/)
  })

  it('says which accounts an ambiguous query matches, and exits non-zero', () => {
    const result = cli(['code', 'instagram'])
    expect(result.status).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/matches 2 accounts: alice\.shop .*bob\.studio/)
  })

  it('gives one clear line for bad input: a broken URI, a bad number, an unknown flag', () => {
    const uri = cli(['add', '--uri-stdin', '--platform', 'instagram'], 'otpauth://totp/X?secret=not*base32\n')
    expect(uri.status).toBe(1)
    expect(uri.stderr).toMatch(/^twofold: .*secret/)
    const phone = cli(['add', '--platform', 'instagram', '--handle', 'dave', '--sms', '12'])
    expect(phone.status).toBe(1)
    expect(phone.stderr.trim().split('\n')).toHaveLength(1)
    const flag = cli(['list', '--flag', 'nonsense'])
    expect(flag.status).not.toBe(0)
  })
})

describe.skipIf(!reachable)('the twofold CLI on a password vault', () => {
  it('needs the password on stdin, and refuses a wrong one in words', async () => {
    // The vault is the temp folder itself.
    const { folder, cli, dispose } = cliWorkspace({ vaultFolder: '.' })
    try {
      expect(cli(['init', '--password-stdin'], 'a long vault password\n').status).toBe(0)
      const without = cli(['list'])
      expect(without.status).toBe(1)
      expect(without.stderr).toMatch(/--password-stdin/)
      const wrong = cli(['--password-stdin', 'list'], 'not the password\n')
      expect(wrong.status).toBe(1)
      expect(wrong.stderr).toMatch(/That password is wrong/)
      const right = cli(['--password-stdin', 'list', '--json'], 'a long vault password\n')
      expect(right.status).toBe(0)
      expect(JSON.parse(right.stdout)).toEqual([])

      // A plain file needs no second line: only an encrypted one asks for its password.
      const links = join(folder.home, 'links.txt')
      writeFileSync(links, 'otpauth://totp/Instagram:acme?secret=JBSWY3DPEHPK3PXP&issuer=Instagram\n')
      const imported = cli(['--password-stdin', 'import', links, '--json'], 'a long vault password\n')
      expect(imported.stderr).toBe('')
      expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 1 })
    } finally {
      await dispose()
    }
  })
})

describe.skipIf(!reachable)('the twofold CLI with a lost password', () => {
  it('opens the vault with the recovery key from stdin, and refuses a wrong one', async () => {
    const { cli, dispose } = cliWorkspace({ vaultFolder: '.' })
    try {
      const init = cli(['init', '--password-stdin', '--json'], 'a long vault password\n')
      const { recoveryKey } = JSON.parse(init.stdout) as { recoveryKey: string }
      expect(
        cli(
          ['--password-stdin', 'add', '--platform', 'instagram', '--handle', 'kept', '--sms', '+14155550123'],
          'a long vault password\n',
        ).status,
      ).toBe(0)
      const wrong = cli(['--recovery-key-stdin', 'list'], 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH\n')
      expect(wrong.status).toBe(1)
      expect(wrong.stderr).toMatch(/recovery key/i)
      const listed = cli(['--recovery-key-stdin', 'list', '--json'], `${recoveryKey.toLowerCase()}\n`)
      expect(listed.status).toBe(0)
      expect((JSON.parse(listed.stdout) as { handle: string }[]).map((account) => account.handle)).toEqual([
        'kept',
      ])
    } finally {
      await dispose()
    }
  })
})

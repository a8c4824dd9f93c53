import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isTwofoldError } from '../../../electron/core/errors.ts'
import { vaultFolder, type VaultFolder } from '../../support/vault-workspace.ts'

const child = resolve(import.meta.dirname, '../../support/create-vault-child.ts')

describe('two vaults created in one folder at the same moment', () => {
  let vaults: VaultFolder
  const vaultAt = () => vaults.open()
  beforeEach(() => {
    vaults = vaultFolder()
  })
  afterEach(() => vaults.dispose())

  async function unlocksWith(password: string): Promise<boolean> {
    const vault = vaultAt()
    return vault.unlock({ method: 'password', password }).then(
      (status) => status.state === 'unlocked',
      () => false,
    )
  }

  it('keeps the winner whole and tells the other "a vault already exists" (two openers, one process)', async () => {
    const first = vaultAt()
    const second = vaultAt()
    const [a, b] = [await first.prepareCreate(), await second.prepareCreate()]
    const results = await Promise.allSettled([
      first.create({
        creationId: a.creationId,
        recoveryKeyConfirmation: a.recoveryKey,
        password: 'first long password',
      }),
      second.create({
        creationId: b.creationId,
        recoveryKeyConfirmation: b.recoveryKey,
        password: 'second long password',
      }),
    ])
    const won = results.map((result) => result.status === 'fulfilled')
    expect(won.filter(Boolean)).toHaveLength(1)
    const lost = results.find((result) => result.status === 'rejected')
    expect(isTwofoldError(lost?.reason, 'vault-exists')).toBe(true)
    const winnerPassword = won[0] ? 'first long password' : 'second long password'
    const loserPassword = won[0] ? 'second long password' : 'first long password'
    expect(await unlocksWith(winnerPassword)).toBe(true)
    expect(await unlocksWith(loserPassword)).toBe(false)
  })

  it('does the same for two processes', async () => {
    const run = (password: string) =>
      new Promise<string>((done) => {
        const process_ = spawn(process.execPath, [child, vaults.folder.home, vaults.keys.service, password], {
          env: { ...process.env, NODE_NO_WARNINGS: '1' },
        })
        let out = ''
        process_.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
        process_.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
        process_.on('close', () => done(out.trim()))
      })
    const outcomes = await Promise.all([run('first long password'), run('second long password')])
    expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome === 'vault-exists')).toHaveLength(1)
    expect(
      await unlocksWith(outcomes[0] === 'created' ? 'first long password' : 'second long password'),
    ).toBe(true)
  })
})

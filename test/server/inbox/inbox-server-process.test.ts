import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { findFreePort } from '../../../electron/server/database/free-port.ts'
import { InboxKeys, parseInboxSecret } from '../../../electron/server/inbox/inbox-secret.ts'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { startServerProcess, type ServerProcess } from '../cli/server-process.ts'
import { createBody, TestDevice } from '../api/team-harness.ts'

let running: ServerProcess | undefined
const folders: string[] = []
afterEach(async () => {
  await running?.stop()
  running = undefined
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

await describeOnEachPostgres('twofold-server start with the code inbox', (postgres) => {
  it('makes its inbox secret 0600, reads provider secrets from files and the environment, logs no token or text', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'twofold-inbox-'))
    folders.push(folder)
    const secretFile = join(folder, 'secrets', 'inbox-secret')
    const verifyTokenFile = join(folder, 'meta-verify-token')
    await writeFile(verifyTokenFile, 'verify-token-marker-0001\n', { mode: 0o600 })
    const port = await findFreePort()
    running = await startServerProcess(
      [
        '--database-url',
        await freshDatabase(postgres.url),
        '--listen',
        `127.0.0.1:${port}`,
        '--public-url',
        `http://127.0.0.1:${port}/`,
        '--inbox-secret-file',
        secretFile,
        '--meta-verify-token-file',
        verifyTokenFile,
        '--log',
      ],
      { env: { TWILIO_AUTH_TOKEN: 'twilio-token-from-env', TWOFOLD_INBOX_SECRET: '' } },
    )
    expect((await stat(secretFile)).mode & 0o777).toBe(0o600)
    const keys = new InboxKeys(parseInboxSecret(await readFile(secretFile, 'utf8'), secretFile))

    // Printed just after the ready line.
    let setupCode: string | undefined
    while ((setupCode = /setup code (\S+)/.exec(running.stdout())?.[1]) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const owner = new TestDevice(randomUUID(), randomUUID(), 'owner')
    const created = await fetch(`${running.url}/v1/teams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(createBody(owner, setupCode)),
    })
    expect(created.status).toBe(200)

    const token = keys.jsonToken(owner.teamId, 0)
    const message = { id: 'p1', from: 'Instagram', to: '+14155550123', text: 'TEXT-MARKER 424242' }
    const json = await fetch(`${running.url}/v1/inbox/${owner.teamId}/json/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    })
    // No client has this number: accepted so the forwarder does not retry, and not stored.
    expect(json.status).toBe(200)
    const handshake = await fetch(
      `${running.url}/v1/inbox/${owner.teamId}/meta-whatsapp?hub.mode=subscribe&hub.verify_token=verify-token-marker-0001&hub.challenge=777`,
    )
    expect(await handshake.text()).toBe('777')
    // Twilio's token came from the environment: its route is there (and refuses an unsigned post).
    const twilio = await fetch(`${running.url}/v1/inbox/${owner.teamId}/twilio`, { method: 'POST' })
    expect(twilio.status).toBe(403)
    // No app secret and no signing key: those routes do not exist.
    const metaPost = await fetch(`${running.url}/v1/inbox/${owner.teamId}/meta-whatsapp`, { method: 'POST' })
    expect(metaPost.status).toBe(404)
    const unrouted = await fetch(
      `${running.url}/v1/inbox/${owner.teamId}/android-sms-gateway/line?hub.verify_token=QUERY-MARKER`,
    )
    expect(unrouted.status).toBe(404)

    await running.stop()
    const log = running.stdout() + running.stderr()
    running = undefined
    expect(log).toContain(`/v1/inbox/${owner.teamId}/json/[token]`)
    for (const secret of [
      token,
      'verify-token-marker',
      'QUERY-MARKER',
      'TEXT-MARKER',
      '4155550123',
      'twilio-token-from-env',
    ])
      expect(log).not.toContain(secret)
  })

  it('refuses to start with an inbox secret too short to be one, naming the fix', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'twofold-inbox-'))
    folders.push(folder)
    const url = await freshDatabase(postgres.url)
    await expect(
      startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'], {
        env: { TWOFOLD_INBOX_SECRET: 'short' },
      }),
    ).rejects.toThrow(/TWOFOLD_INBOX_SECRET must hold at least 32 random bytes/)
  })
})

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { InboxEntry } from '../../../electron/core/inbox/inbox-entry.ts'
import { withClient } from '../../support/postgres-client.ts'
import { addAccount, postgresAvailable, useFormedTeam, ANA_BEN_CLEO } from './team-lab.ts'

// The code inbox from the devices' side, on a real server and PostgreSQL: an admin enables a client's
// inbox, a forwarder app posts an SMS to the webhook URL Twofold printed, and the members holding that
// client see the code on the right account through live sync — nobody else sees anything.

const FAST = { minDelayMs: 100, maxDelayMs: 1_000 }
const PATIENT = { timeout: 30_000, interval: 100 }
const ACME_NUMBER = '+14155550101'
const LUMEN_NUMBER = '+14155550202'

describe.skipIf(!postgresAvailable)('the code inbox on the devices', () => {
  let ana: Backend
  let ben: Backend
  let cleo: Backend
  const ids: Record<string, string> = {}
  let acmeJsonUrl = ''
  let posted = 0

  const lab = useFormedTeam(ANA_BEN_CLEO, async (team) => {
    ;[ana, ben, cleo] = [team.owner, ...team.members] as [Backend, Backend, Backend]
    Object.assign(ids, team.ids)
    // Acme's Instagram account gets its codes by SMS on one number; two Lumen accounts share another.
    ids['acme.ig'] = addAccount(ana, { handle: 'acme.ig', client: 'Acme', sms: ACME_NUMBER })
    ids['lumen.one'] = addAccount(ana, { handle: 'lumen.one', client: 'Lumen', sms: LUMEN_NUMBER })
    ids['lumen.two'] = addAccount(ana, { handle: 'lumen.two', client: 'Lumen', sms: LUMEN_NUMBER })
    await ana.team.sync()
    for (const device of [ben, cleo]) await device.team.sync()
  })
  afterAll(async () => {
    for (const device of [ana, ben, cleo]) await device?.team.stopLive()
  }, 60_000)

  /** A forwarder app's post, as its docs have it: the team's token is in the URL. */
  async function forward(url: string, message: { to: string; text: string; from?: string }) {
    posted += 1
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: `sms-${posted}`, from: message.from ?? '+15550001111', ...message }),
    })
    expect(response.status).toBeLessThan(300)
  }

  /** The next inbox change on a device that brings a message with this code. */
  function nextCode(device: Backend, code: string): Promise<InboxEntry> {
    return new Promise((resolve) => {
      const stop = device.team.onInboxChanged((fresh) => {
        const entry = fresh.find((each) => each.code === code)
        if (!entry) return
        stop()
        resolve(entry)
      })
    })
  }

  async function inboxKeyOf(clientId: string): Promise<{ keyVersion: number; publicKey: string }> {
    return withClient(lab.databaseUrl, async (db) => {
      const rows = await db.query<{ key_version: number; public_key: Buffer }>(
        'SELECT key_version, public_key FROM inbox_keys WHERE client_id = $1',
        [clientId],
      )
      const row = rows.rows[0]
      if (!row) throw new Error('no inbox key stored')
      return { keyVersion: row.key_version, publicKey: row.public_key.toString('base64url') }
    })
  }

  it('refuses to enable an inbox for a member, and for a client with no SMS or WhatsApp number', async () => {
    await expect(ben.team.enableInbox('Acme')).rejects.toMatchObject({ code: 'team-forbidden' })
    addAccount(ana, { handle: 'nova', client: 'Nova' })
    await ana.team.share('Nova')
    await expect(ana.team.enableInbox('Nova')).rejects.toMatchObject({ code: 'invalid-request' })
    await expect(ana.team.enableInbox('Nova')).rejects.toThrow(
      'No account of Nova has an SMS or WhatsApp number',
    )
  }, 60_000)

  it('enables a client’s inbox: its numbers registered, a webhook URL per provider', async () => {
    const enabled = await ana.team.enableInbox('Acme', { retentionHours: 48 })
    expect(enabled.numbers).toBe(1)
    expect(enabled.retentionHours).toBe(48)
    const json = enabled.webhooks.find((webhook) => webhook.provider === 'json')
    expect(json?.url.startsWith(lab.serverUrl)).toBe(true)
    acmeJsonUrl = json?.url ?? ''
    // Enabling again keeps the same key: messages sealed to it meanwhile still open.
    const before = await inboxKeyOf(acmeClientId())
    await ana.team.enableInbox('Acme')
    expect(await inboxKeyOf(acmeClientId())).toEqual(before)
    await ana.team.enableInbox('Lumen')
  }, 60_000)

  it('shows an Instagram SMS code on the holders’ devices, on its account, through live sync', async () => {
    for (const device of [ana, ben, cleo]) device.team.startLive(FAST)
    await vi.waitFor(() => {
      for (const device of [ana, ben, cleo]) expect(device.team.liveState()?.phase).toBe('connected')
    }, PATIENT)
    const onBen = nextCode(ben, '492817')
    const onCleo = nextCode(cleo, '492817')
    await forward(acmeJsonUrl, {
      to: ACME_NUMBER,
      from: 'Instagram',
      text: '492817 is your Instagram code. Don’t share it.',
    })
    for (const entry of await Promise.all([onBen, onCleo])) {
      expect(entry).toMatchObject({
        code: '492817',
        channel: 'sms',
        provider: 'json',
        to: ACME_NUMBER,
        match: { kind: 'account', accountId: ids['acme.ig'] },
      })
    }
    const [latest] = await ben.team.inbox()
    expect(latest?.code).toBe('492817')
    expect(await ben.team.inboxText(latest?.messageId ?? '')).toContain('Instagram code')
  }, 60_000)

  it('shows a member nothing of a client they do not hold', async () => {
    const onCleo = nextCode(cleo, '730154')
    await forward(acmeJsonUrl, {
      to: LUMEN_NUMBER,
      from: 'Instagram',
      text: '730154 is your Instagram code. Don’t share it.',
    })
    await onCleo
    await ben.team.sync()
    const bens = await ben.team.inbox()
    expect(bens.map((entry) => entry.code)).not.toContain('730154')
    expect(bens.every((entry) => entry.to === ACME_NUMBER)).toBe(true)
  }, 60_000)

  it('says shared-phone when the number protects two accounts on the platform', async () => {
    const entry = (await cleo.team.inbox()).find((each) => each.code === '730154')
    const match = entry?.match
    expect(match?.kind).toBe('shared-phone')
    if (match?.kind !== 'shared-phone') return
    expect(match.phone).toBe(LUMEN_NUMBER)
    expect([...match.accountIds].sort()).toEqual([ids['lumen.one'], ids['lumen.two']].sort())
  }, 60_000)

  it('records a copied inbox code in the vault’s audit log and the team’s, on its account', async () => {
    const entry = (await ben.team.inbox()).find((each) => each.code === '492817')
    await ben.team.reportInboxCodeCopied(entry?.messageId ?? '')
    const local = ben.audit.list({ accountId: ids['acme.ig'] ?? '' })
    expect(local[0]).toMatchObject({ action: 'code.copied', detail: 'sms code from the team inbox' })
    const audit = await ana.team.audit({ limit: 20 })
    const reported = audit.entries.find((each) => each.kind === 'inbox-code-copied')
    expect(reported?.reported).toBe(true)
    expect(reported?.subject.accountId).toBe(ids['acme.ig'])
  }, 60_000)

  it('gives the client a new inbox key when a member loses it; new codes still reach the holders', async () => {
    const before = await inboxKeyOf(acmeClientId())
    await ana.team.revoke('Cleo', 'Acme')
    const after = await inboxKeyOf(acmeClientId())
    expect(after.keyVersion).toBe(before.keyVersion + 1)
    expect(after.publicKey).not.toBe(before.publicKey)

    const onBen = nextCode(ben, '615243')
    await forward(acmeJsonUrl, {
      to: ACME_NUMBER,
      from: 'Instagram',
      text: '615243 is your Instagram code. Don’t share it.',
    })
    expect((await onBen).match).toEqual({ kind: 'account', accountId: ids['acme.ig'] })
    await cleo.team.sync()
    expect((await cleo.team.inbox()).map((entry) => entry.code)).not.toContain('615243')
    expect((await cleo.team.inbox()).every((entry) => entry.to !== ACME_NUMBER)).toBe(true)
  }, 90_000)

  it('gives every client a removed member held a new inbox key, in the removal’s one request', async () => {
    const lumen = ana.queries.list().accounts.find((account) => account.id === ids.lumen)?.clientId ?? ''
    const before = await inboxKeyOf(lumen)
    await ana.team.remove('Cleo')
    const after = await inboxKeyOf(lumen)
    expect(after.keyVersion).toBe(before.keyVersion + 1)
    expect(after.publicKey).not.toBe(before.publicKey)
    // Ana, who holds Lumen still, opens what arrives under the new key.
    const onAna = nextCode(ana, '284650')
    await forward(acmeJsonUrl, {
      to: LUMEN_NUMBER,
      from: 'Instagram',
      text: '284650 is your Instagram code. Don’t share it.',
    })
    expect((await onAna).match.kind).toBe('shared-phone')
  }, 90_000)

  it('still opens the codes that came before a member left, after a lock (opened keys are in memory only)', async () => {
    // 492817 (Acme) arrived before Cleo lost Acme, 730154 (Lumen) before she was removed: both are
    // sealed to inbox keys replaced since, which came along re-sealed under the clients' new keys.
    await ana.team.stopLive()
    await ana.vault.lock()
    await ana.vault.unlock({ method: 'keychain' })
    const codes = (await ana.team.inbox()).map((entry) => entry.code)
    expect(codes).toEqual(expect.arrayContaining(['492817', '730154', '615243', '284650']))
    const earlier = (await ana.team.inbox()).find((entry) => entry.code === '492817')
    expect(earlier?.match).toEqual({ kind: 'account', accountId: ids['acme.ig'] })
  }, 60_000)

  it('keeps opened messages in memory only: nothing of them in the vault’s files, opened again after a lock', async () => {
    expect((await ben.team.inbox()).map((entry) => entry.code)).toContain('615243')
    await ben.team.stopLive()
    await ben.vault.lock()
    const files = await filesUnder(lab.vaultHome('Ben'))
    expect(files.length).toBeGreaterThan(0)
    for (const bytes of files) {
      expect(bytes.includes('615243')).toBe(false)
      expect(bytes.includes('Instagram code')).toBe(false)
    }
    await ben.vault.unlock({ method: 'keychain' })
    expect((await ben.team.inbox()).map((entry) => entry.code)).toContain('615243')
  }, 60_000)

  it('fetches page after page: a code behind more stored messages than one answer holds still shows', async () => {
    // 10,000 messages sealed to a key nobody has (the server's page), then a real code after them.
    const acme = acmeClientId()
    const from = await withClient(lab.databaseUrl, async (db) => {
      const team = await db.query<{ id: string; seq: string }>('SELECT id, seq FROM teams')
      const row = team.rows[0]
      if (!row) throw new Error('no team stored')
      await db.query(
        `INSERT INTO inbox_messages (team_id, id, client_id, provider, channel, provider_message_hash,
           public_key, sealed, received_at, expires_at, seq)
         SELECT $1, gen_random_uuid(), $2, 'json', 'sms', sha256(('filler-' || i)::bytea),
                sha256('nobody''s key'::bytea), '\\x01', now(), now() + interval '1 hour', $3::bigint + i
         FROM generate_series(1, 10000) AS i`,
        [row.id, acme, Number(row.seq)],
      )
      await db.query('UPDATE teams SET seq = seq + 10000 WHERE id = $1', [row.id])
      return Number(row.seq)
    })
    try {
      await forward(acmeJsonUrl, {
        to: ACME_NUMBER,
        from: 'Instagram',
        text: '358201 is your Instagram code.',
      })
      await ben.team.sync()
      expect((await ben.team.inbox()).map((entry) => entry.code)).toContain('358201')
    } finally {
      // The status below counts Acme's messages as they were.
      await withClient(lab.databaseUrl, (db) => db.query('DELETE FROM inbox_messages WHERE seq > $1', [from]))
    }
  }, 60_000)

  it('an admin sees the inbox’s status and turns Acme’s off: its opened messages go from the holders’ devices at their next fetch', async () => {
    expect((await ben.team.inbox()).map((entry) => entry.code)).toContain('615243')
    const status = await ana.team.inboxStatus()
    expect(status.retentionHours).toBe(48)
    expect(status.clients).toMatchObject([
      { name: 'Acme', clientId: acmeClientId(), numbers: 1, messages: 2 },
      { name: 'Lumen', numbers: 1, messages: 2 },
    ])
    expect(status.dropped).toEqual([])
    await expect(ben.team.inboxStatus()).rejects.toMatchObject({ code: 'team-forbidden' })
    await expect(ben.team.disableInbox('Acme')).rejects.toMatchObject({ code: 'team-forbidden' })

    expect(await ana.team.disableInbox('Acme')).toEqual({ numbers: 1, messages: 2 })
    // Ben holds Acme alone: everything he had opened goes, though he still holds the client.
    expect(await ben.team.inbox()).toEqual([])
    const anas = await ana.team.inbox()
    expect(anas.length).toBeGreaterThan(0)
    expect(anas.every((entry) => entry.to === LUMEN_NUMBER)).toBe(true)
    await expect(ana.team.disableInbox('Acme')).rejects.toThrow('Acme has no code inbox to turn off.')

    // A code to Acme's number now is dropped and counted; enabled again, the next one reaches Ben.
    await forward(acmeJsonUrl, { to: ACME_NUMBER, text: '905318 is your Instagram code.' })
    const after = await ana.team.inboxStatus()
    expect(after.clients.map((client) => client.name)).toEqual(['Lumen'])
    expect(after.dropped).toMatchObject([{ provider: 'json', count: 1 }])
    expect((await ben.team.inbox()).map((entry) => entry.code)).toEqual([])
    await ana.team.enableInbox('Acme')
    await forward(acmeJsonUrl, { to: ACME_NUMBER, text: '417263 is your Instagram code.' })
    expect((await ben.team.inbox()).map((entry) => entry.code)).toEqual(['417263'])
  }, 90_000)

  function acmeClientId(): string {
    const acme = ana.queries.list().accounts.find((account) => account.id === ids.acme)
    return acme?.clientId ?? ''
  }
})

/** Every file's bytes under a folder (the vault, its WAL and journal, settings). */
async function filesUnder(folder: string): Promise<Buffer[]> {
  const found: Buffer[] = []
  for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(await readFile(join(entry.parentPath, entry.name)))
  }
  return found
}

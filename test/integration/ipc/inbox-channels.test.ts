import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { InboxEntryView } from '../../../shared/domain/inbox-views.ts'
import type { ResponseOf } from '../../../shared/ipc/contract.ts'
import { RecordingClipboard } from '../../harness/recording-clipboard.ts'
import { createUnlockedVault, seedAccounts } from '../../harness/seed-vault.ts'
import { formTeamThroughCores } from '../../harness/team-through-cores.ts'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamServer, type TestTeamServer } from '../../support/team-server.ts'
import {
  dispatchErrorCode,
  dispatchValue,
  vaultWorkspace,
  type VaultWorkspace,
} from '../../support/vault-workspace.ts'

// The inbox:* channels as the windows call them, through the backend's real dispatcher, on a real team
// server and PostgreSQL: Ana owns Acme and Lumen, Ben holds Acme only; a forwarder app posts SMS codes
// to the JSON webhook the server gave when Ana enabled each client's inbox — Acme's from the window
// (inbox:setup-preview, inbox:enable, then inbox:copy-webhook, since the window never gets the json
// URL's token), Lumen's through her core as the CLI does.

const ACME_NUMBER = '+447911123456'
const SHARED_NUMBER = '+447400654321'
const LUMEN_NUMBER = '+447911222333'
const TEXT = '123456 is your Instagram code. Don’t share it.'

const clientIdOf = (backend: Backend, name: string) =>
  backend.queries.clients().find((client) => client.name === name)?.id ?? ''

describe.skipIf(!(await postgresFlavourAvailable('embedded')))('the inbox channels', () => {
  let server: TestTeamServer
  let workspace: VaultWorkspace
  let ana: Backend
  let ben: Backend
  const benClipboard = new RecordingClipboard()
  const anaClipboard = new RecordingClipboard()
  let acmeEnabled: ResponseOf<'inbox:enable'>
  let acmePreview: ResponseOf<'inbox:setup-preview'>
  let acmeJsonUrl = ''
  let benEntries: InboxEntryView[] = []
  let lumenMessageSeenByAna = ''
  const benHeard: unknown[] = []

  async function forward(url: string, message: Record<string, string>): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    })
    expect(response.status).toBeLessThan(300)
  }

  beforeAll(async () => {
    server = await startTeamServer()
    workspace = vaultWorkspace()
    ana = workspace.openBackend('ana', { clipboard: anaClipboard })
    ben = workspace.openBackend('ben', { clipboard: benClipboard })
    await createUnlockedVault(ana)
    const sms = (handle: string, clientName: string, number: string) => ({
      platform: 'instagram' as const,
      handle,
      clientName,
      sms: number,
    })
    seedAccounts(ana, [
      sms('@acme.bakery', 'Acme', ACME_NUMBER),
      sms('@acme.events', 'Acme', SHARED_NUMBER),
      sms('@acme.promo', 'Acme', SHARED_NUMBER),
      sms('@lumen.studio', 'Lumen', LUMEN_NUMBER),
      {
        platform: 'instagram',
        handle: '@nora.app',
        clientName: 'Nora',
        authenticator: { source: 'manual', secret: 'JBSWY3DPEHPK3PXP' },
      },
    ])
    await formTeamThroughCores(server, ana, ben, {
      shared: ['Acme', 'Lumen', 'Nora'],
      granted: ['Acme', 'Nora'],
    })
    const acmeClientId = clientIdOf(ana, 'Acme')
    acmePreview = await dispatchValue(ana, 'inbox:setup-preview', { clientId: acmeClientId })
    acmeEnabled = await dispatchValue(ana, 'inbox:enable', { clientId: acmeClientId, retentionHours: 6 })
    const jsonHook = acmeEnabled.webhooks.find((each) => each.provider === 'json')
    await dispatchValue(ana, 'inbox:copy-webhook', { clientId: acmeClientId, url: jsonHook?.url })
    acmeJsonUrl = anaClipboard.last ?? ''
    const acme = acmeJsonUrl
    const lumen =
      (await ana.team.enableInbox('Lumen')).webhooks.find((each) => each.provider === 'json')?.url ?? ''
    ben.subscribe('inbox:changed', (payload) => benHeard.push(payload))
    await forward(acme, { id: 'm-1', from: '32665', to: ACME_NUMBER, text: TEXT })
    await forward(acme, {
      id: 'm-2',
      from: '+15551234567',
      to: SHARED_NUMBER,
      text: 'Use 654 321 to confirm your Instagram account.',
    })
    await forward(lumen, {
      id: 'm-3',
      from: '32665',
      to: LUMEN_NUMBER,
      text: '777888 is your Instagram code.',
    })
    benEntries = (await dispatchValue(ben, 'inbox:list', {})).entries
    lumenMessageSeenByAna =
      (await dispatchValue(ana, 'inbox:list', {})).entries.find((entry) => entry.clientName === 'Lumen')
        ?.messageId ?? ''
  }, 180_000)
  afterAll(async () => {
    await ana?.team.stopLive()
    await ben?.team.stopLive()
    await workspace?.dispose()
    await server?.close()
  }, 60_000)

  it('show an admin the numbers a client’s inbox will register, masked, with the accounts they belong to', () => {
    expect(acmePreview.clientName).toBe('Acme')
    expect(acmePreview.unusable).toEqual([])
    expect(acmePreview.numbers).toEqual([
      { number: '+44 ••• ••• 3456', channels: ['sms'], accounts: ['@acme.bakery'] },
      { number: '+44 ••• ••• 4321', channels: ['sms'], accounts: ['@acme.events', '@acme.promo'] },
    ])
    expect(JSON.stringify(acmePreview)).not.toContain('7911123456')
  })

  it('enable from the window, listing each webhook with the json token kept in main', () => {
    expect(acmeEnabled.numbers).toBe(2)
    expect(acmeEnabled.retentionHours).toBe(6)
    const json = acmeEnabled.webhooks.find((each) => each.provider === 'json')
    expect(json?.masked).toBe(true)
    // The whole URL reached the clipboard from main, and a code posted to it arrived (Ben's list).
    const token = acmeJsonUrl.split('/').at(-1) ?? ''
    expect(acmeJsonUrl).toMatch(/^http:\/\/.+\/v1\/inbox\/[0-9a-f-]+\/json\/./)
    expect(token.length).toBeGreaterThan(16)
    expect(JSON.stringify(acmeEnabled)).not.toContain(token)
    expect(json?.url).toBe(`${acmeJsonUrl.slice(0, -token.length)}${'•'.repeat(12)}`)
  })

  it('say a client with no SMS or WhatsApp number has nothing to register, and refuse to enable it', async () => {
    const clientId = clientIdOf(ana, 'Nora')
    expect(await dispatchValue(ana, 'inbox:setup-preview', { clientId })).toEqual({
      clientName: 'Nora',
      numbers: [],
      unusable: [],
    })
    expect(await dispatchErrorCode(ana, 'inbox:enable', { clientId })).toBe('invalid-request')
  })

  it('refuse a member who asks to enable an inbox, with a typed error', async () => {
    expect(await dispatchErrorCode(ben, 'inbox:enable', { clientId: clientIdOf(ben, 'Acme') })).toBe(
      'team-forbidden',
    )
    expect(
      await dispatchErrorCode(ben, 'inbox:copy-webhook', { clientId: clientIdOf(ben, 'Acme'), url: 'x' }),
    ).toBe('invalid-request')
    expect(benClipboard.texts.some((text) => text.includes('/v1/inbox/'))).toBe(false)
  })

  const acmeId = (handle: string) => ben.queries.list().accounts.find((each) => each.handle === handle)?.id

  it('list each code with its account, newest first, numbers masked and no message text', () => {
    expect(benEntries.map((entry) => entry.code)).toEqual(['654321', '123456'])
    const [shared, single] = benEntries
    expect(single).toMatchObject({
      clientName: 'Acme',
      channel: 'sms',
      provider: 'json',
      from: '32665',
      match: { kind: 'account', accountId: acmeId('@acme.bakery'), handle: '@acme.bakery' },
    })
    // A person's number is masked, as everywhere in the windows; the text is not in the list at all.
    expect(shared?.from).toBe('+1 ••• ••• 4567')
    expect(single?.to).not.toContain('7911123456')
    expect(JSON.stringify(benEntries)).not.toMatch(/Don’t share it|confirm your/)
  })

  it('say a number several accounts share is shared, naming them, instead of guessing', () => {
    expect(benEntries[0]?.match).toEqual({
      kind: 'shared-phone',
      accountIds: expect.arrayContaining([acmeId('@acme.events'), acmeId('@acme.promo')]) as string[],
      handles: expect.arrayContaining(['@acme.events', '@acme.promo']) as string[],
      phone: '+44 ••• ••• 4321',
    })
  })

  it('tell the windows that the inbox changed, with nothing else in the news', () => {
    expect(benHeard.length).toBeGreaterThan(0)
    expect(benHeard.every((payload) => JSON.stringify(payload) === '{}')).toBe(true)
  })

  it('copy a code from main to the clipboard and record the copy in the vault’s audit log', async () => {
    const single = benEntries[1]
    await dispatchValue(ben, 'inbox:copy', { messageId: single?.messageId })
    expect(benClipboard.last).toBe('123456')
    const audit = await dispatchValue(ben, 'audit:list', { accountId: acmeId('@acme.bakery') })
    expect(audit.entries.map((entry) => entry.action)).toContain('code.copied')
  })

  it('give the full text only when asked, message by message', async () => {
    const text = await dispatchValue(ben, 'inbox:text', { messageId: benEntries[1]?.messageId })
    expect(text).toEqual({ text: TEXT })
  })

  it('show a member nothing of a client they do not hold, and refuse its message by id', async () => {
    expect(lumenMessageSeenByAna).not.toBe('')
    expect(benEntries.some((entry) => entry.clientName === 'Lumen')).toBe(false)
    expect(await dispatchErrorCode(ben, 'inbox:copy', { messageId: lumenMessageSeenByAna })).toBe(
      'invalid-request',
    )
    expect(await dispatchErrorCode(ben, 'inbox:text', { messageId: lumenMessageSeenByAna })).toBe(
      'invalid-request',
    )
    expect(benClipboard.texts).not.toContain('777888')
  })

  it('keep listing and copying the codes already opened while the team server is out of reach', async () => {
    await server.stopServer()
    try {
      const offline = await dispatchValue(ben, 'inbox:list', {})
      expect(offline.entries.map((entry) => entry.code)).toEqual(['654321', '123456'])
      await dispatchValue(ben, 'inbox:copy', { messageId: benEntries[0]?.messageId })
      expect(benClipboard.last).toBe('654321')
    } finally {
      await server.startServer()
    }
  })

  it('answer nothing while the vault is locked', async () => {
    await ben.vault.lock()
    try {
      expect(await dispatchErrorCode(ben, 'inbox:list', {})).toBe('vault-locked')
      expect(await dispatchErrorCode(ben, 'inbox:copy', { messageId: benEntries[1]?.messageId })).toBe(
        'vault-locked',
      )
    } finally {
      await ben.vault.unlock({ method: 'password', password: 'correct horse battery staple' })
    }
  })

  it('list nothing for a vault in no team', async () => {
    const alone = await workspace.createVault('alone')
    expect(await dispatchValue(alone.backend, 'inbox:list', {})).toEqual({ entries: [] })
  })

  // Windows re-read the inbox only on inbox:changed: codes that go away must say so too.
  it('tell the windows the inbox changed when a client’s inbox is turned off, and list none of its codes', async () => {
    expect((await dispatchValue(ben, 'inbox:list', {})).entries.length).toBeGreaterThan(0)
    await ana.team.disableInbox('Acme')
    const heardBefore = benHeard.length
    // The fetch live sync makes when the team's sequence moves: nothing new, Acme's messages gone.
    expect(await ben.team.inbox()).toEqual([])
    expect(benHeard.length).toBeGreaterThan(heardBefore)
    expect(benHeard.every((payload) => JSON.stringify(payload) === '{}')).toBe(true)
    expect((await dispatchValue(ben, 'inbox:list', {})).entries).toEqual([])
  })

  // Last: it takes Acme from Ben. Windows re-read the inbox only on inbox:changed, so losing a client
  // must say so, or its codes would stay on his screen.
  it('tell the windows the inbox changed when a client is taken back, and list none of its codes', async () => {
    await ana.team.revoke('Ben', 'Acme')
    const heardBefore = benHeard.length
    await ben.team.sync()
    expect(benHeard.length).toBeGreaterThan(heardBefore)
    const { entries } = await dispatchValue(ben, 'inbox:list', {})
    expect(entries.some((entry) => entry.clientName === 'Acme' || entry.code === '123456')).toBe(false)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../../electron/core/app-backend.ts'
import type { InboxEntryView } from '../../../shared/domain/inbox-views.ts'
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
// to the JSON webhook the server gave when Ana enabled each client's inbox.

const ACME_NUMBER = '+447911123456'
const SHARED_NUMBER = '+447400654321'
const LUMEN_NUMBER = '+447911222333'
const TEXT = '123456 is your Instagram code. Don’t share it.'

describe.skipIf(!(await postgresFlavourAvailable('embedded')))('the inbox channels', () => {
  let server: TestTeamServer
  let workspace: VaultWorkspace
  let ana: Backend
  let ben: Backend
  const benClipboard = new RecordingClipboard()
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
    ana = workspace.openBackend('ana')
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
    ])
    await formTeamThroughCores(server, ana, ben, { shared: ['Acme', 'Lumen'], granted: ['Acme'] })
    const json = async (client: string) => {
      const { webhooks } = await ana.team.enableInbox(client)
      return webhooks.find((each) => each.provider === 'json')?.url ?? ''
    }
    const acme = await json('Acme')
    const lumen = await json('Lumen')
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
})

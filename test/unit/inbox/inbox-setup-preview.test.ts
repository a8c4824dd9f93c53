import { describe, expect, it } from 'vitest'
import { webhookView } from '../../../electron/core/ipc/inbox-setup-handlers.ts'
import { inboxSetupPreview } from '../../../electron/core/inbox/inbox-setup-preview.ts'

const account = (handle: string, sms: string | null, whatsapp: string | null = null) => ({
  handle,
  methods: {
    sms: sms === null ? null : { phone: sms },
    whatsapp: whatsapp === null ? null : { phone: whatsapp },
  },
})

describe('what setting up a client’s inbox would register', () => {
  it('lists each number once, masked, with its channels and every account that uses it', () => {
    const preview = inboxSetupPreview('Acme', [
      account('@acme.bakery', '+44 7911 123456', '+447911123456'),
      account('@acme.events', '+447400654321'),
      account('@acme.promo', '+447400654321'),
      account('@acme.app', null),
    ])
    expect(preview).toEqual({
      clientName: 'Acme',
      numbers: [
        { number: '+44 ••• ••• 3456', channels: ['sms', 'whatsapp'], accounts: ['@acme.bakery'] },
        { number: '+44 ••• ••• 4321', channels: ['sms'], accounts: ['@acme.events', '@acme.promo'] },
      ],
      unusable: [],
    })
  })

  it('names the accounts whose number is not international, which enabling would refuse', () => {
    const preview = inboxSetupPreview('Acme', [account('@acme.local', '07911 123456')])
    expect(preview.numbers).toEqual([])
    expect(preview.unusable).toEqual([{ account: '@acme.local', number: '••• ••• ••• 56' }])
  })

  it('has nothing to register for a client with no SMS or WhatsApp number', () => {
    expect(inboxSetupPreview('Nora', [account('@nora', null)])).toEqual({
      clientName: 'Nora',
      numbers: [],
      unusable: [],
    })
  })
})

describe('a webhook URL as the window gets it', () => {
  it('hides the json URL’s token and shows every other provider’s URL whole', () => {
    const base = 'https://twofold.example.com/v1/inbox/8d6e1c1e-0000-4000-8000-000000000000'
    expect(webhookView({ provider: 'json', url: `${base}/json/abcDEF123secretToken` })).toEqual({
      provider: 'json',
      url: `${base}/json/${'•'.repeat(12)}`,
      masked: true,
    })
    expect(webhookView({ provider: 'twilio', url: `${base}/twilio` })).toEqual({
      provider: 'twilio',
      url: `${base}/twilio`,
      masked: false,
    })
  })
})

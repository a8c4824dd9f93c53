import { describe, expect, it } from 'vitest'
import { inboxNumbersOf } from '../../../electron/core/inbox/inbox-numbers.ts'

// The numbers a client's inbox is registered with: every SMS and WhatsApp number of its accounts, once
// each; a number not written internationally is named, not silently left out.

const account = (handle: string, sms: string | null, whatsapp: string | null = null) => ({
  handle,
  methods: { sms: sms ? { phone: sms } : null, whatsapp: whatsapp ? { phone: whatsapp } : null },
})

describe('the numbers a client’s inbox receives on', () => {
  it('takes every SMS and WhatsApp number once, as E.164', () => {
    expect(
      inboxNumbersOf('Acme', [
        account('acme.ig', '+14155550101', '+14155550101'),
        account('acme.tt', '+1 415-555-0102'),
        account('acme.fb', null, '+447700900123'),
        account('acme.x', null),
      ]),
    ).toEqual(['+14155550101', '+14155550102', '+447700900123'])
  })

  it('names the account whose number is not international', () => {
    const refuse = () => inboxNumbersOf('Acme', [account('acme.ig', '0415 555 0101')])
    expect(refuse).toThrow(expect.objectContaining({ code: 'invalid-phone' }) as Error)
    expect(refuse).toThrow('The number of acme.ig in Acme is not written as an international number')
  })

  it('refuses a client with no number to receive on', () => {
    expect(() => inboxNumbersOf('Lumen', [account('lumen', null)])).toThrow(
      'No account of Lumen has an SMS or WhatsApp number',
    )
  })
})

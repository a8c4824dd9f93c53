import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MAX_INBOX_TEXT_CHARS, MAX_WEBHOOK_BODY_BYTES } from '../../../shared/team/inbox-webhooks.ts'
import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { addMember, createTeam, shareClient, type TestDevice } from '../api/team-harness.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  androidEvent,
  dropped,
  enableInbox,
  metaHandshake,
  metaNotification,
  openMessages,
  pathOf,
  postAndroid,
  postJson,
  postMeta,
  postTwilio,
  PROVIDERS,
  storedMessages,
  twilioParams,
  useInboxServer,
  type TestInbox,
} from './inbox-harness.ts'

const SMS_NUMBER = '+14155550123'
const WHATSAPP_NUMBER = '+447700900123'
const INSTAGRAM_TEXT = '123 456 is your Instagram code. Don’t share it.'

await describeOnEachPostgres('code inbox webhooks', (postgres) => {
  const server = useInboxServer(postgres)

  /** A team whose client "Bakery" has an inbox on two numbers, held by Ben (a member), not by Cleo. */
  async function inboxTeam() {
    const team = await createTeam(server)
    const bakery = await shareClient(server, team.owner, 'Bakery', ['instagram'])
    const other = await shareClient(server, team.owner, 'Florist', ['tiktok'])
    const ben = await addMember(server, team.owner, { clients: [bakery] })
    const cleo = await addMember(server, team.owner, { clients: [other] })
    const { inbox, answer } = await enableInbox(server.app, team.owner, bakery, [SMS_NUMBER, WHATSAPP_NUMBER])
    const urls = (provider: string) =>
      answer.webhooks.filter((hook) => hook.provider === provider).map((hook) => pathOf(hook.url))
    return { team, bakery, ben, cleo, inbox, urls }
  }

  async function inboxOf(device: TestDevice, since = 0) {
    const answer = await device.call(server.app, 'team:inbox', { query: { since } })
    expect(answer.status).toBe(200)
    return answer.body as TeamResponse<'team:inbox'>
  }

  async function openedBy(device: TestDevice, inbox: TestInbox) {
    return openMessages(await inboxOf(device), device.teamId, inbox.privateKey)
  }

  describe('a correctly signed message of every provider reaches the member holding the client', () => {
    it('Twilio SMS and WhatsApp: stored sealed, answered with TwiML, opened by Ben to the exact text', async () => {
      const { team, ben, inbox } = await inboxTeam()
      const sms = await postTwilio(
        server.app,
        team.teamId,
        twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT),
      )
      expect(sms.status).toBe(200)
      expect(sms.contentType).toMatch(/^text\/xml/)
      expect(sms.body).toContain('<Response/>')
      const whatsapp = await postTwilio(
        server.app,
        team.teamId,
        twilioParams(`whatsapp:${WHATSAPP_NUMBER}`, 'whatsapp:+16505550000', 'Your WhatsApp code: 654-321'),
      )
      expect(whatsapp.status).toBe(200)

      const answer = await inboxOf(ben)
      expect(answer.messages.map((message) => [message.provider, message.channel])).toEqual([
        ['twilio', 'sms'],
        ['twilio', 'whatsapp'],
      ])
      expect(answer.keys.map((key) => key.publicKey)).toEqual([inbox.body.publicKey])
      const opened = await openMessages(answer, team.teamId, inbox.privateKey)
      expect(opened[0]).toMatchObject({
        from: 'Instagram',
        to: SMS_NUMBER,
        body: INSTAGRAM_TEXT,
        channel: 'sms',
      })
      expect(opened[1]).toMatchObject({
        from: '+16505550000',
        to: WHATSAPP_NUMBER,
        body: 'Your WhatsApp code: 654-321',
        channel: 'whatsapp',
        provider: 'twilio',
      })
    })

    it('Meta WhatsApp Cloud API: the number from display_phone_number, the provider’s time kept', async () => {
      const { team, ben, inbox } = await inboxTeam()
      const sentAt = Math.floor(Date.now() / 1000) - 90
      const posted = await postMeta(
        server.app,
        team.teamId,
        metaNotification('44 7700 900123', '16505551234', INSTAGRAM_TEXT, undefined, String(sentAt)),
      )
      expect(posted.status).toBe(200)
      const opened = await openedBy(ben, inbox)
      expect(opened).toEqual([
        {
          from: '+16505551234',
          to: WHATSAPP_NUMBER,
          body: INSTAGRAM_TEXT,
          receivedAt: new Date(sentAt * 1000).toISOString(),
          provider: 'meta-whatsapp',
          channel: 'whatsapp',
        },
      ])
      // Delivery statuses only: accepted, nothing stored.
      const statuses = {
        object: 'whatsapp_business_account',
        entry: [
          { changes: [{ field: 'messages', value: { statuses: [{ id: 'wamid.x', status: 'read' }] } }] },
        ],
      }
      expect((await postMeta(server.app, team.teamId, statuses)).status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
    })

    it('android-sms-gateway: one URL per number, the number named in the sealed message, event id dedupes', async () => {
      const { team, ben, inbox, urls } = await inboxTeam()
      const lines = urls('android-sms-gateway')
      expect(lines).toHaveLength(2)
      const event = androidEvent('+16505550000', 'G-482913 is your Google verification code.')
      // The phone's own time, in its zone, a few minutes back: kept as it said.
      const phoneTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 4 * 60_000)
      event.payload.receivedAt = `${new Date(phoneTime.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}.000+07:00`
      expect((await postAndroid(server.app, lines[0] ?? '', event)).status).toBe(200)
      // The same event again (the phone retries): stored once. Another event with the same payload id: stored.
      expect((await postAndroid(server.app, lines[0] ?? '', event)).status).toBe(200)
      const second = androidEvent('+16505550000', 'Second code 777 888')
      second.payload.messageId = event.payload.messageId
      expect((await postAndroid(server.app, lines[1] ?? '', second)).status).toBe(200)
      const opened = await openedBy(ben, inbox)
      expect(opened.map((message) => [message.to, message.body, message.provider])).toEqual([
        [SMS_NUMBER, 'G-482913 is your Google verification code.', 'android-sms-gateway'],
        [WHATSAPP_NUMBER, 'Second code 777 888', 'android-sms-gateway'],
      ])
      expect(opened[0]?.receivedAt).toBe(phoneTime.toISOString())
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(2)
    })

    it('JSON forwarder: the team’s token in the path', async () => {
      const { team, ben, inbox, urls } = await inboxTeam()
      const [url] = urls('json')
      const posted = await postJson(server.app, url ?? '', {
        id: 'fwd-1',
        from: 'TikTok',
        to: '+1 (415) 555-0123',
        text: '[TikTok] 583920 is your verification code',
        channel: 'sms',
      })
      expect(posted.status).toBe(200)
      const opened = await openedBy(ben, inbox)
      expect(opened).toMatchObject([
        {
          from: 'TikTok',
          to: SMS_NUMBER,
          body: '[TikTok] 583920 is your verification code',
          provider: 'json',
        },
      ])
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
    })
  })

  describe('what is not proven to come from the provider is refused and not stored', () => {
    it('a wrong Twilio signature, one over another URL, or another auth token: 403', async () => {
      const { team } = await inboxTeam()
      const params = twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT)
      for (const options of [
        { signature: 'bm90IGEgc2lnbmF0dXJl' },
        { authToken: 'someone-elses-token' },
        // Signed for the address a proxy forwards to, not the public URL Twilio was given.
        { publicUrl: 'http://127.0.0.1:7272' },
      ]) {
        expect((await postTwilio(server.app, team.teamId, params, options)).status).toBe(403)
      }
      const tampered = await postTwilio(
        server.app,
        team.teamId,
        { ...params, Body: 'changed after signing' },
        {
          signature: (await import('twilio/lib/webhooks/webhooks.js')).getExpectedTwilioSignature(
            PROVIDERS.twilioAuthToken,
            `https://twofold.example.test/v1/inbox/${team.teamId}/twilio`,
            params,
          ),
        },
      )
      expect(tampered.status).toBe(403)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })

    it('a wrong Meta signature: 403; the handshake echoes the challenge only for the verify token', async () => {
      const { team } = await inboxTeam()
      const body = metaNotification(WHATSAPP_NUMBER, '16505551234', INSTAGRAM_TEXT)
      expect((await postMeta(server.app, team.teamId, body, { appSecret: 'wrong' })).status).toBe(403)
      expect((await postMeta(server.app, team.teamId, body, { signature: 'sha256=00' })).status).toBe(403)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)

      const right = await metaHandshake(server.app, team.teamId, {
        'hub.mode': 'subscribe',
        'hub.verify_token': PROVIDERS.metaVerifyToken,
        'hub.challenge': '1158201444',
      })
      expect(right).toMatchObject({ status: 200, body: '1158201444' })
      expect(right.contentType).toMatch(/^text\/plain/)
      const wrong = await metaHandshake(server.app, team.teamId, {
        'hub.mode': 'subscribe',
        'hub.verify_token': 'guess',
        'hub.challenge': '1158201444',
      })
      expect(wrong.status).toBe(403)
      expect(wrong.body).not.toContain('1158201444')
    })

    it('android-sms-gateway: a wrong key or a timestamp over five minutes off: 403', async () => {
      const { team, urls } = await inboxTeam()
      const [line] = urls('android-sms-gateway')
      const event = androidEvent('+16505550000', 'code 111 222')
      expect((await postAndroid(server.app, line ?? '', event, { signingKey: 'wrong' })).status).toBe(403)
      const stale = Math.floor(Date.now() / 1000) - 6 * 60
      expect((await postAndroid(server.app, line ?? '', event, { timestamp: stale })).status).toBe(403)
      const future = Math.floor(Date.now() / 1000) + 6 * 60
      expect((await postAndroid(server.app, line ?? '', event, { timestamp: future })).status).toBe(403)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })

    it('the JSON endpoint with a wrong token, or another team’s: 403', async () => {
      const { team, urls } = await inboxTeam()
      const other = await inboxTeam()
      const [url] = urls('json')
      const [otherUrl] = other.urls('json')
      const message = { id: 'x1', from: 'Instagram', to: SMS_NUMBER, text: INSTAGRAM_TEXT }
      const wrongToken = (url ?? '').replace(/[^/]+$/, 'A'.repeat(43))
      expect((await postJson(server.app, wrongToken, message)).status).toBe(403)
      // Team A's path with team B's token.
      const swapped = (url ?? '').replace(/[^/]+$/, (otherUrl ?? '').split('/').at(-1) ?? '')
      expect((await postJson(server.app, swapped, message)).status).toBe(403)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })

    it('a team that is not here reads as a bad signature, even correctly signed', async () => {
      const ghost = randomUUID()
      const params = twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT)
      expect((await postTwilio(server.app, ghost, params)).status).toBe(403)
      expect((await postTwilio(server.app, 'not-a-team', params)).status).toBe(403)
      expect((await postMeta(server.app, ghost, metaNotification(SMS_NUMBER, '1650', 'x'))).status).toBe(403)
      const handshake = await metaHandshake(server.app, ghost, {
        'hub.mode': 'subscribe',
        'hub.verify_token': PROVIDERS.metaVerifyToken,
        'hub.challenge': '42',
      })
      expect(handshake.status).toBe(403)
      expect(
        (
          await postAndroid(
            server.app,
            `/v1/inbox/${ghost}/android-sms-gateway/abcdefghijklmnopqrstuvwx`,
            androidEvent('1', 'x'),
          )
        ).status,
      ).toBe(403)
      expect((await postJson(server.app, `/v1/inbox/${ghost}/json/${'A'.repeat(43)}`, {})).status).toBe(403)
    })
  })

  it('a provider retrying a message: stored once, answered 200 each time', async () => {
    const { team, ben, urls } = await inboxTeam()
    const params = twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT)
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await postTwilio(server.app, team.teamId, params)).status).toBe(200)
    }
    const meta = metaNotification(WHATSAPP_NUMBER, '16505551234', INSTAGRAM_TEXT)
    expect((await postMeta(server.app, team.teamId, meta)).status).toBe(200)
    expect((await postMeta(server.app, team.teamId, meta)).status).toBe(200)
    const [url] = urls('json')
    const forwarded = { id: 'fwd-7', from: 'X', to: SMS_NUMBER, text: 'X code 246810' }
    expect((await postJson(server.app, url ?? '', forwarded)).status).toBe(200)
    expect((await postJson(server.app, url ?? '', forwarded)).status).toBe(200)
    expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(3)
    expect((await inboxOf(ben)).messages).toHaveLength(3)
  })

  it('a message to a number no client registered: 200 so it is not retried, not stored, counted per provider', async () => {
    const { team, urls } = await inboxTeam()
    const stranger = '+12025550199'
    expect(
      (await postTwilio(server.app, team.teamId, twilioParams(stranger, 'Instagram', INSTAGRAM_TEXT))).status,
    ).toBe(200)
    expect(
      (await postTwilio(server.app, team.teamId, twilioParams(stranger, 'Instagram', INSTAGRAM_TEXT))).status,
    ).toBe(200)
    expect((await postMeta(server.app, team.teamId, metaNotification(stranger, '1650555', 'x'))).status).toBe(
      200,
    )
    const [url] = urls('json')
    expect(
      (await postJson(server.app, url ?? '', { id: 'z', from: 'a', to: stranger, text: 'b' })).status,
    ).toBe(200)
    const line = `/v1/inbox/${team.teamId}/android-sms-gateway/abcdefghijklmnopqrstuvwx`
    expect((await postAndroid(server.app, line, androidEvent('1', 'x'))).status).toBe(200)
    expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    expect(await dropped(server.ownerUrl, team.teamId)).toEqual({
      twilio: 2,
      'meta-whatsapp': 1,
      json: 1,
      'android-sms-gateway': 1,
    })
  })

  it('expired messages are not handed out, and the next message sweeps them from the database', async () => {
    const { team, ben, urls } = await inboxTeam()
    const [url] = urls('json')
    server.clockAt = new Date(Date.now() - 25 * 3_600_000)
    try {
      expect(
        (await postJson(server.app, url ?? '', { id: 'old', from: 'a', to: SMS_NUMBER, text: 'old 111111' }))
          .status,
      ).toBe(200)
    } finally {
      server.clockAt = undefined
    }
    expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
    expect((await inboxOf(ben)).messages).toEqual([])
    expect(
      (await postJson(server.app, url ?? '', { id: 'new', from: 'a', to: SMS_NUMBER, text: 'new 222222' }))
        .status,
    ).toBe(200)
    expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
    const [message] = (await inboxOf(ben)).messages
    expect(Date.parse(message?.expiresAt ?? '') - Date.parse(message?.receivedAt ?? '')).toBe(24 * 3_600_000)
  })

  it('bodies over the limit: 413; text over the limit: 413; malformed posts: 400 — nothing stored', async () => {
    const { team, urls } = await inboxTeam()
    const [url] = urls('json')
    const huge = await postJson(server.app, url ?? '', {
      id: 'h',
      from: 'a',
      to: SMS_NUMBER,
      text: 'x'.repeat(MAX_WEBHOOK_BODY_BYTES),
    })
    expect(huge.status).toBe(413)
    const hugeTwilio = await postTwilio(
      server.app,
      team.teamId,
      twilioParams(SMS_NUMBER, 'a', 'x'.repeat(MAX_WEBHOOK_BODY_BYTES)),
    )
    expect(hugeTwilio.status).toBe(413)
    const long = 'y'.repeat(MAX_INBOX_TEXT_CHARS + 1)
    expect(
      (await postJson(server.app, url ?? '', { id: 'l', from: 'a', to: SMS_NUMBER, text: long })).status,
    ).toBe(413)
    expect((await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'a', long))).status).toBe(413)
    expect(
      (await postMeta(server.app, team.teamId, metaNotification(WHATSAPP_NUMBER, '1650', long))).status,
    ).toBe(413)

    expect((await postJson(server.app, url ?? '', '{not json')).status).toBe(400)
    expect((await postJson(server.app, url ?? '', { id: 'm', from: 'a', text: 'no to' })).status).toBe(400)
    expect(
      (await postJson(server.app, url ?? '', { id: 'm', from: 'a', to: '555-0123', text: 'local number' }))
        .status,
    ).toBe(400)
    const { To: _to, ...noTo } = twilioParams(SMS_NUMBER, 'a', 'b')
    expect((await postTwilio(server.app, team.teamId, noTo)).status).toBe(400)
    expect(
      (await postMeta(server.app, team.teamId, { object: 'whatsapp_business_account', entry: 'x' })).status,
    ).toBe(400)
    const [line] = urls('android-sms-gateway')
    expect(
      (await postAndroid(server.app, line ?? '', { id: 'e', event: 'sms:received', payload: {} })).status,
    ).toBe(400)
    expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
  })

  it('a member who does not hold the client gets neither its key nor its messages', async () => {
    const { team, cleo } = await inboxTeam()
    expect(
      (await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT)))
        .status,
    ).toBe(200)
    const answer = await inboxOf(cleo)
    expect(answer.keys).toEqual([])
    expect(answer.messages).toEqual([])
    // The owner holds every client.
    expect((await inboxOf(team.owner)).messages).toHaveLength(1)
  })
})

await describeOnEachPostgres('code inbox webhooks without provider secrets', (postgres) => {
  const server = useInboxServer(postgres, { providers: {} })

  it('answers 404 as for an unknown path where a provider has no secret; the JSON endpoint stays', async () => {
    const team = await createTeam(server)
    const params = twilioParams(SMS_NUMBER, 'Instagram', INSTAGRAM_TEXT)
    const twilio = await postTwilio(server.app, team.teamId, params)
    const unknown = await postJson(server.app, `/v1/inbox/${team.teamId}/nothing`, {})
    expect(twilio.status).toBe(404)
    expect(twilio.body).toBe(unknown.body)
    expect((await postMeta(server.app, team.teamId, metaNotification(SMS_NUMBER, '1', 'x'))).status).toBe(404)
    expect((await metaHandshake(server.app, team.teamId, { 'hub.mode': 'subscribe' })).status).toBe(404)
    expect(
      (
        await postAndroid(
          server.app,
          `/v1/inbox/${team.teamId}/android-sms-gateway/abcdefghijklmnopqrstuvwx`,
          androidEvent('1', 'x'),
        )
      ).status,
    ).toBe(404)
    const bakery = await shareClient(server, team.owner, 'Bakery', ['instagram'])
    const { answer } = await enableInbox(server.app, team.owner, bakery, [SMS_NUMBER])
    expect(answer.webhooks.map((hook) => hook.provider)).toEqual(['json'])
  })
})

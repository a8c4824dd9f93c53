import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTeam, shareClient } from '../api/team-harness.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import {
  enableInbox,
  metaNotification,
  openMessages,
  pathOf,
  postJson,
  postMeta,
  postTwilio,
  storedMessages,
  twilioParams,
  useInboxServer,
} from './inbox-harness.ts'

const SMS_NUMBER = '+14155550123'
const TEXT = '123 456 is your Instagram code.'
const WHATSAPP_NUMBER = '+447700900123'
const HOUR = 3_600_000

await describeOnEachPostgres('code inbox webhooks against crafted posts', (postgres) => {
  const server = useInboxServer(postgres)

  async function inboxTeam() {
    const team = await createTeam(server)
    const bakery = await shareClient(server, team.owner, 'Bakery', ['instagram'])
    const { inbox, answer } = await enableInbox(server.app, team.owner, bakery, [SMS_NUMBER, WHATSAPP_NUMBER])
    return { team, bakery, inbox, answer }
  }

  afterEach(() => {
    vi.restoreAllMocks()
  })

  describe('Twilio’s signature settings header', () => {
    it('an algorithm Twilio does not document: 403, and nothing of it reaches the console', async () => {
      const { team } = await inboxTeam()
      const warn = vi.spyOn(console, 'warn')
      const stderr = vi.spyOn(process.stderr, 'write')
      for (const settings of [
        'key=x,algorithm=HMAC_MD5 [forged log line] admin logged in',
        `algorithm=${'A'.repeat(4_000)}`,
      ]) {
        const posted = await postTwilio(
          server.app,
          team.teamId,
          twilioParams(SMS_NUMBER, 'Instagram', TEXT),
          {
            settings,
          },
        )
        expect(posted.status).toBe(403)
      }
      expect(warn).not.toHaveBeenCalled()
      expect(stderr).not.toHaveBeenCalled()
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })

    it('the documented HMAC_SHA256 (SharedKey webhooks) and the default HMAC_SHA1 are still accepted', async () => {
      const { team } = await inboxTeam()
      const sha256 = await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'Instagram', TEXT), {
        algorithm: 'HMAC_SHA256',
      })
      expect(sha256.status).toBe(200)
      const sha1 = await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'Instagram', TEXT), {
        algorithm: 'HMAC_SHA1',
      })
      expect(sha1.status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(2)
    })
  })

  describe('the provider’s own time is believed only near the server’s clock', () => {
    async function receivedTimes(team: Awaited<ReturnType<typeof inboxTeam>>) {
      const answer = await team.team.owner.call(server.app, 'team:inbox', { query: { since: 0 } })
      expect(answer.status).toBe(200)
      const opened = await openMessages(answer.body, team.team.teamId, team.inbox.privateKey)
      return opened.map((message) => [message.body, message.receivedAt])
    }

    it('a forwarder’s time far ahead, far back, past year 9999 or unreadable becomes the server’s; close by is kept', async () => {
      const team = await inboxTeam()
      const json = pathOf(team.answer.webhooks.find((hook) => hook.provider === 'json')?.url ?? '')
      // The server's clock, held still while the posts arrive.
      const now = new Date(Math.floor(Date.now() / 1000) * 1000)
      server.clockAt = now
      try {
        const cases: [string, string][] = [
          ['future', new Date(now.getTime() + 24 * HOUR).toISOString()],
          ['past', new Date(now.getTime() - 48 * HOUR).toISOString()],
          ['year 10000', '+010000-01-01T00:00:00.000Z'],
          ['year 10000 plain', '10000-01-01T00:00:00Z'],
          ['garbage', 'yesterday, around noon'],
          ['ten minutes ago', new Date(now.getTime() - 10 * 60_000).toISOString()],
          ['two minutes ahead', new Date(now.getTime() + 2 * 60_000).toISOString()],
        ]
        for (const [text, receivedAt] of cases) {
          const posted = await postJson(server.app, json, {
            id: text,
            from: 'a',
            to: SMS_NUMBER,
            text,
            receivedAt,
          })
          expect(posted.status).toBe(200)
        }
      } finally {
        server.clockAt = undefined
      }
      expect(await receivedTimes(team)).toEqual([
        ['future', now.toISOString()],
        ['past', now.toISOString()],
        ['year 10000', now.toISOString()],
        ['year 10000 plain', now.toISOString()],
        ['garbage', now.toISOString()],
        ['ten minutes ago', new Date(now.getTime() - 10 * 60_000).toISOString()],
        ['two minutes ahead', new Date(now.getTime() + 2 * 60_000).toISOString()],
      ])
    })

    it('Meta’s timestamp in year 10000 or an hour ahead: stored with the server’s time, never a 500', async () => {
      const team = await inboxTeam()
      const before = Date.now()
      for (const [text, timestamp] of [
        ['year 10000', '253402300800'],
        ['an hour ahead', String(Math.floor(before / 1000) + 3_600)],
        ['huge', '1e30'],
      ] as const) {
        const posted = await postMeta(
          server.app,
          team.team.teamId,
          metaNotification(WHATSAPP_NUMBER, '16505551234', text, undefined, timestamp),
        )
        expect(posted.status).toBe(200)
      }
      const times = await receivedTimes(team)
      expect(times.map(([text]) => text)).toEqual(['year 10000', 'an hour ahead', 'huge'])
      for (const [, receivedAt] of times) {
        expect(Date.parse(receivedAt ?? '')).toBeGreaterThanOrEqual(before - 1_000)
        expect(Date.parse(receivedAt ?? '')).toBeLessThanOrEqual(Date.now())
      }
    })
  })

  describe('a captured signed post replayed later', () => {
    it('after its message expired and was swept: answered 200, not stored again', async () => {
      const { team } = await inboxTeam()
      const captured = twilioParams(SMS_NUMBER, 'Instagram', TEXT)
      server.clockAt = new Date(Date.now() - 25 * HOUR)
      try {
        expect((await postTwilio(server.app, team.teamId, captured)).status).toBe(200)
      } finally {
        server.clockAt = undefined
      }
      // A later message sweeps the expired one from the database.
      const later = await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'TikTok', '555 111'))
      expect(later.status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)

      const replayed = await postTwilio(server.app, team.teamId, captured)
      expect(replayed.status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
      const answer = await team.owner.call(server.app, 'team:inbox', { query: { since: 0 } })
      expect(answer.status).toBe(200)
      expect(answer.body.messages).toHaveLength(1)
    })
  })

  describe('expired messages leave the database whatever the next post is', () => {
    async function teamWithExpiredMessage() {
      const team = await inboxTeam()
      const old = twilioParams(SMS_NUMBER, 'Instagram', TEXT)
      server.clockAt = new Date(Date.now() - 25 * HOUR)
      try {
        expect((await postTwilio(server.app, team.team.teamId, old)).status).toBe(200)
      } finally {
        server.clockAt = undefined
      }
      expect(await storedMessages(server.ownerUrl, team.team.teamId)).toBe(1)
      return { ...team, old }
    }

    it('a provider retrying a message already received sweeps them', async () => {
      const { team, old } = await teamWithExpiredMessage()
      expect((await postTwilio(server.app, team.teamId, old)).status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })

    it('a message to a number no client registered sweeps them', async () => {
      const { team } = await teamWithExpiredMessage()
      const stranger = twilioParams('+12025550199', 'Instagram', TEXT)
      expect((await postTwilio(server.app, team.teamId, stranger)).status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(0)
    })
  })
})

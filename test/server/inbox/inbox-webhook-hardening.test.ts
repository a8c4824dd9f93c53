import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTeam, shareClient } from '../api/team-harness.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { enableInbox, postTwilio, storedMessages, twilioParams, useInboxServer } from './inbox-harness.ts'

const SMS_NUMBER = '+14155550123'
const TEXT = '123 456 is your Instagram code.'

await describeOnEachPostgres('code inbox webhooks against crafted posts', (postgres) => {
  const server = useInboxServer(postgres)

  async function inboxTeam() {
    const team = await createTeam(server)
    const bakery = await shareClient(server, team.owner, 'Bakery', ['instagram'])
    const { inbox, answer } = await enableInbox(server.app, team.owner, bakery, [SMS_NUMBER])
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
})

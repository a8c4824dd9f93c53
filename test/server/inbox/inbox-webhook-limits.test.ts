import { describe, expect, it } from 'vitest'
import { createTeam, shareClient } from '../api/team-harness.ts'
import { describeOnEachPostgres } from '../../support/postgres.ts'
import { enableInbox, postTwilio, storedMessages, twilioParams, useInboxServer } from './inbox-harness.ts'

const SMS_NUMBER = '+14155550123'
const TEXT = '123 456 is your Instagram code.'

await describeOnEachPostgres('code inbox webhook rate limits', (postgres) => {
  const server = useInboxServer(postgres, {
    webhooksPerTeamPerMinute: 3,
    webhookRefusalsPerAddressPerMinute: 5,
  })

  async function inboxTeam() {
    const team = await createTeam(server)
    const bakery = await shareClient(server, team.owner, 'Bakery', ['instagram'])
    await enableInbox(server.app, team.owner, bakery, [SMS_NUMBER])
    return team
  }

  describe('unsigned junk cannot use up a team’s budget', () => {
    it('after many unsigned posts to the team’s URL, Twilio’s signed post is still stored', async () => {
      const team = await inboxTeam()
      const statuses: number[] = []
      for (let post = 0; post < 12; post++) {
        const junk = twilioParams(SMS_NUMBER, 'Mallory', 'junk')
        statuses.push(
          (await postTwilio(server.app, team.teamId, junk, { signature: 'bm90IHNpZ25lZA' })).status,
        )
      }
      // Refused posts spend their sender's own budget: 403 until it is used up, then 429.
      expect(statuses).toEqual([...Array<number>(5).fill(403), ...Array<number>(7).fill(429)])

      const real = await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'Instagram', TEXT))
      expect(real.status).toBe(200)
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(1)
    })

    it('verified posts still spend the team’s budget: the fourth in a minute gets 429, not stored', async () => {
      const team = await inboxTeam()
      const answers: number[] = []
      for (let post = 0; post < 4; post++) {
        answers.push(
          (await postTwilio(server.app, team.teamId, twilioParams(SMS_NUMBER, 'Instagram', TEXT))).status,
        )
      }
      expect(answers).toEqual([200, 200, 200, 429])
      expect(await storedMessages(server.ownerUrl, team.teamId)).toBe(3)
    })
  })
})

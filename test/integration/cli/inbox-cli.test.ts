import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresFlavourAvailable } from '../../support/postgres.ts'
import { startTeamLab, type TeamLab } from '../team/team-lab.ts'
import { cliDevices, formCliTeam, type CliDevice, type CliDevices } from './team-cli.ts'

// The code inbox as people type it: Ana enables Acme's inbox and gets one `<provider>: <URL>` line per
// provider; a forwarder app posts an SMS to the json URL; Ben, who holds Acme, reads the code with
// `twofold inbox`, and showing it is recorded in the team's audit log. Ana checks the inbox's status
// (and what was dropped for an unregistered number), turns it off, and rotates the json URL. Real CLI
// processes, real server.

const ACME_NUMBER = '+14155550101'
const UNREGISTERED = '+14155550999'

interface InboxLine {
  account: string | null
  platform: string | null
  channel: string
  code: string
  receivedAt: string
  from: string
}

interface InboxStatusJson {
  retentionHours: number
  clients: { name: string; numbers: number; messages: number; lastReceivedAt: string | null }[]
  dropped: { provider: string; count: number; lastAt: string }[]
}

/** An Instagram account of Acme whose SMS codes go to Acme's inbox number. */
async function addAcmeInstagram(device: CliDevice, handle: string, secret: string): Promise<void> {
  await device.json(
    [
      'add',
      '--platform',
      'instagram',
      '--secret-stdin',
      '--handle',
      handle,
      '--client',
      'Acme',
      '--sms',
      ACME_NUMBER,
    ],
    `${secret}\n`,
  )
}

const available = await postgresFlavourAvailable('embedded')

describe.skipIf(!available)(
  'twofold team inbox enable / twofold inbox',
  // Each step spawns CLI processes, each deriving its vault key: slow on a busy 2-core runner.
  { timeout: 120_000 },
  () => {
    let lab: TeamLab
    let devices: CliDevices
    let ana: CliDevice
    let ben: CliDevice

    beforeAll(async () => {
      lab = await startTeamLab()
      devices = cliDevices()
      ;[ana, ben] = await Promise.all([devices.device('ana'), devices.device('ben')])
      await addAcmeInstagram(ana, 'acme.shop', 'GEZDGNBVGY3TQOJQGEZDGNBV')
      await formCliTeam(lab, ana, ben, { shared: ['Acme'], granted: ['Acme'] })
    }, 240_000)
    afterAll(async () => {
      devices?.dispose()
      await lab?.close()
    }, 60_000)

    let jsonUrl = ''

    it('enable prints one line per provider’s webhook URL and how many numbers it registered', async () => {
      const enabled = await ana.run(['team', 'inbox', 'enable', 'Acme', '--retention-hours', '12'])
      expect(enabled.stderr).toBe('')
      expect(enabled.status).toBe(0)
      const lines = enabled.stdout.trim().split('\n')
      const json = lines.find((line) => line.startsWith('json: '))
      expect(json).toMatch(/^json: http:\/\/127\.0\.0\.1:\d+\/v1\/inbox\/[0-9a-f-]+\/json\/\S+$/)
      jsonUrl = json?.slice('json: '.length) ?? ''
      expect(lines.at(-1)).toBe('1 number(s) of Acme registered; messages are kept 12 h.')
    })

    it('refuses a member in one line', async () => {
      const refused = await ben.run(['team', 'inbox', 'enable', 'Acme'])
      expect(refused.status).not.toBe(0)
      expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    })

    it('shows the holder the code, on its account, and the team’s audit log records it', async () => {
      const posted = await fetch(jsonUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'forwarded-1',
          from: 'Instagram',
          to: ACME_NUMBER,
          text: '381 946 is your Instagram code. Don’t share it.',
        }),
      })
      expect(posted.status).toBeLessThan(300)

      const codes = await ben.json<InboxLine[]>(['inbox'])
      expect(codes).toEqual([
        {
          account: 'acme.shop',
          platform: 'instagram',
          channel: 'sms',
          code: '381946',
          receivedAt: expect.any(String) as unknown,
          from: 'Instagram',
        },
      ])
      const filtered = await ben.json<InboxLine[]>(['inbox', '--account', 'acme'])
      expect(filtered.map((line) => line.code)).toEqual(['381946'])

      const human = await ben.run(['inbox'])
      expect(human.status).toBe(0)
      expect(human.stdout).toMatch(
        /^SMS code 381 946 · \d+ (s|min) ago · @acme\.shop \(Instagram\) · from Instagram\n$/,
      )

      const audit = await ana.json<{ entries: { kind: string; reported: boolean }[] }>(['team', 'audit'])
      expect(audit.entries.filter((entry) => entry.kind === 'inbox-code-copied').length).toBeGreaterThan(0)
    })

    it('names both accounts instead of guessing when the number protects two of them', async () => {
      await addAcmeInstagram(ana, 'acme.backup', 'MFRGGZDFMZTWQ2LKMFRGGZDF')
      await ana.json(['team', 'sync'])
      const posted = await fetch(jsonUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: 'forwarded-2',
          from: 'Instagram',
          to: ACME_NUMBER,
          text: '502 117 is your Instagram code. Don’t share it.',
        }),
      })
      expect(posted.status).toBeLessThan(300)

      const [newest] = await ben.json<(InboxLine & { sharedPhone?: string[] })[]>(['inbox'])
      expect(newest).toMatchObject({ account: null, code: '502117', channel: 'sms' })
      expect(newest?.sharedPhone?.sort()).toEqual(['acme.backup', 'acme.shop'])
      const human = (await ben.run(['inbox'])).stdout.split('\n')[0]
      expect(human).toContain('SMS code 502 117')
      expect(human).toContain(`shared number ${ACME_NUMBER}: one of`)
    })

    /** A forwarder app's post to the json URL. */
    async function forward(id: string, to: string) {
      const posted = await fetch(jsonUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, from: 'Instagram', to, text: '118 224 is your Instagram code.' }),
      })
      expect(posted.status).toBeLessThan(300)
    }

    it('status shows each client’s numbers and kept messages, and the messages dropped for an unregistered number', async () => {
      await forward('unregistered-1', UNREGISTERED)
      await forward('unregistered-2', UNREGISTERED)
      const status = await ana.json<InboxStatusJson>(['team', 'inbox', 'status'])
      expect(status.retentionHours).toBe(12)
      expect(status.clients).toMatchObject([{ name: 'Acme', numbers: 1, messages: 2 }])
      expect(status.dropped).toMatchObject([{ provider: 'json', count: 2 }])

      const human = await ana.run(['team', 'inbox', 'status'])
      expect(human.status).toBe(0)
      const lines = human.stdout.trim().split('\n')
      expect(lines[0]).toMatch(/^Acme: 1 number\(s\), 2 message\(s\) kept, last at \S+Z \(\d+ (s|min) ago\)$/)
      expect(lines[1]).toBe('Messages are kept 12 h.')
      expect(lines[2]).toMatch(/^2 message\(s\) to unregistered numbers dropped \(json 2\), last at \S+Z: /)
      expect(human.stdout).not.toContain('4155550')

      const refused = await ben.run(['team', 'inbox', 'status'])
      expect(refused.status).not.toBe(0)
      expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    })

    it('disable turns Acme’s inbox off without asking: nothing of it is kept, and its number’s messages are dropped', async () => {
      const disabled = await ana.run(['team', 'inbox', 'disable', 'Acme'])
      expect(disabled.stderr).toBe('')
      expect(disabled.status).toBe(0)
      expect(disabled.stdout.split('\n')[0]).toBe(
        'Acme’s code inbox is off: 1 number(s) unregistered, 2 stored message(s) deleted.',
      )
      expect(await ben.json<InboxLine[]>(['inbox'])).toEqual([])

      await forward('after-disable', ACME_NUMBER)
      const status = await ana.json<InboxStatusJson>(['team', 'inbox', 'status'])
      expect(status.clients).toEqual([])
      expect(status.dropped).toMatchObject([{ provider: 'json', count: 3 }])

      const again = await ana.run(['team', 'inbox', 'disable', 'Acme'])
      expect(again.status).not.toBe(0)
      expect(again.stderr).toContain('Acme has no code inbox to turn off.')
    })

    it('rotate-token prints the new json URL and ends the old one at once', async () => {
      const rotated = await ana.run(['team', 'inbox', 'rotate-token'])
      expect(rotated.stderr).toBe('')
      expect(rotated.status).toBe(0)
      const [json, note] = rotated.stdout.trim().split('\n')
      expect(json).toMatch(/^json: http:\/\/127\.0\.0\.1:\d+\/v1\/inbox\/[0-9a-f-]+\/json\/\S+$/)
      expect(note).toContain('old json URL stops working now')
      const post = (url: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id: 'after-rotation', from: 'Instagram', to: ACME_NUMBER, text: 'code 1' }),
        })
      expect((await post(jsonUrl)).status).toBe(403)
      expect((await post(json?.slice('json: '.length) ?? '')).status).toBe(200)
    })
  },
)

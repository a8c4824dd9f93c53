import { performance } from 'node:perf_hooks'
import type { Backend } from '../electron/core/app-backend.ts'
import type { InboxEntry } from '../electron/core/inbox/inbox-entry.ts'
import { postgresFlavourAvailable } from '../test/support/postgres.ts'
import { vaultWorkspace } from '../test/support/vault-workspace.ts'
import { amount, notMeasured, round, type Figure } from './figures.ts'
import { startTeamServer } from './team-server.ts'

const CLIENT = 'Acme (bench inbox)'
const NUMBER = '+14155550142'
/** Devices following the team with live sync, each holding the client: the owner and 19 members. */
const CONNECTED = 20
/** Webhooks posted one after another, each timed until every device showed its code. */
const TIMED_WEBHOOKS = 20
const SHOWN_TARGET_MS = 1_000
/** Webhooks posted as fast as the server takes them, this many in flight at once. */
const BURST_WEBHOOKS = 300
const IN_FLIGHT = 20
const WAIT_MS = 60_000

const NAMES = {
  shown: `inbox: a webhook's code shown on the holders' devices, ${CONNECTED} connected (p95)`,
  accepted: 'inbox: webhooks per second the server accepts',
}

/**
 * The code inbox figures of issue 17, against twofold-server in its own process on an embedded
 * PostgreSQL. Devices are real vaults in this process running the app's own live sync (TeamService
 * .startLive) and listening with onInboxChanged, as the app does; a forwarder app's JSON webhook stands
 * for the provider (each provider's route differs only in how it checks its signature).
 */
export async function inboxFigures(): Promise<{ figures: Figure[] }> {
  if (!(await postgresFlavourAvailable('embedded'))) {
    const why = 'the embedded PostgreSQL binaries are not installed (npm ci)'
    return {
      figures: [
        notMeasured(NAMES.shown, 'ms', SHOWN_TARGET_MS, why),
        notMeasured(NAMES.accepted, 'webhooks/s', null, why),
      ],
    }
  }
  const server = await startTeamServer()
  const workspace = vaultWorkspace()
  const devices: Backend[] = []
  try {
    const device = async (name: string) => (await workspace.createVault(name)).backend
    const owner = await device('owner')
    owner.editing.add({
      platform: 'instagram',
      handle: 'acme.bench',
      clientName: CLIENT,
      sms: NUMBER,
      authenticator: {
        source: 'manual',
        secret: 'JBSWY3DPEHPK3PXP',
        type: 'totp',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    })
    await owner.team.create({
      server: server.url,
      setupCode: await server.setupCode(),
      teamName: 'Bench agency',
      memberName: 'Owner',
    })
    await owner.team.share(CLIENT)
    devices.push(owner)
    for (let index = 1; index < CONNECTED; index++) {
      const member = await device(`member-${index}`)
      const { code } = await owner.team.invite({ name: `Member ${index}`, clientNames: [CLIENT] })
      await member.team.join({ code })
      devices.push(member)
    }
    await owner.team.sync()
    for (const member of devices.slice(1)) await member.team.sync()
    const enabled = await owner.team.enableInbox(CLIENT)
    const url = enabled.webhooks.find((webhook) => webhook.provider === 'json')?.url
    if (!url) throw new Error('the server gave no json webhook URL')

    const heard = new Map<Backend, Map<string, number>>()
    for (const backend of devices) {
      const seen = new Map<string, number>()
      heard.set(backend, seen)
      backend.team.onInboxChanged((fresh) => {
        const at = performance.now()
        for (const entry of fresh) if (entry.code && !seen.has(entry.code)) seen.set(entry.code, at)
      })
      backend.team.startLive({ minDelayMs: 200, maxDelayMs: 2_000 })
    }
    await until(() => devices.every((backend) => backend.team.liveState()?.phase === 'connected'))
    progress(`${CONNECTED} devices following live; timing webhooks`)

    let sent = 0
    const post = async (code: string) => {
      sent += 1
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `bench-${sent}`,
          from: 'Instagram',
          to: NUMBER,
          text: `${code} is your Instagram code. Don't share it.`,
        }),
      })
      await response.arrayBuffer()
      return response.status
    }

    const samples: number[] = []
    for (let run = 0; run < TIMED_WEBHOOKS; run++) {
      const code = String(100_000 + run * 7_919)
      const started = performance.now()
      const status = await post(code)
      if (status >= 300) throw new Error(`the webhook answered ${status}`)
      await until(() => devices.every((backend) => heard.get(backend)?.has(code)))
      for (const backend of devices) samples.push((heard.get(backend)?.get(code) ?? NaN) - started)
    }
    const check = matchedOnEveryDevice(devices, await Promise.all(devices.map((each) => each.team.inbox())))
    progress(`timed; ${check}; a burst of ${BURST_WEBHOOKS}`)

    const cpuBefore = server.cpuSeconds()
    const burstStarted = performance.now()
    let accepted = 0
    let refused = 0
    let next = 0
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < BURST_WEBHOOKS) {
          const index = next++
          const status = await post(String(500_000 + index))
          if (status < 300) accepted++
          else refused++
        }
      }),
    )
    const burstSeconds = (performance.now() - burstStarted) / 1000
    const serverCpu = server.cpuSeconds() - cpuBefore
    // Every device catches up with the burst before the bench stops them.
    await until(() =>
      devices.every((backend) => (heard.get(backend)?.size ?? 0) >= TIMED_WEBHOOKS + accepted),
    )

    const sorted = [...samples].sort((a, b) => a - b)
    const percentile = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN
    return {
      figures: [
        amount(NAMES.shown, percentile(0.95), 'ms', SHOWN_TARGET_MS, {
          runs: sorted.length,
          min: round(sorted[0] ?? NaN),
          max: round(sorted.at(-1) ?? NaN),
          parts: { median: round(percentile(0.5)) },
          measures: `${TIMED_WEBHOOKS} JSON webhooks posted one after another to the team's URL, each until all ${CONNECTED} devices holding the client were told of its code: webhook → the server seals it to the client's inbox key and stores it → event stream → each device's live sync (TeamService.sync, then team:inbox) → opened, code extracted, matched → onInboxChanged`,
          note: `all ${CONNECTED} devices run in the bench's one Node process, so their syncs and fetches queue behind each other; each on its own computer would not`,
        }),
        amount(NAMES.accepted, accepted / burstSeconds, 'webhooks/s', null, {
          measures: `${BURST_WEBHOOKS} JSON webhooks for one number, ${IN_FLIGHT} in flight at once, each sealed (HPKE) and stored in its own transaction; the ${CONNECTED} devices following live and fetching meanwhile`,
          parts: {
            accepted,
            refused,
            seconds: round(burstSeconds),
            'server CPU seconds': round(serverCpu),
          },
        }),
      ],
    }
  } finally {
    for (const backend of devices) await backend.team.stopLive()
    await workspace.dispose()
    await server.stop()
  }
}

/** Every device matched the codes to the one account that has the number: a wrong match fails the bench. */
function matchedOnEveryDevice(devices: readonly Backend[], inboxes: readonly InboxEntry[][]): string {
  for (const [index, entries] of inboxes.entries()) {
    const wrong = entries.filter((entry) => entry.match.kind !== 'account')
    if (entries.length < TIMED_WEBHOOKS || wrong.length > 0)
      throw new Error(
        `device ${index} of ${devices.length}: ${entries.length} entries, ${wrong.length} unmatched`,
      )
  }
  return `every device matched all ${TIMED_WEBHOOKS} codes to the account`
}

async function until(done: () => boolean): Promise<void> {
  const deadline = performance.now() + WAIT_MS
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${WAIT_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const begun = performance.now()
function progress(what: string): void {
  console.log(`  ${((performance.now() - begun) / 1000).toFixed(0).padStart(4)} s  ${what}`)
}

import { performance } from 'node:perf_hooks'
import type { Backend } from '../electron/core/app-backend.ts'
import { isTwofoldError } from '../electron/core/errors.ts'
import { seedAccounts, type SeedAccount } from '../test/harness/seed-vault.ts'
import { postgresFlavourAvailable } from '../test/support/postgres.ts'
import { vaultWorkspace } from '../test/support/vault-workspace.ts'
import { amount, notMeasured, round, timed, type Figure } from './figures.ts'
import { stopwatch, summarise } from './measure.ts'
import { ACCOUNT_COUNT, agencyAccounts } from './seed-10k.ts'
import { follow, type FollowingDevice } from './team-events.ts'
import { startTeamServer, type BenchTeamServer } from './team-server.ts'

const BIG_CLIENT = 'Northwind (bench)'
const SMALL_CLIENT = 'Lumen (bench)'
const SMALL_ACCOUNTS = 30
const FIRST_SYNC_TARGET_MS = 10_000
/** One new member: on this machine a first sync of 10,000 accounts takes minutes (see the report). */
const FIRST_SYNC_RUNS = 1
/** Devices holding an open event stream: the owner and 19 members. */
const CONNECTED = 20
const EDITS = 20
const EDIT_TARGET_MS = 1_000
const CLAIM_SETS = 10
const CODES_PER_SET = 100
const WAIT_MS = 60_000

const NAMES = {
  firstSync: `team: a new member's first sync, one client of ${ACCOUNT_COUNT.toLocaleString('en')} accounts`,
  share: `team: sharing a client of ${ACCOUNT_COUNT.toLocaleString('en')} accounts (owner)`,
  edit: `team: an edit shown on the other devices, ${CONNECTED} connected (p95)`,
  claims: `team: backup-code claims per second, ${CONNECTED} devices at once`,
  memory: `team: server memory (RSS), ${CONNECTED} devices connected`,
}

/**
 * The team figures of issue 15, against twofold-server in a process of its own on an embedded
 * PostgreSQL; devices are real vault files (in-memory keychain) in this process, so device-side work
 * shares the bench's two cores with the server and PostgreSQL — figures a deployment would beat.
 */
export async function teamFigures(): Promise<{ figures: Figure[] }> {
  if (!(await postgresFlavourAvailable('embedded'))) {
    const why = 'the embedded PostgreSQL binaries are not installed (npm ci)'
    return {
      figures: [
        notMeasured(NAMES.firstSync, 'ms', FIRST_SYNC_TARGET_MS, why),
        notMeasured(NAMES.edit, 'ms', EDIT_TARGET_MS, why),
        notMeasured(NAMES.claims, 'claims/s', null, why),
        notMeasured(NAMES.memory, 'MiB', null, why),
      ],
    }
  }
  const server = await startTeamServer()
  const workspace = vaultWorkspace()
  const following: FollowingDevice[] = []
  try {
    const idle = server.memory()
    const device = async (name: string) => (await workspace.createVault(name)).backend
    const owner = await device('owner')
    seedAccounts(
      owner,
      agencyAccounts().map((account) => ({ ...account.request, clientName: BIG_CLIENT })),
    )
    const smallIds = seedAccounts(owner, smallClientAccounts()).map((account) => account.id)
    await owner.team.create({
      server: server.url,
      setupCode: await server.setupCode(),
      teamName: 'Bench agency',
      memberName: 'Owner',
    })
    progress('owner seeded; sharing the big client')
    const share = stopwatch()
    await owner.team.share(BIG_CLIENT)
    const shared = share()
    await owner.team.share(SMALL_CLIENT)
    progress(`shared in ${round(shared.wall / 1000)} s; first syncs`)

    const firstSync = await timeFirstSyncs(owner, device)

    const members: Backend[] = []
    for (let index = 1; index < CONNECTED; index++) {
      const member = await device(`member-${index}`)
      const { code } = await owner.team.invite({ name: `Member ${index}`, clientNames: [SMALL_CLIENT] })
      await member.team.join({ code })
      members.push(member)
    }
    await owner.team.sync()
    for (const member of members) await member.team.sync()
    for (const backend of [owner, ...members]) following.push(await follow(server.url, backend))
    const connected = server.memory()
    progress(`${CONNECTED} devices connected; edits`)

    const edits = await timeEdits(following, smallIds)
    progress('claims')
    const claims = await timeClaims(server, following, smallIds.slice(0, CLAIM_SETS))
    const after = server.memory()
    const sorted = [...edits].sort((a, b) => a - b)
    const percentile = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN

    return {
      figures: [
        timed(NAMES.firstSync, firstSync, FIRST_SYNC_TARGET_MS, {
          measures: `TeamService.sync on a new member's empty vault once its join is confirmed: ${ACCOUNT_COUNT.toLocaleString('en')} sealed records pulled (pages of 2,000), opened (AES-256-GCM) and written as accounts; a new member each run; cpu = the device's own`,
        }),
        timed(NAMES.share, summarise([shared.wall], [shared.cpu]), null, {
          measures:
            'TeamService.share: every account read, sealed and sent in one team:share-client request (once, before the other figures)',
        }),
        amount(NAMES.edit, percentile(0.95), 'ms', EDIT_TARGET_MS, {
          runs: sorted.length,
          min: round(sorted[0] ?? NaN),
          max: round(sorted.at(-1) ?? NaN),
          parts: { median: round(percentile(0.5)) },
          measures: `${EDITS} edits of an account's notes on the owner, each until all ${CONNECTED - 1} other devices hold it: local edit → sync (push) → the server's event stream → each device's TeamService.sync (pull) → the note in its vault. The app does not follow the stream yet: the bench does, as bench/team-events.ts`,
          note: `all ${CONNECTED} devices run in the bench's one Node process, so their pulls queue behind each other; each on its own computer would not`,
        }),
        amount(NAMES.claims, claims.perSecond, 'claims/s', null, {
          measures: `${CONNECTED} devices calling TeamService.useNextBackupCode at once, one after another, on ${CLAIM_SETS} accounts' sets of ${CODES_PER_SET} (each device starting on a different one) until every code was handed out; each claim one server transaction (FOR UPDATE SKIP LOCKED), every device following the event stream meanwhile`,
          parts: {
            'codes handed out': claims.handed,
            'refusals (set used up)': claims.refusals,
            seconds: round(claims.seconds),
            'server CPU seconds': round(claims.serverCpu),
          },
        }),
        amount(NAMES.memory, connected.rss, 'MiB', null, {
          measures: `VmRSS of the twofold-server process (${server.script}) with ${CONNECTED} event streams open, after the devices joined and synced`,
          parts: {
            'started, no team yet (MiB)': round(idle.rss),
            'after the edits and claims (MiB)': round(after.rss),
            'peak over the run, VmHWM (MiB)': round(after.peak),
          },
        }),
      ],
    }
  } finally {
    for (const device of following) device.close()
    await workspace.dispose()
    await server.stop()
  }
}

/** A new member each run: invited with the big client, joined, confirmed by the owner, then timed. */
async function timeFirstSyncs(owner: Backend, device: (name: string) => Promise<Backend>) {
  const times: number[] = []
  const cpu: number[] = []
  for (let run = 0; run < FIRST_SYNC_RUNS; run++) {
    const member = await device(`new-member-${run}`)
    const { code } = await owner.team.invite({ name: `New member ${run}`, clientNames: [BIG_CLIENT] })
    await member.team.join({ code })
    await owner.team.sync()
    progress(`new member ${run} confirmed; its first sync`)
    const stop = stopwatch()
    const result = await member.team.sync()
    const elapsed = stop()
    progress(`first sync ${round(elapsed.wall / 1000)} s`)
    const held = member.queries.count()
    if (held !== ACCOUNT_COUNT || result.pulled < ACCOUNT_COUNT)
      throw new Error(`a new member's first sync gave ${held} accounts (${result.pulled} pulled)`)
    times.push(elapsed.wall)
    cpu.push(elapsed.cpu)
    member.close()
  }
  return summarise(times, cpu)
}

/** Milliseconds from each edit on the owner to each other device holding it, one sample per device. */
async function timeEdits(following: readonly FollowingDevice[], accountIds: readonly string[]) {
  const [editor, ...receivers] = following as [FollowingDevice, ...FollowingDevice[]]
  const samples: number[] = []
  for (let edit = 0; edit < EDITS; edit++) {
    const accountId = accountIds[edit % accountIds.length] as string
    const note = `bench edit ${edit}`
    const seen = new Map<FollowingDevice, number>()
    const everyone = new Promise<void>((resolve) => {
      for (const receiver of receivers) {
        receiver.afterSync = () => {
          if (seen.has(receiver) || receiver.backend.queries.get(accountId).notes !== note) return
          seen.set(receiver, performance.now())
          if (seen.size === receivers.length) resolve()
        }
      }
    })
    const started = performance.now()
    editor.backend.editing.update(accountId, { notes: note })
    await editor.sync()
    await within(everyone, () => `edit ${edit} reached ${seen.size} of ${receivers.length} devices`)
    for (const at of seen.values()) samples.push(at - started)
    for (const receiver of receivers) receiver.afterSync = null
    await Promise.all(following.map((device) => device.settled()))
  }
  return samples
}

async function timeClaims(
  server: BenchTeamServer,
  following: readonly FollowingDevice[],
  accountIds: string[],
) {
  const owner = following[0] as FollowingDevice
  for (const [set, accountId] of accountIds.entries()) {
    const codes = Array.from({ length: CODES_PER_SET }, (_, index) =>
      String(10_000_000 + set * CODES_PER_SET + index),
    )
    await owner.backend.team.setBackupCodes(accountId, codes.join('\n'))
  }
  // Every device holds the sets before the clock starts.
  for (const device of following) await device.sync()
  const handed = new Set<string>()
  let claims = 0
  let refusals = 0
  const cpuBefore = server.cpuSeconds()
  const started = performance.now()
  await Promise.all(
    following.map(async (device, index) => {
      for (let offset = 0; offset < accountIds.length; offset++) {
        const accountId = accountIds[(index + offset) % accountIds.length] as string
        for (;;) {
          try {
            handed.add((await device.backend.team.useNextBackupCode(accountId)).code)
            claims++
          } catch (error) {
            if (!isTwofoldError(error, 'no-backup-codes')) throw error
            refusals++
            break
          }
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const serverCpu = server.cpuSeconds() - cpuBefore
  const total = accountIds.length * CODES_PER_SET
  if (claims !== total || handed.size !== total)
    throw new Error(`${claims} claims gave ${handed.size} distinct codes of ${total}`)
  await Promise.all(following.map((device) => device.settled()))
  return { perSecond: claims / seconds, handed: claims, refusals, seconds, serverCpu }
}

function smallClientAccounts(): SeedAccount[] {
  return Array.from({ length: SMALL_ACCOUNTS }, (_, index) => ({
    platform: 'instagram',
    handle: `lumen.bench.${index}`,
    clientName: SMALL_CLIENT,
    authenticator: {
      source: 'manual',
      // A secret of its own each (base32's 32 letters), so no "saved twice" flags.
      secret: `JBSWY3DPEHPK3PX${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[index % 32]}`,
      type: 'totp',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
  }))
}

async function within(work: Promise<void>, what: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS / 1000} s`)), WAIT_MS)
  })
  try {
    await Promise.race([work, timeout])
  } catch (error) {
    throw new Error(`${what()}: ${(error as Error).message}`, { cause: error })
  } finally {
    clearTimeout(timer)
  }
}

const begun = performance.now()
function progress(what: string): void {
  console.log(`  ${((performance.now() - begun) / 1000).toFixed(0).padStart(4)} s  ${what}`)
}

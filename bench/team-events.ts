import { request as httpRequest, type IncomingMessage } from 'node:http'
import type { Backend } from '../electron/core/app-backend.ts'
import { signRequestToken } from '../electron/core/team/crypto/request-token.ts'
import { TeamStore } from '../electron/core/team/team-store.ts'
import { TEAM_EVENTS_PATH, teamChangedEventSchema } from '../shared/team/team-api.ts'

/**
 * A device following the team: its event stream (GET /v1/teams/:team/events, signed with the device's
 * key as the app signs every request) and, on each `changed`, TeamService.sync — one at a time, a
 * notification arriving during a sync bringing one more after it. The desktop app does not follow the
 * stream yet (docs/team.md), so this is what the bench times: notification + pull, as a device would.
 */
export interface FollowingDevice {
  readonly backend: Backend
  /** Runs after every sync the stream caused (the bench looks at the vault there). */
  afterSync: (() => void) | null
  /** A sync through the same queue as the stream's (after an edit here), never beside one. */
  sync(): Promise<void>
  /** Resolves when no sync is running or waiting. */
  settled(): Promise<void>
  close(): void
}

export async function follow(serverUrl: string, backend: Backend): Promise<FollowingDevice> {
  const response = await openStream(serverUrl, backend)
  let running: Promise<void> | null = null
  let again = false
  let failure: Error | null = null
  const device: FollowingDevice = {
    backend,
    afterSync: null,
    async sync() {
      changed()
      await device.settled()
    },
    async settled() {
      while (running) await running
      if (failure) throw failure
    },
    close: () => response.destroy(),
  }
  const syncLoop = async () => {
    do {
      again = false
      await backend.team.sync()
      device.afterSync?.()
    } while (again)
  }
  const changed = () => {
    if (running) {
      again = true
      return
    }
    running = syncLoop()
      .catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error('a sync failed')
      })
      .finally(() => {
        running = null
      })
  }
  let buffered = ''
  response.setEncoding('utf8')
  response.on('data', (chunk: string) => {
    buffered += chunk
    let end: number
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const message = buffered.slice(0, end)
      buffered = buffered.slice(end + 2)
      const data = /^event: changed\ndata: (.*)$/m.exec(message)?.[1]
      if (data !== undefined && teamChangedEventSchema.safeParse(JSON.parse(data)).success) changed()
    }
  })
  return device
}

async function openStream(serverUrl: string, backend: Backend): Promise<IncomingMessage> {
  const store = new TeamStore(backend.vault.requireUnlockedDatabase(), backend.vault.keyAccess())
  const membership = store.requireMembership()
  const keys = store.privateKeys()
  keys.agreement.fill(0)
  const path = TEAM_EVENTS_PATH.replace(':team', membership.teamId)
  let token: string
  try {
    token = await signRequestToken({
      deviceId: membership.deviceId,
      teamId: membership.teamId,
      signingPrivateKey: keys.signing,
      method: 'GET',
      path,
      body: Buffer.alloc(0),
      now: new Date(),
    })
  } finally {
    keys.signing.fill(0)
  }
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = httpRequest(
      `${serverUrl}${path}`,
      { headers: { authorization: `Twofold ${token}`, accept: 'text/event-stream' } },
      resolve,
    )
    outgoing.once('error', reject)
    outgoing.end()
  })
  if (response.statusCode !== 200) {
    response.destroy()
    throw new Error(`the event stream answered ${response.statusCode}`)
  }
  return response
}

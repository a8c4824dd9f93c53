import type { ErrorCode } from '../../../shared/domain/errors.ts'
import { teamChangedEventSchema } from '../../../shared/team/team-api.ts'
import { isTwofoldError } from '../errors.ts'
import { readServerSentEvents } from './sse-reader.ts'

/** What live sync needs from the team: the stream, a sync, and where the last pull stopped. */
export interface LiveSyncPort {
  /** The team's event stream for one connection; a TwofoldError when refused or unreachable. */
  open(signal: AbortSignal): Promise<ReadableStream<Uint8Array>>
  sync(): Promise<unknown>
  /** The sequence the last pull reached: an event at or below it brings nothing new. */
  lastSeq(): number
  now(): number
  /**
   * Whether local edits wait to be pushed (this process's or another's on the same vault). Asked
   * about once a second while connected, so it must be cheap; false when it cannot tell (locked).
   */
  localPending?(): boolean
}

export interface LiveSyncOptions {
  /** The first reconnect waits about this long, doubling each failed attempt up to `maxDelayMs`. */
  minDelayMs?: number
  maxDelayMs?: number
  /** The server sends a keep-alive every 15 s: a stream silent for longer is a dead connection. */
  idleTimeoutMs?: number
  random?: () => number
  /** How often to look for local edits nobody announced (another process's): about once a second. */
  localPollMs?: number
  /** A burst of local edits is pushed once, this long after the last of them (at most `maxDebounceMs`). */
  debounceMs?: number
  maxDebounceMs?: number
}

/**
 * Where live sync stands, for a status line: never a token, key or server message, only codes and times.
 * `refused`: the server turned this device away (removed, or its member was): it no longer retries.
 */
export interface LiveSyncState {
  phase: 'connecting' | 'connected' | 'offline' | 'refused' | 'stopped'
  offlineSince: string | null
  lastSyncAt: string | null
  lastError: ErrorCode | null
}

/** Refusals that waiting does not cure: retrying them would only hammer the server. */
const FINAL: readonly ErrorCode[] = ['team-forbidden', 'team-not-joined']

/**
 * Follows the team's server-sent event stream and syncs when the team changes: at each (re)connect
 * first (to catch up from the last sequence), then on every `changed` event newer than what this
 * device has. Syncs never overlap; events during one bring exactly one more. A lost stream is
 * reopened after an exponential, jittered, capped delay — except when the server refuses the device.
 *
 * Local edits go the other way soon after they are made: `localChanged` (this process wrote) and a
 * poll of `localPending` (another process may have) push them once a burst settles. Only while
 * connected — offline, the reconnect's catch-up sync pushes them — and after a failed sync only once
 * the same growing delay has passed, so a struggling server is not asked again every second.
 */
export class TeamLiveSync {
  readonly #port: LiveSyncPort
  readonly #minDelayMs: number
  readonly #maxDelayMs: number
  readonly #idleTimeoutMs: number
  readonly #random: () => number
  readonly #localPollMs: number
  readonly #debounceMs: number
  readonly #maxDebounceMs: number
  #state: LiveSyncState = { phase: 'stopped', offlineSince: null, lastSyncAt: null, lastError: null }
  #controller: AbortController | undefined
  #loop: Promise<void> | undefined
  #syncing: Promise<void> | undefined
  #again = false
  #newestSeq = 0
  #localPoll: NodeJS.Timeout | undefined
  #debounce: { timer: NodeJS.Timeout; since: number } | undefined
  /** Failed syncs in a row, and when a push of local edits may be tried again after them. */
  #failures = 0
  #retryAt = 0
  /** Ends the current connection when a sync learns the device was refused. */
  #onRefused: () => void = () => undefined

  constructor(port: LiveSyncPort, options: LiveSyncOptions = {}) {
    this.#port = port
    this.#minDelayMs = options.minDelayMs ?? 1_000
    this.#maxDelayMs = options.maxDelayMs ?? 60_000
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 45_000
    this.#random = options.random ?? Math.random
    this.#localPollMs = options.localPollMs ?? 1_000
    this.#debounceMs = options.debounceMs ?? 300
    this.#maxDebounceMs = options.maxDebounceMs ?? 2_000
  }

  get running(): boolean {
    return this.#loop !== undefined
  }

  state(): LiveSyncState {
    return { ...this.#state }
  }

  start(): void {
    if (this.#loop) return
    const controller = new AbortController()
    this.#controller = controller
    this.#state = { ...this.#state, phase: 'connecting', lastError: null }
    this.#failures = 0
    this.#retryAt = 0
    if (this.#port.localPending) {
      this.#localPoll = setInterval(() => this.#pollLocal(), this.#localPollMs)
      // Live sync must not keep a process alive on its own.
      this.#localPoll.unref()
    }
    this.#loop = this.#run(controller.signal).finally(() => {
      if (this.#controller === controller) {
        this.#controller = undefined
        this.#loop = undefined
      }
    })
  }

  /** Closes the stream and waits for a sync in flight, so the vault can be locked after it. */
  async stop(): Promise<void> {
    const loop = this.#loop
    clearInterval(this.#localPoll)
    this.#localPoll = undefined
    clearTimeout(this.#debounce?.timer)
    this.#debounce = undefined
    this.#controller?.abort()
    await loop
    await this.#syncing
    if (this.#state.phase !== 'refused') this.#state = { ...this.#state, phase: 'stopped' }
  }

  async #run(signal: AbortSignal): Promise<void> {
    let attempt = 0
    while (!signal.aborted && !this.#isRefused()) {
      try {
        await this.#follow(signal, () => {
          attempt = 0
        })
        this.#offline('team-offline')
      } catch (error) {
        if (signal.aborted || this.#isRefused()) break
        const code = isTwofoldError(error) ? error.code : 'team-offline'
        if (FINAL.includes(code)) {
          this.#refused(code)
          break
        }
        this.#offline(code)
      }
      if (this.#isRefused()) break
      await sleep(this.#delay(attempt), signal)
      attempt += 1
    }
  }

  /** One connection: catch up, then sync on each newer event, until the stream ends or goes silent. */
  async #follow(outer: AbortSignal, heard: () => void): Promise<void> {
    const connection = new AbortController()
    const signal = AbortSignal.any([outer, connection.signal])
    let idle: NodeJS.Timeout | undefined
    const alive = () => {
      clearTimeout(idle)
      idle = setTimeout(() => connection.abort(), this.#idleTimeoutMs)
    }
    // A refusal during a sync ends this connection too.
    this.#onRefused = () => connection.abort()
    try {
      alive()
      const body = await this.#port.open(signal)
      this.#state = { ...this.#state, phase: 'connected', offlineSince: null }
      this.#requestSync(0)
      for await (const event of readServerSentEvents(body, alive)) {
        if (event.event !== 'changed') continue
        heard()
        const seq = parseSeq(event.data)
        if (seq !== undefined) this.#requestSync(seq)
      }
    } finally {
      clearTimeout(idle)
      this.#onRefused = () => undefined
      connection.abort()
    }
  }

  /**
   * This process wrote to the vault: if that left team edits to push, they go once the burst settles
   * (`debounceMs` after the last write, or `maxDebounceMs` after the first when writes keep coming).
   */
  localChanged(): void {
    if (!this.#localPoll) return
    const since = this.#debounce?.since ?? this.#port.now()
    clearTimeout(this.#debounce?.timer)
    const wait = Math.min(this.#debounceMs, Math.max(0, since + this.#maxDebounceMs - this.#port.now()))
    const timer = setTimeout(() => this.#pushLocal(), wait)
    timer.unref()
    this.#debounce = { timer, since }
  }

  /** Another process's edits are announced by nobody: they are noticed here. */
  #pollLocal(): void {
    if (this.#debounce || this.#syncing || !this.#mayPushLocal()) return
    if (this.#localPending()) this.localChanged()
  }

  #pushLocal(): void {
    this.#debounce = undefined
    if (this.#mayPushLocal() && this.#localPending()) this.#requestSync(0)
  }

  /** Connected, not stopping, and not within the wait after a failed sync. */
  #mayPushLocal(): boolean {
    const now = this.#port.now()
    return (
      this.#state.phase === 'connected' &&
      this.#controller?.signal.aborted === false &&
      // A wait longer than any delay means the clock went back: it is over.
      (now >= this.#retryAt || this.#retryAt - now > this.#maxDelayMs)
    )
  }

  #localPending(): boolean {
    try {
      return this.#port.localPending?.() ?? false
    } catch {
      // Locked or left meanwhile: nothing this device can push now.
      return false
    }
  }

  /** Asks for a sync: starts one, or (one already running) makes it run once more after. */
  #requestSync(seq: number): void {
    this.#newestSeq = Math.max(this.#newestSeq, seq)
    if (this.#syncing) {
      this.#again = true
      return
    }
    this.#syncing = this.#syncWhileAsked().finally(() => {
      this.#syncing = undefined
    })
  }

  async #syncWhileAsked(): Promise<void> {
    let synced: boolean
    do {
      this.#again = false
      synced = false
      try {
        await this.#port.sync()
        synced = true
        this.#failures = 0
        this.#retryAt = 0
        this.#state = {
          ...this.#state,
          lastSyncAt: new Date(this.#port.now()).toISOString(),
          lastError: null,
        }
      } catch (error) {
        const code = isTwofoldError(error) ? error.code : 'internal'
        if (FINAL.includes(code)) {
          this.#refused(code)
          return
        }
        this.#retryAt = this.#port.now() + this.#delay(this.#failures)
        this.#failures += 1
        this.#state = { ...this.#state, lastError: code }
      }
    } while (
      this.#again &&
      this.#controller?.signal.aborted === false &&
      // Edits made during the sync go in one more round; after a failure they wait for the delay.
      (this.#newestSeq > this.#port.lastSeq() || (synced && this.#localPending()))
    )
  }

  // A method, not a field read: TypeScript would narrow the phase across the awaits that change it.
  #isRefused(): boolean {
    return this.#state.phase === 'refused'
  }

  #offline(code: ErrorCode): void {
    if (this.#state.phase === 'refused') return
    this.#state = {
      ...this.#state,
      phase: 'offline',
      offlineSince: this.#state.offlineSince ?? new Date(this.#port.now()).toISOString(),
      lastError: code,
    }
  }

  #refused(code: ErrorCode): void {
    this.#state = {
      ...this.#state,
      phase: 'refused',
      offlineSince: this.#state.offlineSince ?? new Date(this.#port.now()).toISOString(),
      lastError: code,
    }
    this.#onRefused()
  }

  #delay(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#minDelayMs * 2 ** Math.min(attempt, 30))
    // Full jitter above half the ceiling: devices cut off together by a restart do not return together.
    return ceiling / 2 + (this.#random() * ceiling) / 2
  }
}

function parseSeq(data: string): number | undefined {
  try {
    const parsed = teamChangedEventSchema.safeParse(JSON.parse(data))
    return parsed.success ? parsed.data.seq : undefined
  } catch {
    return undefined
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve()
      return
    }
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

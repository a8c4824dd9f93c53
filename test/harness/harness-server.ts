/**
 * The E2E harness: the real backend (real SQLite file, real OS keychain) behind a loopback HTTP
 * server that serves the built renderer to an ordinary Chromium. A thin client script stands in for
 * the preload, so the page, its CSP and every call it makes are the ones that ship; only the
 * transport differs. Test-only: no app code imports this.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, extname, join, resolve, sep } from 'node:path'
import { createBackend, type Backend } from '../../electron/core/app-backend.ts'
import { KeychainUnavailableError, type Keychain } from '../../electron/core/vault/keychain.ts'
import { OsKeychain } from '../../electron/core/vault/os-keychain.ts'
import { followTeam } from '../../electron/core/team/team-follow.ts'
import { channelsOf, harnessWindows, isHarnessWindow, type HarnessWindow } from './harness-windows.ts'
import { RecordingClipboard } from './recording-clipboard.ts'
import { ScriptedDesktop } from './scripted-desktop.ts'
import { thinClientSource } from './thin-client.ts'

export interface HarnessOptions {
  /** Folder for the vault file; each spec passes a fresh temporary one. */
  home: string
  /** Keychain service name; a throwaway one per test keeps the person's real items untouched. */
  keychainService: string
  /** Defaults to `out/renderer` in the repository. */
  rendererDir?: string
}

export interface Harness {
  /** The manager page, token included. */
  url: string
  /** The quick popup's page. */
  popupUrl: string
  /** How many times the popup asked main to hide it (after a copy, on Esc). */
  hideRequests(): number
  /** What main does when the hotkey or the tray opens the popup: tells the page it was shown. */
  showPopup(): void
  token: string
  backend: Backend
  /** Stands in for the desktop clipboard: what `codes:copy` wrote, in order. */
  clipboard: RecordingClipboard
  /** The OS dialogs, the clipboard's image and the screen, as a test scripts them. */
  desktop: ScriptedDesktop
  /**
   * Shifts the core's clock. A test that needs a code near the end of its period moves the core (and,
   * with page.clock, the page) there instead of waiting up to 30 s.
   */
  clock: { offsetMs: number }
  /**
   * Fault injection for the OS keychain, the one OS service a test cannot make fail on demand: while
   * `removalFails` is set, removing an item throws as a refusing keychain would. Everything else is real.
   */
  keychainFaults: { removalFails: boolean }
  /** Open server-sent event streams; lets a test wait until the page hears about changes. */
  eventStreamCount(): number
  close(): Promise<void>
}

// Pasted imports can be several MiB (the contract caps them at 8 Mi characters).
const MAX_BODY_BYTES = 40 * 1024 * 1024
const JSON_TYPE = 'application/json; charset=utf-8'
const JS_TYPE = 'text/javascript; charset=utf-8'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': JS_TYPE,
  '.mjs': JS_TYPE,
  '.css': 'text/css; charset=utf-8',
  '.json': JSON_TYPE,
  '.map': JSON_TYPE,
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir ?? join(repositoryRoot(), 'out', 'renderer'))
  if (!existsSync(join(rendererDir, 'manager', 'index.html'))) {
    throw new Error(
      `The built renderer is missing (${rendererDir}/manager/index.html): run npm run build first.`,
    )
  }

  const token = randomBytes(24).toString('hex')
  const prefix = `/t/${token}/`
  const clipboard = new RecordingClipboard()
  const clock = { offsetMs: 0 }
  let hides = 0
  const desktop = new ScriptedDesktop()
  const keychainFaults = { removalFails: false }
  const backend = createBackend({
    home: options.home,
    keychain: faultableKeychain(new OsKeychain(options.keychainService), keychainFaults),
    clipboard,
    desktop: desktop.asDesktopPort(() => {
      hides++
    }),
    now: () => Date.now() + clock.offsetMs,
  })
  // As main does: a joined vault follows its team while unlocked, so colleagues' edits arrive live.
  const stopFollowing = followTeam(backend, { live: { minDelayMs: 200, maxDelayMs: 2_000 } })
  const streams = new Set<ServerResponse>()
  const thinClients = new Map<HarnessWindow, string>(
    (Object.keys(harnessWindows) as HarnessWindow[]).map((window) => [
      window,
      thinClientSource(prefix, window),
    ]),
  )

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Harness error')
      else response.destroy()
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (!path.startsWith(prefix)) return send(response, 404, 'text/plain; charset=utf-8', 'Not found')
    const rest = path.slice(prefix.length)

    // Harness routes are per window: <window>/__harness/…, <window>/__ipc/<channel>, <window>/__events.
    const [first = '', ...others] = rest.split('/')
    const route = others.join('/')
    if (isHarnessWindow(first)) {
      if (route === '__harness/thin-client.js')
        return send(response, 200, JS_TYPE, thinClients.get(first) ?? '')
      if (route.startsWith('__ipc/')) {
        if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'POST only')
        const body = await readJsonBody(request)
        if (body.tooLarge) return send(response, 413, 'text/plain; charset=utf-8', 'Request body too large')
        const result = await answerIpc(first, safeDecode(route.slice('__ipc/'.length)), body)
        return send(response, 200, JSON_TYPE, JSON.stringify(result))
      }
      if (route === '__events') return openEventStream(first, request, response)
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain; charset=utf-8', 'GET only')
    }
    const file = staticFile(rendererDir, rest)
    if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found')
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
    const content = readFileSync(file)
    return send(
      response,
      200,
      type,
      type.startsWith('text/html') && isHarnessWindow(first)
        ? injectThinClient(content.toString('utf8'), `${prefix}${first}/`)
        : content,
    )
  }

  async function answerIpc(window: HarnessWindow, channel: string, body: JsonBody): Promise<unknown> {
    if (!channelsOf(window).has(channel)) {
      return {
        ok: false,
        error: { code: 'unknown-channel', message: 'That request is not part of the Twofold API.' },
      }
    }
    if (!body.ok) {
      return { ok: false, error: { code: 'invalid-request', message: 'The request was not JSON.' } }
    }
    return backend.dispatch(channel, body.value)
  }

  function openEventStream(window: HarnessWindow, request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    response.write(': connected\n\n')
    streams.add(response)
    const unsubscribes = Object.values(harnessWindows[window].events).map((event) =>
      backend.subscribe(event, (payload) => {
        response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
      }),
    )
    request.on('close', () => {
      streams.delete(response)
      for (const unsubscribe of unsubscribes) unsubscribe()
    })
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(0, '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}${prefix}manager/index.html`,
    popupUrl: `http://127.0.0.1:${port}${prefix}popup/index.html`,
    hideRequests: () => hides,
    showPopup: () => backend.popupShown(),
    token,
    backend,
    clipboard,
    desktop,
    clock,
    keychainFaults,
    eventStreamCount: () => streams.size,
    async close() {
      stopFollowing()
      await backend.team.stopLive()
      for (const stream of streams) stream.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()))
      backend.close()
    },
  }
}

/** Same-origin script tag, placed before the page's own scripts so `window.twofold` exists first. */
function injectThinClient(html: string, prefix: string): string {
  const tag = `<script src="${prefix}__harness/thin-client.js"></script>`
  const at = html.indexOf('<script')
  if (at === -1) throw new Error('The built manager page has no <script> tag to run before.')
  return html.slice(0, at) + tag + html.slice(at)
}

/** A file inside the renderer folder, or null; `..` and encoded tricks never leave the folder. */
function staticFile(root: string, relativeUrlPath: string): string | null {
  const decoded = safeDecode(relativeUrlPath)
  if (decoded === '' || decoded.includes('\0')) return null
  const file = resolve(root, decoded)
  if (!file.startsWith(root + sep)) return null
  try {
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}

/** Decoded text, or '' when the escapes are malformed (which then matches nothing). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return ''
  }
}

type JsonBody = { ok: true; value: unknown; tooLarge?: false } | { ok: false; tooLarge: boolean }

async function readJsonBody(request: IncomingMessage): Promise<JsonBody> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return { ok: false, tooLarge: true }
  const chunks: Buffer[] = []
  let size = 0
  // Keep draining past the limit (without keeping anything) so the 413 reaches a live socket.
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
  }
  if (size > MAX_BODY_BYTES) return { ok: false, tooLarge: true }
  if (size === 0) return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }
  } catch {
    return { ok: false, tooLarge: false }
  }
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  response.end(body)
}

/**
 * The folder holding electron.vite.config.ts, found from the working directory: Playwright loads
 * specs as CommonJS and Node runs scripts as ES modules, so neither `__dirname` nor `import.meta`
 * works in both.
 */
function repositoryRoot(): string {
  let folder = process.cwd()
  while (!existsSync(join(folder, 'electron.vite.config.ts'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error('Run the harness from inside the Twofold repository.')
    folder = parent
  }
  return folder
}

function faultableKeychain(real: Keychain, faults: { removalFails: boolean }): Keychain {
  return {
    service: real.service,
    isAvailable: () => real.isAvailable(),
    isReadable: () => real.isReadable(),
    read: (account) => real.read(account),
    write: (account, secret) => real.write(account, secret),
    remove: (account) =>
      faults.removalFails
        ? Promise.reject(new KeychainUnavailableError('The keychain refused to remove the item.'))
        : real.remove(account),
  }
}

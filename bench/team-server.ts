import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '../electron/server/database/free-port.ts'
import { freshDatabase, startTestPostgres, type TestPostgres } from '../test/support/postgres.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const BUILT = join(root, 'out', 'server', 'twofold-server.mjs')
const SOURCE = join(root, 'electron', 'server', 'twofold-server.ts')

/**
 * twofold-server as an operator runs it, in a process of its own (so its memory is its own), on a
 * throwaway embedded PostgreSQL. The built bundle when `npm run bench` has built it, else the source
 * under Node's type stripping.
 */
export interface BenchTeamServer {
  readonly url: string
  /** Which twofold-server ran: the bundle or the source. */
  readonly script: 'out/server/twofold-server.mjs' | 'electron/server/twofold-server.ts'
  setupCode(): Promise<string>
  /** The server process's resident memory now and at its peak (VmRSS, VmHWM), in MiB. */
  memory(): { rss: number; peak: number }
  /** CPU time the server process has used so far (user + system), in seconds. */
  cpuSeconds(): number
  stop(): Promise<void>
}

/**
 * `env`: more environment for the server process. Each server gets a fresh inbox secret from the
 * environment, so a bench run never writes one into the server's default data folder.
 */
export async function startTeamServer(options: { env?: NodeJS.ProcessEnv } = {}): Promise<BenchTeamServer> {
  const postgres: TestPostgres = await startTestPostgres({ flavour: 'embedded' })
  let child: ChildProcess | undefined
  try {
    const databaseUrl = await freshDatabase(postgres.url)
    const script = existsSync(BUILT) ? BUILT : SOURCE
    const port = await findFreePort()
    child = spawn(
      process.execPath,
      [script, 'start', '--database-url', databaseUrl, '--listen', `127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          TWOFOLD_INBOX_SECRET: randomBytes(32).toString('base64url'),
          ...options.env,
        },
      },
    )
    const url = await listeningUrl(child)
    const running = child
    return {
      url,
      script: script === BUILT ? 'out/server/twofold-server.mjs' : 'electron/server/twofold-server.ts',
      setupCode: () => runToEnd(script, ['setup-code', '--database-url', databaseUrl]),
      memory: () => memoryOf(running.pid ?? 0),
      cpuSeconds: () => cpuSecondsOf(running.pid ?? 0),
      async stop() {
        await stopChild(running)
        await postgres.stop()
      },
    }
  } catch (error) {
    if (child) await stopChild(child)
    await postgres.stop()
    throw error
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const url = /listening on (\S+)/.exec(out)?.[1]
      if (url) resolve(url)
    })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.once('exit', (code) => reject(new Error(`twofold-server exited (${code}): ${err.trim()}`)))
  })
}

function runToEnd(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.once('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`twofold-server ${args[0]}: ${err.trim()}`)),
    )
  })
}

/** SIGTERM is the server's graceful stop; it must not outlive the bench either way. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 }
}

/** utime and stime of /proc/PID/stat, in clock ticks of 1/100 s (USER_HZ on Linux). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}

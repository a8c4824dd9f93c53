import { isIP } from 'node:net'
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'

/** A refusal to start with the options given; its message is one line for the terminal. */
export class ServerOptionsError extends Error {
  override readonly name = 'ServerOptionsError'
}

export const DEFAULT_LISTEN = '127.0.0.1:7272'

export interface ListenAddress {
  host: string
  port: number
}

/** HOST:PORT, with an IPv6 host in brackets ([::1]:7272). */
export function parseListen(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim())
  const host = match?.[1] ?? match?.[2]
  const port = Number(match?.[3])
  if (host === undefined || !Number.isInteger(port) || port > 65_535) {
    throw new ServerOptionsError(
      `--listen must be HOST:PORT (e.g. 127.0.0.1:7272 or [::1]:7272), not "${text}"`,
    )
  }
  if (match?.[1] !== undefined && isIP(host) !== 6) {
    throw new ServerOptionsError(`--listen: "${host}" in brackets is not an IPv6 address`)
  }
  return { host, port }
}

/** Loopback only: 127.0.0.0/8, ::1 and localhost. Plain HTTP is allowed nowhere else. */
export function isLoopback(host: string): boolean {
  const lower = host.toLowerCase()
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true
  if (isIP(lower) === 4) return lower.startsWith('127.')
  if (lower.startsWith('::ffff:')) return isLoopback(lower.slice('::ffff:'.length))
  return false
}

/** How the URL devices use names this listen address (IPv6 in brackets). */
export function listenUrl(scheme: 'http' | 'https', host: string, port: number): string {
  return `${scheme}://${isIP(host) === 6 ? `[${host}]` : host}:${port}`
}

/**
 * Where `--data` defaults to: the user's data folder. Under root the embedded PostgreSQL runs as the
 * postgres user, which cannot enter /root, so root's default is the system's state folder.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (userInfo().uid === 0) return '/var/lib/twofold-server'
  const dataHome = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share')
  return join(dataHome, 'twofold-server')
}

export type DatabaseChoice = { kind: 'url'; url: string } | { kind: 'embedded'; dataDir: string }

/** --database-url, else DATABASE_URL, else the embedded server in --data (or its default). */
export function chooseDatabase(
  options: { databaseUrl?: string; data?: string },
  env: NodeJS.ProcessEnv = process.env,
): DatabaseChoice {
  if (options.databaseUrl !== undefined && options.data !== undefined) {
    throw new ServerOptionsError('give either --database-url or --data, not both')
  }
  const url = options.databaseUrl ?? (options.data === undefined ? env.DATABASE_URL : undefined)
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new ServerOptionsError('the database URL must start with postgres:// or postgresql://')
    }
    return { kind: 'url', url }
  }
  return { kind: 'embedded', dataDir: options.data ?? defaultDataDir(env) }
}

import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { withClient } from '../../support/postgres-client.ts'
import { tempHome } from '../../support/temp-home.ts'
import type { CliResult } from './run-cli.ts'

const sourceEntry = resolve(import.meta.dirname, '../../../electron/cli/twofold.ts')

/**
 * One computer of the team walk: a vault folder of its own, opened by the real CLI in its own process
 * with a password on stdin (so it runs with or without an OS keychain). Spawned asynchronously: the
 * team server answers from the test's own process.
 */
export interface CliDevice {
  readonly name: string
  /** Runs `twofold --vault <home> --password-stdin …args`; `stdin` goes after the password line. */
  run(args: readonly string[], stdin?: string): Promise<CliResult>
  /** Like run, but fails the test with the CLI's stderr unless it exits 0; answers the parsed JSON. */
  json<T = unknown>(args: readonly string[], stdin?: string): Promise<T>
}

export interface CliDevices {
  device(name: string): Promise<CliDevice>
  dispose(): void
}

export function cliDevices(): CliDevices {
  const folder = tempHome()
  // A throwaway keychain service name: in CI, where a keychain exists, the vaults never touch a person's.
  const service = `Twofold-test-${randomBytes(6).toString('hex')}`
  return {
    async device(name) {
      const home = join(folder.home, name)
      const password = `pw-${name}-${randomBytes(6).toString('hex')}`
      const run = (args: readonly string[], stdin?: string) =>
        runCliAsync(['--vault', home, '--password-stdin', ...args], {
          service,
          stdin: `${password}\n${stdin ?? ''}`,
        })
      const device: CliDevice = {
        name,
        run,
        async json(args, stdin) {
          const result = await run([...args, '--json'], stdin)
          if (result.status !== 0)
            throw new Error(`${name}: twofold ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
          return JSON.parse(result.stdout) as never
        },
      }
      await device.json(['init'])
      return device
    },
    dispose: () => folder.remove(),
  }
}

export function runCliAsync(
  args: readonly string[],
  options: { service: string; stdin: string },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [sourceEntry, ...args], {
      env: { ...process.env, TWOFOLD_KEYCHAIN_SERVICE: options.service, NODE_NO_WARNINGS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (status) => {
      clearTimeout(timer)
      resolvePromise({ status, stdout, stderr })
    })
    child.stdin.end(options.stdin)
  })
}

/** Every table's rows as text, as a dump would hold them (the embedded build ships no pg_dump). */
export function databaseRowsAsText(url: string): Promise<string> {
  return withClient(url, async (db) => {
    const tables = await db.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    const parts: string[] = []
    for (const { name } of tables.rows) {
      const rows = await db.query<{ line: string }>(`SELECT t::text AS line FROM ${name} t`)
      parts.push(`-- ${name}`, ...rows.rows.map((row) => row.line))
    }
    return parts.join('\n')
  })
}

/**
 * The CLI tests' common start: Ana creates the team on the lab's server and shares `shared` (clients
 * her vault holds), Ben joins by invite holding `granted`, and both sync, so Ben is confirmed.
 */
export async function formCliTeam(
  lab: { readonly serverUrl: string; setupCode(): Promise<string> },
  ana: CliDevice,
  ben: CliDevice,
  clients: { shared: readonly string[]; granted: readonly string[] },
): Promise<void> {
  const setupCode = await lab.setupCode()
  await ana.json([
    'team',
    'create',
    '--server',
    lab.serverUrl,
    '--setup-code',
    setupCode,
    '--name',
    'Agency',
    '--member-name',
    'Ana',
  ])
  for (const client of clients.shared) await ana.json(['team', 'share', client])
  const { code } = await ana.json<{ code: string }>([
    'team',
    'invite',
    'Ben',
    '--clients',
    clients.granted.join(','),
  ])
  await ben.json(['team', 'join', code, '--name', 'Ben'])
  await ana.json(['team', 'sync'])
  await ben.json(['team', 'sync'])
}

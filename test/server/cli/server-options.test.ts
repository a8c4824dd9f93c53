import { describe, expect, it } from 'vitest'
import {
  chooseDatabase,
  isLoopback,
  listenUrl,
  parseListen,
  ServerOptionsError,
} from '../../../electron/server/server-options.ts'

describe('twofold-server options', () => {
  it('reads HOST:PORT, IPv6 in brackets, and refuses anything else with the form to use', () => {
    expect(parseListen('127.0.0.1:7272')).toEqual({ host: '127.0.0.1', port: 7272 })
    expect(parseListen('[::1]:443')).toEqual({ host: '::1', port: 443 })
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 })
    for (const bad of ['7272', '127.0.0.1', '::1:7272', '[nope]:1', 'host:99999']) {
      expect(() => parseListen(bad)).toThrow(ServerOptionsError)
    }
  })

  it('allows plain HTTP on loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      expect(isLoopback(host)).toBe(true)
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'example.com', '127.0.0.1.example.com']) {
      expect(isLoopback(host)).toBe(false)
    }
  })

  it('names IPv6 listen addresses in brackets', () => {
    expect(listenUrl('https', '::', 8443)).toBe('https://[::]:8443')
  })

  it('takes --database-url, else DATABASE_URL, else the embedded server in --data or the default folder', () => {
    const env = { DATABASE_URL: 'postgres://env@db/x', HOME: '/home/ana' }
    expect(chooseDatabase({ databaseUrl: 'postgres://flag@db/x' }, env)).toEqual({
      kind: 'url',
      url: 'postgres://flag@db/x',
    })
    expect(chooseDatabase({}, env)).toEqual({ kind: 'url', url: 'postgres://env@db/x' })
    expect(chooseDatabase({ data: '/srv/team' }, env)).toEqual({ kind: 'embedded', dataDir: '/srv/team' })
    expect(chooseDatabase({}, {})).toMatchObject({ kind: 'embedded' })
    expect(() => chooseDatabase({ databaseUrl: 'postgres://a@b/c', data: '/srv' }, {})).toThrow(/not both/)
    expect(() => chooseDatabase({ databaseUrl: 'mysql://a@b/c' }, {})).toThrow(/postgres:\/\//)
  })
})

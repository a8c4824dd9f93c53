import { describe, expect, it } from 'vitest'
import { checkServerUrl } from '../../../electron/core/team/team-client.ts'

describe('the team server address', () => {
  it('takes https anywhere and plain http only to this computer', () => {
    expect(checkServerUrl('https://team.example.com/')).toBe('https://team.example.com')
    expect(checkServerUrl('http://127.0.0.1:8443')).toBe('http://127.0.0.1:8443')
    expect(checkServerUrl('http://localhost:9000')).toBe('http://localhost:9000')
    expect(() => checkServerUrl('http://team.example.com')).toThrow(/https/)
    expect(() => checkServerUrl('http://192.168.1.10:8443')).toThrow(/https/)
  })

  it('refuses what is not a URL, or carries a user or query', () => {
    expect(() => checkServerUrl('team.example.com')).toThrow(/not a URL/)
    expect(() => checkServerUrl('https://ana:pw@team.example.com')).toThrow(/no user/)
    expect(() => checkServerUrl('https://team.example.com/?x=1')).toThrow(/no user/)
  })
})

import { describe, expect, it } from 'vitest'
import { channels, contract } from '../../../shared/ipc/contract.ts'
import { TwofoldError } from '../../../electron/core/errors.ts'
import { createDispatcher, type Handlers } from '../../../electron/core/ipc/dispatcher.ts'

const status = {
  state: 'locked' as const,
  location: '/home/someone/.config/Twofold',
  keychain: 'available' as const,
  slots: { keychain: true, password: false, recovery: true },
  retryAfterMs: 0,
  failedAttempts: 0,
}

/** Handlers that record each call, so a test can see whether validation let anything through. */
function recordingHandlers(respond: (channel: string) => unknown = () => status) {
  const calls: string[] = []
  const handlers = Object.fromEntries(
    channels.map((channel) => [
      channel,
      (request: unknown) => {
        calls.push(`${channel} ${JSON.stringify(request)}`)
        return respond(channel)
      },
    ]),
  ) as unknown as Handlers
  return { handlers, calls }
}

describe('the IPC dispatcher', () => {
  it('runs the handler with the parsed request and wraps its answer', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    expect(await dispatch('vault:unlock', { method: 'password', password: 'hunter2 hunter2' })).toEqual({
      ok: true,
      value: status,
    })
    expect(calls).toEqual(['vault:unlock {"method":"password","password":"hunter2 hunter2"}'])
  })

  it('refuses channels outside the contract', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    for (const channel of ['vault:export-key', '__proto__', 'constructor', 42, null]) {
      const result = await dispatch(channel, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    }
    expect(calls).toEqual([])
  })

  it('refuses malformed payloads on every channel before any handler runs', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    const hostile: unknown[] = [
      'a string',
      42,
      [],
      { unexpected: true },
      { method: 'password', password: 'x'.repeat(100_000) },
      { method: 'password', password: 12345 },
      { method: 'telepathy' },
      { creationId: 'x', recoveryKeyConfirmation: 'y'.repeat(10_000) },
      { currentPassword: null, newPassword: ['a'] },
    ]
    for (const channel of channels) {
      for (const payload of hostile) {
        const result = await dispatch(channel, payload)
        expect(result.ok, `${channel} accepted ${JSON.stringify(payload).slice(0, 60)}`).toBe(false)
        if (!result.ok) expect(result.error.code).toBe('invalid-request')
      }
    }
    expect(calls).toEqual([])
  })

  it('names the bad field without echoing its value', async () => {
    const dispatch = createDispatcher(recordingHandlers().handlers)
    const result = await dispatch('vault:set-password', { newPassword: 'my secret password', extra: 'field' })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.message).toMatch(/not valid/)
      expect(result.error.message).not.toContain('my secret password')
    }
  })

  it('passes a typed error through in words', async () => {
    const dispatch = createDispatcher(
      recordingHandlers(() => {
        throw new TwofoldError('throttled', 'Too many failed attempts. Try again in 30 s.', {
          retryAfterMs: 30_000,
        })
      }).handlers,
    )
    expect(await dispatch('vault:lock', {})).toEqual({
      ok: false,
      error: {
        code: 'throttled',
        message: 'Too many failed attempts. Try again in 30 s.',
        retryAfterMs: 30_000,
      },
    })
  })

  it('turns an unexpected failure into a plain sentence, never a stack or its text', async () => {
    const reported: string[] = []
    const dispatch = createDispatcher(
      recordingHandlers(() => {
        throw new Error('sqlite said: secret=JBSWY3DPEHPK3PXP')
      }).handlers,
      { reportUnexpected: (channel) => reported.push(channel) },
    )
    const result = await dispatch('vault:status', {})
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Something went wrong inside Twofold. Your vault was not changed by this request.',
      },
    })
    expect(JSON.stringify(result)).not.toContain('JBSWY3DP')
    expect(reported).toEqual(['vault:status'])
  })

  it('refuses to send an answer carrying a field the contract does not name', async () => {
    const dispatch = createDispatcher(recordingHandlers(() => ({ ...status, vaultKey: 'deadbeef' })).handlers)
    const result = await dispatch('vault:status', {})
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain('deadbeef')
  })

  it('covers every channel of the contract with a request and a response schema, and whether it mutates', () => {
    for (const channel of channels) {
      expect(contract[channel].request).toBeDefined()
      expect(contract[channel].response).toBeDefined()
      expect(typeof contract[channel].mutates, channel).toBe('boolean')
    }
  })
})

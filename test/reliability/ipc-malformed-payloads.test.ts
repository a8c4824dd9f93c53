import { describe, expect, it } from 'vitest'
import { channels, contract, type Channel } from '../../shared/ipc/contract.ts'
import { createDispatcher, type Handlers } from '../../electron/core/ipc/dispatcher.ts'
import {
  fieldsOf,
  hostileValues,
  isRecord,
  pollutingFields,
  unwrap,
  validExamples,
  withExtraFields,
  withValue,
} from './support/contract-shapes.ts'

// Every channel the contract names — read from the contract, so a channel added tomorrow is covered
// — gets payloads a compromised or buggy window could send: the wrong type in every field, text over
// every bound, unbounded text and arrays, missing fields, fields nobody asked for and keys that have
// polluted prototypes in other apps. Each must come back as `invalid-request` from the real dispatcher
// without its handler running.

function recordingHandlers() {
  const calls: Channel[] = []
  const handlers = Object.fromEntries(
    channels.map((channel) => [
      channel,
      () => {
        calls.push(channel)
        return {}
      },
    ]),
  ) as unknown as Handlers
  return { handlers, calls }
}

interface Malformed {
  label: string
  payload: unknown
}

function malformedPayloads(channel: Channel): Malformed[] {
  const schema = contract[channel].request
  const examples = validExamples(schema)
  const cases: Malformed[] = [
    { label: 'text', payload: 'text' },
    { label: 'a number', payload: 42 },
    { label: 'a boolean', payload: true },
    { label: 'an array', payload: [] },
    { label: 'an array holding a valid payload', payload: [examples[0]] },
  ]
  if (!unwrap(schema).optional && !schema.safeParse({}).success) {
    cases.push({ label: 'null', payload: null }, { label: 'nothing', payload: undefined })
  }
  for (const [index, example] of examples.entries()) {
    const variant = examples.length > 1 ? ` (variant ${index + 1})` : ''
    const objects = [{ path: [] as (string | number)[] }, ...fieldsOf(schema, example)].filter(({ path }) =>
      isRecord(path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], example)),
    )
    for (const { path } of objects) {
      for (const { label, fields } of pollutingFields()) {
        cases.push({
          label: `${label} at ${path.join('.') || 'the top'}${variant}`,
          payload: withExtraFields(example, path, fields),
        })
      }
    }
    for (const field of fieldsOf(schema, example)) {
      const name = field.path.join('.')
      for (const { label, value } of hostileValues(field.schema)) {
        cases.push({ label: `${name} as ${label}${variant}`, payload: withValue(example, field.path, value) })
      }
      const { optional } = unwrap(field.schema)
      if (!optional && typeof field.path.at(-1) === 'string') {
        cases.push({
          label: `${name} missing${variant}`,
          payload: withValue(example, field.path, undefined, true),
        })
      }
    }
  }
  return cases
}

describe('every IPC channel fed malformed payloads', () => {
  it('accepts a well-formed payload on every channel, so the refusals below are about the payloads', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    for (const channel of channels) {
      for (const example of validExamples(contract[channel].request)) {
        await dispatch(channel, example)
        expect(calls.at(-1), `${channel} refused ${JSON.stringify(example)}`).toBe(channel)
      }
    }
  })

  it('refuses each with invalid-request before any handler runs, without echoing what was sent', async () => {
    const { handlers, calls } = recordingHandlers()
    const reported: string[] = []
    const dispatch = createDispatcher(handlers, { reportUnexpected: (channel) => reported.push(channel) })
    let total = 0
    const perChannel = new Map<Channel, number>()
    for (const channel of channels) {
      const cases = malformedPayloads(channel)
      for (const { label, payload } of cases) {
        const result = await dispatch(channel, payload)
        expect(result.ok, `${channel} accepted ${label}`).toBe(false)
        if (!result.ok) {
          expect(result.error.code, `${channel}: ${label}`).toBe('invalid-request')
          expect(result.error.message.length, `${channel}: ${label} echoed`).toBeLessThan(400)
        }
      }
      perChannel.set(channel, cases.length)
      total += cases.length
    }
    expect(calls).toEqual([])
    expect(reported).toEqual([])
    for (const [channel, count] of perChannel) expect(count, channel).toBeGreaterThanOrEqual(10)
    // Nothing above may have reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    console.log(`ipc-malformed-payloads: ${total} payloads over ${channels.length} channels, all refused`)
  })

  it('refuses names that are not channels, including ones every object has', async () => {
    const { handlers, calls } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    const names: unknown[] = [
      'toString',
      'hasOwnProperty',
      '__proto__',
      'constructor',
      'valueOf',
      `${channels[0]}\u0000`,
      ` ${channels[0]}`,
      channels[0]?.toUpperCase(),
      'x'.repeat(1_000_000),
      { toString: () => channels[0] },
      [channels[0]],
      Symbol('vault:status'),
      42,
      null,
      undefined,
    ]
    for (const name of names) {
      expect(await dispatch(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    }
    expect(calls).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { readServerSentEvents } from '../../../electron/core/team/sse-reader.ts'

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
}

async function eventsOf(chunks: string[]) {
  const events = []
  for await (const event of readServerSentEvents(streamOf(chunks))) events.push(event)
  return events
}

describe('reading the team server’s event stream', () => {
  it('reads the events the server sends, skipping its retry hint and keep-alives', async () => {
    expect(
      await eventsOf([
        'retry: 2000\n\nevent: changed\ndata: {"seq":4}\n\n',
        ': keep-alive\n\n',
        'event: changed\ndata: {"seq":5}\n\n',
      ]),
    ).toEqual([
      { event: 'changed', data: '{"seq":4}' },
      { event: 'changed', data: '{"seq":5}' },
    ])
  })

  it('joins events split across chunks, CRLF split between them included', async () => {
    expect(await eventsOf(['event: chan', 'ged\r', '\ndata: {"seq"', ':7}\r\n\r', '\n'])).toEqual([
      { event: 'changed', data: '{"seq":7}' },
    ])
  })

  it('drops an event the stream cut off before its blank line', async () => {
    expect(await eventsOf(['event: changed\ndata: {"seq":8}\n'])).toEqual([])
  })

  it('refuses a line longer than any the server sends', async () => {
    await expect(eventsOf(['data: ' + 'x'.repeat(70_000)])).rejects.toThrow(/too long/)
  })
})

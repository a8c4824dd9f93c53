/** One server-sent event as the stream dispatched it (a blank line ends it). */
export interface ServerSentEvent {
  event: string
  data: string
}

/** A stream that grows past this without a line break is not a Twofold server's: it is refused. */
const MAX_LINE = 64 * 1024

/**
 * The server-sent events of a response body, by the WHATWG rules Twofold's server uses: `event:` and
 * `data:` fields, comment lines (the server's keep-alive) and `retry:` ignored, CRLF, CR or LF line ends.
 * `onBytes` hears every chunk, keep-alives included, so a caller can tell a quiet stream from a dead one.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onBytes: () => void = () => undefined,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder()
  let buffer = ''
  let event = ''
  let data: string[] = []
  for await (const chunk of body) {
    onBytes()
    buffer += decoder.decode(chunk, { stream: true })
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/)
      if (end === -1) break
      // A lone CR at the end of a chunk may be the first half of CRLF: wait for the next chunk.
      if (buffer[end] === '\r' && end === buffer.length - 1) break
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1))
      if (line === '') {
        if (data.length > 0) yield { event: event || 'message', data: data.join('\n') }
        event = ''
        data = []
        continue
      }
      if (line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
    if (buffer.length > MAX_LINE) throw new Error('server-sent event line too long')
  }
}

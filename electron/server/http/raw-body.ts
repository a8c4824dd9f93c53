import type { FastifyInstance, FastifyRequest } from 'fastify'
import { teamError } from '../team/team-error.ts'

const rawBodies = new WeakMap<FastifyRequest, Buffer>()
const EMPTY = Buffer.alloc(0)

/** The body's exact bytes: a device token signs their hash, not the JSON it parses to. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request) ?? EMPTY
}

/** JSON bodies only, parsed from bytes that are kept for the token check. */
export function registerRawJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer
    rawBodies.set(request, bytes)
    if (bytes.length === 0) {
      done(null, undefined)
      return
    }
    try {
      done(null, JSON.parse(bytes.toString('utf8')) as unknown)
    } catch {
      done(teamError('invalid-request', 'The body is not valid JSON.'), undefined)
    }
  })
}

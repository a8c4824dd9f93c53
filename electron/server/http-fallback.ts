import Fastify, { type FastifyInstance } from 'fastify'
import type { Database } from './database/open-database.ts'

export interface AppOptions {
  database: Database
  publicUrl?: string
  log?: boolean
  https?: { cert: Buffer; key: Buffer }
}

/**
 * An app with no team routes: stands in while the team API's createApp is not there, so the process,
 * TLS, health and shutdown can be built and tested on their own.
 */
export function createFallbackApp(options: AppOptions): FastifyInstance {
  return Fastify({
    logger: options.log ?? false,
    ...(options.https ? { https: options.https } : {}),
  })
}

/**
 * One step of the server's PostgreSQL schema. Its SQL is a TypeScript string so that Node (running the
 * sources as they are, in tests), vitest and the Vite bundle all carry it without a loader or a copy.
 */
export interface ServerMigration {
  /** Recorded in schema_migrations; numbered files keep the order obvious. */
  version: number
  name: string
  sql: string
}

import type { FormatSeed } from './format-seed.ts'

/** Valid files of this group's formats (encrypted ones included), for both fuzz suites to mutate. */
export function seeds(): Promise<FormatSeed[]> {
  return Promise.resolve([])
}

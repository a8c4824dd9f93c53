import type { SampleCount } from './sample-count.ts'

/** This group's third-party samples with the counts their source projects assert. */
export const samples: SampleCount[] = []

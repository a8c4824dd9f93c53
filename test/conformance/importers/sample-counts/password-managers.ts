import type { SampleCount } from './sample-count.ts'

/**
 * This group's third-party samples with the counts their source projects assert. None: there are no
 * third-party samples of 1Password, KeePass, Proton Pass, LastPass or Dashlane exports among the shared
 * fixtures, so these formats are covered by files built in their unit tests.
 */
export const samples: SampleCount[] = []

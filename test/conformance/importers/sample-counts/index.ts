import type { SampleCount } from './sample-count.ts'
import { samples as existingFormats } from './existing-formats.ts'
import { samples as authenticatorApps } from './authenticator-apps.ts'
import { samples as freeOtp } from './freeotp.ts'
import { samples as passwordManagers } from './password-managers.ts'
import { samples as rootedPhone } from './rooted-phone.ts'
import { samples as smallApps } from './small-apps.ts'

export type { SampleCount } from './sample-count.ts'

/** Every third-party sample of every format, with the counts their source projects assert. */
export const sampleCounts: readonly SampleCount[] = [
  ...existingFormats,
  ...authenticatorApps,
  ...freeOtp,
  ...smallApps,
  ...rootedPhone,
  ...passwordManagers,
]

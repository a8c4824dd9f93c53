import type { FormatSeed } from './format-seed.ts'
import { seeds as authenticatorApps } from './authenticator-apps.ts'
import { seeds as freeOtp } from './freeotp.ts'
import { seeds as passwordManagers } from './password-managers.ts'
import { seeds as rootedPhone } from './rooted-phone.ts'
import { seeds as smallApps } from './small-apps.ts'

export type { FormatSeed } from './format-seed.ts'

/** Seeds of the formats added with the format registry, one file per group of formats. */
export async function formatSeeds(): Promise<FormatSeed[]> {
  const groups = await Promise.all([
    authenticatorApps(),
    freeOtp(),
    smallApps(),
    rootedPhone(),
    passwordManagers(),
  ])
  return groups.flat()
}

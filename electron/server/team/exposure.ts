import type { ExposureProgress } from '../../../shared/team/team-api.ts'

/**
 * An account someone who left could have copied, and what has been done about it since: the flag
 * (`exposed-to-former-member` on the devices) stays until the secret was replaced and, when a
 * backup-code set was stored at the exposure, a new set was stored too — in either order. Each step is
 * a fact the server records from a write it receives; a rotation (the next removal) starts both over.
 */
export interface Exposure {
  since: Date
  secretReplacedAt: Date | null
  /** A set was stored when it was exposed: whoever left could have claimed from it, or read it at the service. */
  codesNeeded: boolean
  codesReissuedAt: Date | null
}

export interface ExposureRow {
  exposed_since: Date | null
  exposure_secret_replaced_at: Date | null
  exposure_codes_needed: boolean
  exposure_codes_reissued_at: Date | null
}

export const EXPOSURE_COLUMNS =
  'exposed_since, exposure_secret_replaced_at, exposure_codes_needed, exposure_codes_reissued_at'

export function exposureOf(row: ExposureRow): Exposure | null {
  if (row.exposed_since === null) return null
  return {
    since: row.exposed_since,
    secretReplacedAt: row.exposure_secret_replaced_at,
    codesNeeded: row.exposure_codes_needed,
    codesReissuedAt: row.exposure_codes_reissued_at,
  }
}

/** Null once nothing is left: the flag goes. */
function settled(exposure: Exposure): Exposure | null {
  const secretDone = exposure.secretReplacedAt !== null
  const codesDone = !exposure.codesNeeded || exposure.codesReissuedAt !== null
  return secretDone && codesDone ? null : exposure
}

/** The same object when nothing changed. */
export function afterSecretReplaced(exposure: Exposure | null, at: Date): Exposure | null {
  if (!exposure || exposure.secretReplacedAt) return exposure
  return settled({ ...exposure, secretReplacedAt: at })
}

/** The same object when nothing changed (no set was stored at the exposure, or one was re-issued). */
export function afterCodesReissued(exposure: Exposure | null, at: Date): Exposure | null {
  if (!exposure?.codesNeeded || exposure.codesReissuedAt) return exposure
  return settled({ ...exposure, codesReissuedAt: at })
}

/** The values of EXPOSURE_COLUMNS, in that order, for an UPDATE. */
export function exposureValues(exposure: Exposure | null): [Date | null, Date | null, boolean, Date | null] {
  return exposure
    ? [exposure.since, exposure.secretReplacedAt, exposure.codesNeeded, exposure.codesReissuedAt]
    : [null, null, false, null]
}

export function exposureView(exposure: Exposure | null): {
  exposedSince: string | null
  exposure: ExposureProgress | null
} {
  if (!exposure) return { exposedSince: null, exposure: null }
  return {
    exposedSince: exposure.since.toISOString(),
    exposure: {
      secretReplaced: exposure.secretReplacedAt !== null,
      backupCodesReissued: exposure.codesNeeded ? exposure.codesReissuedAt !== null : null,
    },
  }
}

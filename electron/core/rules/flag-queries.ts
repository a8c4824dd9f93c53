import { type FlagKind, flagKinds, type PostureFlag } from '../../../shared/domain/flags.ts'

/** The flags naming one account, in the order `computeFlags` gave them. */
export function flagsForAccount(flags: readonly PostureFlag[], accountId: string): PostureFlag[] {
  return flags.filter((flag) => flag.accountIds.includes(accountId))
}

/** How many flags of each kind, every kind present (zero when none), for badges and summaries. */
export function countByKind(flags: readonly PostureFlag[]): Record<FlagKind, number> {
  const counts = Object.fromEntries(flagKinds.map((kind) => [kind, 0])) as Record<FlagKind, number>
  for (const flag of flags) counts[flag.kind] += 1
  return counts
}

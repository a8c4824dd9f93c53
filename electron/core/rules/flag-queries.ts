import { type FlagKind, flagKinds, type PostureFlag } from '../../../shared/domain/flags.ts'

/** The flags naming one account, in the order `computeFlags` gave them. */
export function flagsForAccount(flags: readonly PostureFlag[], accountId: string): PostureFlag[] {
  return flags.filter((flag) => flag.accountIds.includes(accountId))
}

/** The flags naming any of these accounts, in the order `computeFlags` gave them. */
export function flagsNamingAny(flags: readonly PostureFlag[], accountIds: Iterable<string>): PostureFlag[] {
  const named = new Set(accountIds)
  return flags.filter((flag) => flag.accountIds.some((id) => named.has(id)))
}

/** Accounts named by a flag worse than "info": the ones a window marks as having warnings. */
export function accountsWithWarnings(flags: readonly PostureFlag[]): Set<string> {
  const warned = new Set<string>()
  for (const flag of flags) {
    if (flag.severity === 'info') continue
    for (const id of flag.accountIds) warned.add(id)
  }
  return warned
}

/** How many flags of each kind, every kind present (zero when none), for badges and summaries. */
export function countByKind(flags: readonly PostureFlag[]): Record<FlagKind, number> {
  const counts = Object.fromEntries(flagKinds.map((kind) => [kind, 0])) as Record<FlagKind, number>
  for (const flag of flags) counts[flag.kind] += 1
  return counts
}

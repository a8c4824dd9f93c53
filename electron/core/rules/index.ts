export { computeFlags } from './compute-flags.ts'
export { accountsWithWarnings, countByKind, flagsForAccount, flagsNamingAny } from './flag-queries.ts'
export type { RuleAccount } from './rule-account.ts'

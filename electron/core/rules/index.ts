export { computeFlags } from './compute-flags.ts'
export { countByKind, flagsForAccount } from './flag-queries.ts'
export type { RuleAccount } from './rule-account.ts'

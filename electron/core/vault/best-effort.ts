/** Upkeep an unlock can do without: a full disk must not keep people from reading their codes. */
export function bestEffort<T>(work: () => T): T | undefined {
  try {
    return work()
  } catch {
    return undefined
  }
}

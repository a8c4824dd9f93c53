/** How far before the server's clock a provider's time is still believed (queues, a phone offline a while). */
export const PROVIDER_TIME_PAST_MS = 60 * 60_000
/** How far ahead of the server's clock a provider's time is still believed (clock skew). */
export const PROVIDER_TIME_FUTURE_MS = 5 * 60_000

/**
 * The time a message says it arrived, as its sealed plaintext carries it. The provider's (or a
 * forwarder's) own time is only a claim: one in the future would keep a stale code looking fresh, one
 * long past would keep a new code from being shown or notified, and a year past 9999 has no ISO form
 * the plaintext accepts. So it is used only while it lies close to the server's clock; anything else,
 * readable or not, becomes the server's time.
 */
export function trustedReceivedAt(given: string | undefined, now: Date): string {
  const time = given === undefined ? Number.NaN : Date.parse(given)
  const nowMs = now.getTime()
  if (
    Number.isFinite(time) &&
    time >= nowMs - PROVIDER_TIME_PAST_MS &&
    time <= nowMs + PROVIDER_TIME_FUTURE_MS
  ) {
    return new Date(time).toISOString()
  }
  return now.toISOString()
}

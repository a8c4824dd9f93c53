import { useEffect, useState } from 'react'

/**
 * Whole seconds left until `until` (a Date.now() timestamp), ticking down to 0. Used to keep an
 * unlock button disabled while the core's throttle says to wait.
 */
export function useSecondsUntil(until: number): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until <= Date.now()) return
    const timer = window.setInterval(() => {
      const current = Date.now()
      setNow(current)
      if (current >= until) window.clearInterval(timer)
    }, 250)
    return () => window.clearInterval(timer)
  }, [until])
  return Math.max(0, Math.ceil((until - now) / 1000))
}

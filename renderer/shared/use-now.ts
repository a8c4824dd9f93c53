import { useEffect, useState } from 'react'

/**
 * The time, updated on each whole second: one clock for every countdown ring in a list, aligned to the
 * second so all rings and codes turn over together.
 */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    let timer: number
    const tick = () => {
      const current = Date.now()
      setNow(current)
      timer = window.setTimeout(tick, 1000 - (current % 1000) + 5)
    }
    timer = window.setTimeout(tick, 1000 - (Date.now() % 1000) + 5)
    return () => window.clearTimeout(timer)
  }, [])
  return now
}

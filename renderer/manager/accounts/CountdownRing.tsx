const RADIUS = 9
const CIRCUMFERENCE = 2 * Math.PI * RADIUS

/** The last seconds of a code, when copying it would hand over one about to expire. */
export const URGENT_SECONDS = 5

/** How much of the code's period is left, as a draining ring. Decorative: the row says it in words. */
export function CountdownRing({ secondsLeft, period }: { secondsLeft: number; period: number }) {
  const fraction = Math.min(1, Math.max(0, secondsLeft / period))
  return (
    <svg
      className={secondsLeft <= URGENT_SECONDS ? 'ring ring-urgent' : 'ring'}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
    >
      <circle className="ring-track" cx="12" cy="12" r={RADIUS} />
      <circle
        className="ring-fill"
        cx="12"
        cy="12"
        r={RADIUS}
        strokeDasharray={CIRCUMFERENCE}
        strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
        transform="rotate(-90 12 12)"
      />
    </svg>
  )
}

import type { ReactNode } from 'react'

/** The centred card of the lock screens: an icon badge, a heading, then whatever the step needs. */
export function LockScreenCard({
  icon,
  tone = 'accent',
  title,
  children,
}: {
  icon: ReactNode
  tone?: 'accent' | 'success'
  title: string
  children: ReactNode
}) {
  return (
    <main className="lock-screen">
      <section className="card">
        <div className={`badge badge-${tone}`} aria-hidden="true">
          {icon}
        </div>
        <h1>{title}</h1>
        {children}
      </section>
    </main>
  )
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import type { AppPreferences } from '../../../shared/domain/preferences.ts'
import type { PreferencesView } from '../../../shared/ipc/contract.ts'
import { managerApi, unwrap, type ApiError } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Checkbox } from '../../shared/components/Checkbox.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'

const PREFERENCES_KEY = ['preferences'] as const

/**
 * How Twofold behaves on this computer: the quick-popup hotkey, clipboard clearing, when to lock,
 * login item, screen capture, backups. Kept beside the vault (not in it): needed before it unlocks.
 */
export function DesktopSettings() {
  const preferences = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: () => unwrap(managerApi().getPreferences({})),
  })
  return (
    <section className="panel" aria-labelledby="desktop-heading">
      <h2 id="desktop-heading">This computer</h2>
      <ErrorMessage error={preferences.error} />
      {preferences.data && <DesktopForm view={preferences.data} />}
    </section>
  )
}

function DesktopForm({ view }: { view: PreferencesView }) {
  const queryClient = useQueryClient()
  const saved = view.preferences
  const [hotkey, setHotkey] = useState(saved.hotkey)
  const [clearSeconds, setClearSeconds] = useState(String(saved.clipboardClearSeconds))
  const [idleMinutes, setIdleMinutes] = useState(String(saved.idleLockMinutes))
  const [flags, setFlags] = useState({
    lockOnSuspend: saved.lockOnSuspend,
    lockOnScreenLock: saved.lockOnScreenLock,
    launchAtLogin: saved.launchAtLogin,
    contentProtection: saved.contentProtection,
    autoBackup: saved.autoBackup,
    inboxNotifications: saved.inboxNotifications,
  })
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const update = useMutation<PreferencesView, ApiError, Partial<AppPreferences>>({
    mutationFn: (patch) => unwrap(managerApi().updatePreferences(patch)),
    onSuccess: (next) => queryClient.setQueryData(PREFERENCES_KEY, next),
  })
  const flag = (name: keyof typeof flags) => (checked: boolean) =>
    setFlags((current) => ({ ...current, [name]: checked }))

  function submit(event: FormEvent) {
    event.preventDefault()
    setDone(null)
    const seconds = Number(clearSeconds)
    const minutes = Number(idleMinutes)
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600)
      return setProblem('Clear the clipboard after 0 to 3600 seconds.')
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 1440)
      return setProblem('Lock after 0 to 1440 idle minutes.')
    setProblem(null)
    update.mutate(
      { hotkey: hotkey.trim(), clipboardClearSeconds: seconds, idleLockMinutes: minutes, ...flags },
      { onSuccess: () => setDone('Saved for this computer.') },
    )
  }

  const hotkeyProblem = update.data?.hotkeyProblem ?? view.hotkeyProblem
  const screenLockProblems = update.data?.screenLockProblems ?? view.screenLockProblems
  return (
    <form
      className="stack settings-form"
      onSubmit={submit}
      noValidate
      aria-label="Settings for this computer"
    >
      <Field
        label="Quick-code shortcut"
        hint="Opens the quick popup from anywhere, e.g. CommandOrControl+Shift+2. Leave empty for none."
        className="narrow"
        value={hotkey}
        onValueChange={setHotkey}
      />
      {hotkeyProblem && (
        <p className="field-hint" role="status">
          {hotkeyProblem}
        </p>
      )}
      <Field
        label="Clear copied codes after (seconds)"
        hint="Only if the clipboard still holds the code Twofold put there. 0 never clears."
        type="number"
        min={0}
        max={3600}
        className="narrow"
        value={clearSeconds}
        onValueChange={setClearSeconds}
      />
      <Field
        label="Lock after idle minutes"
        hint="Minutes without keyboard or mouse input. 0 never locks on idle."
        type="number"
        min={0}
        max={1440}
        className="narrow"
        value={idleMinutes}
        onValueChange={setIdleMinutes}
      />
      <Checkbox
        label="Lock when the computer sleeps"
        checked={flags.lockOnSuspend}
        onCheckedChange={flag('lockOnSuspend')}
      />
      <Checkbox
        label="Lock when the screen locks"
        {...(screenLockProblems.length > 0
          ? { hint: `Not available here: ${screenLockProblems.join('; ')}.` }
          : {})}
        checked={flags.lockOnScreenLock}
        onCheckedChange={flag('lockOnScreenLock')}
      />
      <Checkbox
        label="Hide Twofold from screen capture and screen sharing"
        hint="Turn off only to demo or record Twofold."
        checked={flags.contentProtection}
        onCheckedChange={flag('contentProtection')}
      />
      <Checkbox
        label="Start Twofold at login"
        checked={flags.launchAtLogin}
        onCheckedChange={flag('launchAtLogin')}
      />
      <Checkbox
        label="Back up automatically after changes"
        hint="Encrypted; a backup opens with the vault password or the recovery key."
        checked={flags.autoBackup}
        onCheckedChange={flag('autoBackup')}
      />
      <Checkbox
        label="Notify me of new inbox codes"
        hint="For accounts you hold. The notification names the account, never the code."
        checked={flags.inboxNotifications}
        onCheckedChange={flag('inboxNotifications')}
      />
      <ErrorMessage error={problem ?? update.error} />
      <div className="actions">
        <Button type="submit" busy={update.isPending}>
          Save for this computer
        </Button>
      </div>
      <StatusMessage>{done}</StatusMessage>
    </form>
  )
}

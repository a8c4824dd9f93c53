import { KeyRound, Lock, ShieldCheck } from 'lucide-react'
import { useId, useState, type FormEvent } from 'react'
import type { VaultSettings } from '../../../shared/domain/views.ts'
import type { VaultStatus } from '../../../shared/domain/vault.ts'
import { managerApi } from '../../shared/api.ts'
import { Button } from '../../shared/components/Button.tsx'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { Field } from '../../shared/components/Field.tsx'
import { StatusMessage } from '../../shared/components/StatusMessage.tsx'
import { useSettings } from '../data/queries.ts'
import { useVaultMutation } from '../data/use-vault-mutation.ts'
import { PasswordSettings } from '../screens/PasswordSettings.tsx'
import { BackupSettings } from './BackupSettings.tsx'
import { DesktopSettings } from './DesktopSettings.tsx'
import { ExportSettings } from './ExportSettings.tsx'
import { TeamSettings } from './TeamSettings.tsx'

export function SettingsView({ status }: { status: VaultStatus }) {
  const settings = useSettings()
  return (
    <section className="view settings-view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">Settings</h1>
      </header>
      <div className="view-scroll settings-stack">
        <section className="panel" aria-labelledby="general-heading">
          <h2 id="general-heading">General</h2>
          <ErrorMessage error={settings.error} />
          {settings.data && <GeneralSettings saved={settings.data} />}
        </section>
        <DesktopSettings />
        <TeamSettings />
        <BackupSettings />
        <ExportSettings passwordSlot={status.slots.password} />
        <section className="panel" aria-labelledby="security-heading">
          <h2 id="security-heading">Security</h2>
          <PasswordSettings status={status} />
        </section>
        <VaultFacts status={status} />
      </div>
    </section>
  )
}

const THEMES: { value: VaultSettings['theme']; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
]

/** Settings kept in the vault, so the app and the CLI agree on them. */
function GeneralSettings({ saved }: { saved: VaultSettings }) {
  const id = useId()
  const [region, setRegion] = useState(saved.defaultPhoneRegion ?? '')
  const [threshold, setThreshold] = useState(String(saved.lowBackupCodeThreshold))
  const [theme, setTheme] = useState(saved.theme)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const update = useVaultMutation((patch: Partial<VaultSettings>) => managerApi().updateSettings(patch))

  function submit(event: FormEvent) {
    event.preventDefault()
    setDone(null)
    const code = region.trim().toUpperCase()
    if (code !== '' && !/^[A-Z]{2}$/.test(code))
      return setProblem('Use a two-letter country code such as US or GB.')
    const count = Number(threshold)
    if (!Number.isInteger(count) || count < 0 || count > 100)
      return setProblem('Use a whole number from 0 to 100.')
    setProblem(null)
    update.mutate(
      { defaultPhoneRegion: code === '' ? null : code, lowBackupCodeThreshold: count, theme },
      { onSuccess: () => setDone('Settings saved.') },
    )
  }

  return (
    <form className="stack settings-form" onSubmit={submit} noValidate aria-label="General settings">
      <Field
        label="Default phone region"
        hint="Two letters (US, GB, DE…): numbers typed without a country code are read as this country’s."
        maxLength={2}
        autoCapitalize="characters"
        className="narrow"
        value={region}
        onValueChange={setRegion}
      />
      <Field
        label="Warn when backup codes run low"
        hint="Flag an account when this many unused backup codes or fewer remain."
        type="number"
        min={0}
        max={100}
        className="narrow"
        value={threshold}
        onValueChange={setThreshold}
      />
      <fieldset className="fieldset">
        <legend>Theme</legend>
        <div className="segmented">
          {THEMES.map((option) => (
            <label key={option.value}>
              <input
                type="radio"
                name={`${id}-theme`}
                value={option.value}
                checked={theme === option.value}
                onChange={() => setTheme(option.value)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorMessage error={problem ?? update.error} />
      <div className="actions">
        <Button type="submit" busy={update.isPending}>
          Save settings
        </Button>
      </div>
      <StatusMessage>{done}</StatusMessage>
    </form>
  )
}

function VaultFacts({ status }: { status: VaultStatus }) {
  return (
    <section className="panel" aria-labelledby="vault-heading">
      <h2 id="vault-heading">Vault</h2>
      <dl className="facts">
        <div>
          <dt>Location</dt>
          <dd>
            <code className="path">{status.location}</code>
          </dd>
        </div>
        <div>
          <dt>Unlocks with</dt>
          <dd>
            <ul className="chips">
              {status.slots.keychain && (
                <li>
                  <ShieldCheck aria-hidden="true" /> System keychain
                </li>
              )}
              {status.slots.password && (
                <li>
                  <Lock aria-hidden="true" /> Password
                </li>
              )}
              {status.slots.recovery && (
                <li>
                  <KeyRound aria-hidden="true" /> Recovery key
                </li>
              )}
            </ul>
          </dd>
        </div>
      </dl>
    </section>
  )
}

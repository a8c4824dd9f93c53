import { useId } from 'react'
import { Field } from '../../shared/components/Field.tsx'
import type { NewAccountDraft } from './new-account-draft.ts'

type Change = (patch: Partial<NewAccountDraft>) => void

/** The secret, as a pasted otpauth:// link or typed by hand, and the code that proves it is right. */
export function AuthenticatorFields({
  draft,
  platformName,
  onChange,
}: {
  draft: NewAccountDraft
  platformName: string
  onChange: Change
}) {
  const id = useId()
  return (
    <fieldset className="fieldset">
      <legend>Authenticator secret</legend>
      <div className="segmented" role="radiogroup" aria-label="How to give the secret">
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={draft.secretSource === 'uri'}
            onChange={() => onChange({ secretSource: 'uri' })}
          />
          <span>Paste otpauth link</span>
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-source`}
            checked={draft.secretSource === 'manual'}
            onChange={() => onChange({ secretSource: 'manual' })}
          />
          <span>Type secret key</span>
        </label>
      </div>
      {draft.secretSource === 'uri' ? (
        <div className="field">
          <label htmlFor={`${id}-uri`}>otpauth link</label>
          <textarea
            id={`${id}-uri`}
            className="input textarea mono"
            rows={2}
            spellCheck={false}
            placeholder="otpauth://totp/Instagram:acme.bakery?secret=…&issuer=Instagram"
            value={draft.uri}
            onChange={(event) => onChange({ uri: event.target.value })}
            aria-describedby={`${id}-uri-hint`}
          />
          <p id={`${id}-uri-hint`} className="field-hint">
            From the QR code on the service’s 2FA setup page. The handle is taken from it if left empty.
          </p>
        </div>
      ) : (
        <>
          <Field
            label="Secret key"
            hint="The letters and digits shown under “Can’t scan the code?”. Spaces do not matter."
            autoComplete="off"
            spellCheck={false}
            className="mono"
            value={draft.secret}
            onValueChange={(secret) => onChange({ secret })}
          />
          <details className="advanced">
            <summary>Advanced: type, digits, period, algorithm</summary>
            <div className="advanced-grid">
              <label>
                Type
                <select
                  className="input"
                  value={draft.type}
                  onChange={(event) => onChange({ type: event.target.value as NewAccountDraft['type'] })}
                >
                  <option value="totp">Time-based (TOTP)</option>
                  <option value="hotp">Counter-based (HOTP)</option>
                </select>
              </label>
              <label>
                Digits
                <select
                  className="input"
                  value={draft.digits}
                  onChange={(event) => onChange({ digits: Number(event.target.value) })}
                >
                  {[6, 7, 8].map((digits) => (
                    <option key={digits} value={digits}>
                      {digits}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Period (s)
                <input
                  className="input"
                  type="number"
                  min={1}
                  max={3600}
                  value={draft.period}
                  onChange={(event) => onChange({ period: Number(event.target.value) || 30 })}
                />
              </label>
              <label>
                Algorithm
                <select
                  className="input"
                  value={draft.algorithm}
                  onChange={(event) =>
                    onChange({ algorithm: event.target.value as NewAccountDraft['algorithm'] })
                  }
                >
                  <option value="SHA1">SHA-1</option>
                  <option value="SHA256">SHA-256</option>
                  <option value="SHA512">SHA-512</option>
                </select>
              </label>
            </div>
          </details>
        </>
      )}
      <Field
        label={`Code ${platformName} shows now`}
        hint="Proves the secret was copied right before anyone relies on it."
        inputMode="numeric"
        autoComplete="one-time-code"
        className="code-field"
        value={draft.verificationCode}
        onValueChange={(verificationCode) => onChange({ verificationCode })}
      />
    </fieldset>
  )
}

import { Copy, History, Pencil, QrCode, Trash2 } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import type { AccountSummary, Client, PhoneMethod } from '../../../shared/domain/accounts.ts'
import type { PostureFlag } from '../../../shared/domain/flags.ts'
import { flagKindFacts } from '../../shared/catalog/flags.ts'
import { platforms } from '../../shared/catalog/platforms.ts'
import { Button } from '../../shared/components/Button.tsx'
import { Dialog } from '../../shared/components/Dialog.tsx'
import { useToast } from '../../shared/components/Toasts.tsx'
import { formatDate } from '../../shared/format.ts'
import { PlatformMark } from '../accounts/badges.tsx'
import { BackupCodesPanel } from './BackupCodesPanel.tsx'
import { EditAccountForm } from './EditAccountForm.tsx'
import { PhoneQrDialog } from './PhoneQrDialog.tsx'
import { PhoneValue } from './PhoneValue.tsx'
import { ReplaceSecretForm } from './ReplaceSecretForm.tsx'
import { managerApi } from '../../shared/api.ts'
import { ErrorMessage } from '../../shared/components/ErrorMessage.tsx'
import { useVaultMutation } from '../data/use-vault-mutation.ts'

export interface AccountDetailProps {
  account: AccountSummary
  flags: readonly PostureFlag[]
  clients: readonly Client[]
  /** The vault has a password: revealing every backup code asks for it. */
  passwordSlot: boolean
  onClose: () => void
  onCopy: (account: AccountSummary) => void
  onDelete: (ids: readonly string[]) => void
  onShowHistory: (accountId: string) => void
}

/** Everything about one account, beside the list: methods, backup codes, flags, and editing. */
export function AccountDetail({
  account,
  flags,
  clients,
  passwordSlot,
  onClose,
  onCopy,
  onDelete,
  onShowHistory,
}: AccountDetailProps) {
  const [editing, setEditing] = useState(false)
  const [replacingSecret, setReplacingSecret] = useState(false)
  const [showingQr, setShowingQr] = useState(false)
  const toast = useToast()
  const facts = platforms[account.platform]
  const { authenticator, sms, whatsapp } = account.methods

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      variant="side"
      title={
        <span className="detail-title">
          <PlatformMark platform={account.platform} issuer={account.issuer} />
          {account.handle}
        </span>
      }
      description={`${account.platform === 'generic' ? account.issuer || facts.name : facts.name} · ${account.clientName ?? 'No client'}`}
    >
      {editing ? (
        <EditAccountForm
          account={account}
          clients={clients}
          onDone={(saved) => {
            setEditing(false)
            if (saved) toast({ message: `Saved ${account.handle}` })
          }}
        />
      ) : (
        <div className="detail">
          <section className="detail-section" aria-labelledby="details-heading">
            <div className="section-head">
              <h3 id="details-heading">Details</h3>
              <Button variant="quiet" icon={<Pencil aria-hidden="true" />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            </div>
            <dl className="facts compact">
              <Fact term="Client">{account.clientName ?? <span className="muted">None</span>}</Fact>
              {account.displayName && <Fact term="Display name">{account.displayName}</Fact>}
              <Fact term="Tags">
                {account.tags.length > 0 ? (
                  <ul className="chips">
                    {account.tags.map((tag) => (
                      <li key={tag}>{tag}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">None</span>
                )}
              </Fact>
              <Fact term="Notes">
                {account.notes ? (
                  <p className="notes">{account.notes}</p>
                ) : (
                  <span className="muted">None</span>
                )}
              </Fact>
            </dl>
          </section>

          <section className="detail-section" aria-labelledby="methods-heading">
            <h3 id="methods-heading">2FA methods</h3>
            <dl className="facts compact">
              {facts.methods.includes('authenticator') && (
                <Fact term="Authenticator app">
                  {authenticator ? (
                    <span className="method-line">
                      <span>
                        {authenticator.type.toUpperCase()} · {authenticator.digits} digits
                        {authenticator.type !== 'hotp' ? ` · ${authenticator.period} s` : ''}
                      </span>
                      <Verified at={authenticator.verifiedAt} />
                      <Button
                        variant="quiet"
                        className="button-small"
                        icon={<Copy aria-hidden="true" />}
                        onClick={() => onCopy(account)}
                      >
                        Copy code
                      </Button>
                      <Button
                        variant="quiet"
                        className="button-small"
                        icon={<QrCode aria-hidden="true" />}
                        onClick={() => setShowingQr(true)}
                      >
                        Move to phone
                      </Button>
                    </span>
                  ) : (
                    <span className="muted">Off</span>
                  )}
                  {replacingSecret ? (
                    <ReplaceSecretForm
                      account={account}
                      onCancel={() => setReplacingSecret(false)}
                      onDone={() => {
                        setReplacingSecret(false)
                        toast({
                          message: authenticator
                            ? 'Secret replaced and verified.'
                            : 'Secret added and verified.',
                        })
                      }}
                    />
                  ) : (
                    <Button variant="quiet" className="button-small" onClick={() => setReplacingSecret(true)}>
                      {authenticator ? 'Replace secret' : 'Add secret'}
                    </Button>
                  )}
                </Fact>
              )}
              {facts.methods.includes('sms') && (
                <Fact term="SMS">
                  <PhoneMethodLine accountId={account.id} kind="sms" method={sms} label="SMS" />
                </Fact>
              )}
              {facts.methods.includes('whatsapp') && (
                <Fact term="WhatsApp">
                  <PhoneMethodLine
                    accountId={account.id}
                    kind="whatsapp"
                    method={whatsapp}
                    label="WhatsApp"
                  />
                </Fact>
              )}
            </dl>
          </section>

          {showingQr && (
            <PhoneQrDialog
              accountId={account.id}
              handle={account.handle}
              passwordSlot={passwordSlot}
              onClose={() => setShowingQr(false)}
            />
          )}
          {facts.methods.includes('backup-codes') && (
            <BackupCodesPanel account={account} passwordSlot={passwordSlot} />
          )}

          {flags.length > 0 && (
            <section className="detail-section" aria-labelledby="flags-heading">
              <h3 id="flags-heading">Flags</h3>
              <ul className="flag-messages">
                {flags.map((flag, index) => (
                  <li key={`${flag.kind}-${index}`} className={`flag-message flag-${flag.severity}`}>
                    <strong>{flagKindFacts[flag.kind].label}</strong>
                    <span>{flag.message}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <footer className="detail-footer actions">
            <Button
              variant="secondary"
              icon={<History aria-hidden="true" />}
              onClick={() => onShowHistory(account.id)}
            >
              History
            </Button>
            <Button
              variant="danger"
              icon={<Trash2 aria-hidden="true" />}
              onClick={() => onDelete([account.id])}
            >
              Delete
            </Button>
          </footer>
        </div>
      )}
    </Dialog>
  )
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function PhoneMethodLine({
  accountId,
  kind,
  method,
  label,
}: {
  accountId: string
  kind: 'sms' | 'whatsapp'
  method: PhoneMethod | null
  label: string
}) {
  const mark = useVaultMutation((verified: boolean) =>
    managerApi().setPhoneVerified({ id: accountId, kind, verified }),
  )
  if (!method?.enabled) return <span className="muted">Off</span>
  return (
    <span className="method-line">
      <PhoneValue phone={method.phone} label={label} />
      <Verified at={method.verifiedAt} />
      <Button
        variant="quiet"
        className="button-small"
        busy={mark.isPending}
        onClick={() => mark.mutate(method.verifiedAt === null)}
      >
        {method.verifiedAt === null ? `Mark ${label} number verified` : `Mark ${label} number unverified`}
      </Button>
      <ErrorMessage error={mark.error} />
    </span>
  )
}

function Verified({ at }: { at: string | null }) {
  return at ? (
    <span className="state state-ok">Verified {formatDate(at)}</span>
  ) : (
    <span className="state state-warn">Not verified</span>
  )
}

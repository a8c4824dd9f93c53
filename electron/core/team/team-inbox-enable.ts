import type { TeamResponse } from '../../../shared/team/team-api.ts'
import { openAccountStore } from '../accounts/open-stores.ts'
import { TwofoldError } from '../errors.ts'
import { inboxNumbersOf } from '../inbox/inbox-numbers.ts'
import { agreementPublicKeyFor } from './crypto/device-keys.ts'
import { generateInboxKeyPair } from './crypto/inbox-seal.ts'
import { teamClientNamed } from './team-admin.ts'
import { openInboxKey, sealedInboxKey, serverInboxKeys, type InboxKeyWrite } from './team-inbox-keys.ts'
import type { TeamSession } from './team-session.ts'

export type InboxEnabled = TeamResponse<'team:inbox-enable'>

/**
 * Turns on (or refreshes) a team client's code inbox: its numbers are registered with the server (which
 * keeps only keyed hashes of them) and its inbox key is the one already there when it opens and pairs,
 * else a fresh one — always sealed under the client's current key, so exactly its holders open it.
 * Enabling again after adding a number re-registers the whole list.
 */
export async function enableInbox(
  session: TeamSession,
  clientName: string,
  options: { retentionHours?: number },
): Promise<InboxEnabled> {
  session.requireAdmin("enable a client's code inbox")
  const clientId = teamClientNamed(session, clientName)
  const store = session.store()
  const client = store.teamClient(clientId)
  if (!client) throw new TwofoldError('client-not-found', 'That client is not shared with the team.')
  const accounts = openAccountStore(session.parts.vault, session.parts.audit, session.parts.now)
    .list()
    .filter((account) => account.clientId === client.clientId)
  const numbers = inboxNumbersOf(clientName.trim(), accounts)
  const inboxKey = await currentInboxKey(session, clientId, client.keyVersion)
  return await session.call('team:inbox-enable', {
    params: { client: clientId },
    body: {
      inboxKey,
      numbers,
      ...(options.retentionHours === undefined ? {} : { retentionHours: options.retentionHours }),
    },
  })
}

/** The client's inbox key sealed under its current client key: the existing pair when it checks out. */
async function currentInboxKey(
  session: TeamSession,
  clientId: string,
  keyVersion: number,
): Promise<InboxKeyWrite> {
  const clientKey = session.store().clientKey(clientId, keyVersion)
  if (!clientKey)
    throw new TwofoldError(
      'team-untrusted',
      'This device does not hold the current key of that client: sync first.',
    )
  try {
    const existing = (await serverInboxKeys(session)).find(
      (key) => key.clientId === clientId && !key.previous,
    )
    const opened = existing ? openInboxKey(session, existing) : null
    if (existing && opened) {
      try {
        if (existing.keyVersion === keyVersion)
          return {
            keyVersion,
            publicKey: existing.publicKey,
            sealedPrivateKey: existing.sealedPrivateKey,
          }
        const pair = { privateKey: opened, publicKey: agreementPublicKeyFor(opened) }
        return sealedInboxKey(session, clientId, keyVersion, clientKey, pair)
      } finally {
        opened.fill(0)
      }
    }
    // None yet, or one this device cannot trust: messages sealed to it were never readable here.
    const pair = generateInboxKeyPair()
    try {
      return sealedInboxKey(session, clientId, keyVersion, clientKey, pair)
    } finally {
      pair.privateKey.fill(0)
    }
  } finally {
    clientKey.fill(0)
  }
}

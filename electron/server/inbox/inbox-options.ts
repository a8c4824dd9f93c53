import { join } from 'node:path'
import { defaultDataDir, ServerOptionsError, type DatabaseChoice } from '../server-options.ts'
import type { InboxServerOptions } from './inbox-service.ts'
import { InboxSecretError, parseInboxSecret, readOrCreateInboxSecret } from './inbox-secret.ts'
import {
  ProviderSecretError,
  readProviderSecrets,
  type InboxProviderSecretFiles,
} from './provider-secrets.ts'

/** `twofold-server start`'s inbox options; every secret comes from a file or the environment. */
export interface InboxStartOptions extends InboxProviderSecretFiles {
  inboxSecretFile?: string
}

export const INBOX_SECRET_ENV = 'TWOFOLD_INBOX_SECRET'
export const INBOX_SECRET_FILE_NAME = 'inbox-secret'

/**
 * The inbox secret: --inbox-secret-file, else $TWOFOLD_INBOX_SECRET, else `inbox-secret` in the data
 * folder (--data, or the default one also with --database-url), made on the first start. Every copy of
 * a server on one database needs the same secret.
 */
export async function resolveInboxOptions(
  options: InboxStartOptions & { data?: string },
  choice: DatabaseChoice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InboxServerOptions> {
  try {
    const fromEnv = env[INBOX_SECRET_ENV]
    const secret =
      options.inboxSecretFile !== undefined
        ? await readOrCreateInboxSecret(options.inboxSecretFile)
        : fromEnv !== undefined && fromEnv !== ''
          ? parseInboxSecret(fromEnv, INBOX_SECRET_ENV)
          : await readOrCreateInboxSecret(
              join(
                choice.kind === 'embedded' ? choice.dataDir : (options.data ?? defaultDataDir(env)),
                INBOX_SECRET_FILE_NAME,
              ),
            )
    return { secret, providers: await readProviderSecrets(options, env) }
  } catch (error) {
    if (error instanceof InboxSecretError || error instanceof ProviderSecretError) {
      throw new ServerOptionsError(error.message)
    }
    throw error
  }
}

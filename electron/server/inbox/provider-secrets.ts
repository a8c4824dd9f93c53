import { readFile } from 'node:fs/promises'

/** Each provider's secret as the server was given it: a provider without one has no endpoint. */
export interface InboxProviderSecrets {
  twilioAuthToken?: string
  metaAppSecret?: string
  metaVerifyToken?: string
  androidSmsGatewaySigningKey?: string
}

/** `--…-file` options: a secret is never on the command line, where `ps` shows it. */
export interface InboxProviderSecretFiles {
  twilioAuthTokenFile?: string
  metaAppSecretFile?: string
  metaVerifyTokenFile?: string
  androidSmsGatewaySigningKeyFile?: string
}

/** The environment variable of each secret, and its file option. */
export const PROVIDER_SECRET_SOURCES = {
  twilioAuthToken: {
    env: 'TWILIO_AUTH_TOKEN',
    file: 'twilioAuthTokenFile',
    option: '--twilio-auth-token-file',
  },
  metaAppSecret: { env: 'META_APP_SECRET', file: 'metaAppSecretFile', option: '--meta-app-secret-file' },
  metaVerifyToken: {
    env: 'META_VERIFY_TOKEN',
    file: 'metaVerifyTokenFile',
    option: '--meta-verify-token-file',
  },
  androidSmsGatewaySigningKey: {
    env: 'ANDROID_SMS_GATEWAY_SIGNING_KEY',
    file: 'androidSmsGatewaySigningKeyFile',
    option: '--android-sms-gateway-signing-key-file',
  },
} as const satisfies Record<
  keyof InboxProviderSecrets,
  { env: string; file: keyof InboxProviderSecretFiles; option: string }
>

export class ProviderSecretError extends Error {
  override readonly name = 'ProviderSecretError'
}

/** A file option wins over its environment variable; an empty value counts as not given. */
export async function readProviderSecrets(
  files: InboxProviderSecretFiles,
  env: NodeJS.ProcessEnv = process.env,
): Promise<InboxProviderSecrets> {
  const secrets: InboxProviderSecrets = {}
  for (const [name, source] of Object.entries(PROVIDER_SECRET_SOURCES) as [
    keyof InboxProviderSecrets,
    (typeof PROVIDER_SECRET_SOURCES)[keyof InboxProviderSecrets],
  ][]) {
    const file = files[source.file]
    let value: string | undefined
    if (file !== undefined) {
      value = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new ProviderSecretError(`cannot read ${source.option} ${file}: ${error.code ?? 'error'}`)
      })
      if (value.trim() === '') throw new ProviderSecretError(`${source.option} ${file} is empty`)
    } else {
      value = env[source.env]
    }
    const trimmed = value?.trim()
    if (trimmed !== undefined && trimmed !== '') secrets[name] = trimmed
  }
  return secrets
}

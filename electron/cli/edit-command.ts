import type { Command } from 'commander'
import { TwofoldError } from '../core/errors.ts'
import type { CliContext, GlobalOptions } from './cli-context.ts'
import { findAccount } from './find-account.ts'
import { printJson, printLines } from './output.ts'

type WithVault = <T>(command: Command, work: (context: CliContext) => Promise<T> | T) => Promise<T>

interface EditOptions {
  handle?: string
  label?: string
  issuer?: string
  notes?: string
  tags?: string
  secretStdin?: boolean
  uriStdin?: boolean
  verify?: string
}

/**
 * `twofold edit`: changes an account's fields in the vault, or replaces its authenticator secret with a
 * new one from the service (read from stdin only: argv shows in ps and shell history). On a team
 * account the change waits in the journal like the app's edits and reaches the team at the next sync
 * (at once where the app follows the team), so it works offline; a new secret is one of the two steps
 * an account flagged exposed-to-former-member waits for.
 */
export function addEditCommand(program: Command, withVault: WithVault): void {
  program
    .command('edit')
    .description(
      'change an account’s handle, label, issuer, notes, tags or secret (team accounts: sent at the next sync)',
    )
    .argument('<account>', 'part of the handle, issuer or label')
    .option('--handle <handle>', 'the new handle')
    .option('--label <label>', 'the new label')
    .option('--issuer <issuer>', 'the new issuer')
    .option('--notes <text>', 'the new notes (replaces them)')
    .option('--tags <tags>', 'comma-separated tags (replaces them)')
    .option(
      '--secret-stdin',
      'replace the authenticator secret (Base32, TOTP SHA1 6 digits 30 s) read from stdin, after the vault password if any',
    )
    .option('--uri-stdin', 'replace the authenticator with the otpauth:// link read from stdin')
    .option('--verify <code>', 'with a new secret: the code the service shows now, checked before saving')
    .action(async (query: string, options: EditOptions, command: Command) => {
      await withVault(command, (context) => {
        if (options.secretStdin && options.uriStdin)
          throw new TwofoldError('invalid-request', 'Give --secret-stdin or --uri-stdin, not both.')
        if (options.verify !== undefined && !options.secretStdin && !options.uriStdin)
          throw new TwofoldError(
            'invalid-request',
            '--verify checks a new secret: give --secret-stdin or --uri-stdin.',
          )
        const authenticator = options.uriStdin
          ? { source: 'uri' as const, uri: context.stdinSecret('otpauth:// link', '--uri-stdin') }
          : options.secretStdin
            ? {
                source: 'manual' as const,
                secret: context.stdinSecret('authenticator secret', '--secret-stdin'),
                type: 'totp' as const,
                algorithm: 'SHA1' as const,
                digits: 6,
                period: 30,
              }
            : undefined
        const patch = {
          ...(options.handle === undefined ? {} : { handle: options.handle }),
          ...(options.label === undefined ? {} : { label: options.label }),
          ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
          ...(options.notes === undefined ? {} : { notes: options.notes }),
          ...(options.tags === undefined
            ? {}
            : {
                tags: options.tags
                  .split(',')
                  .map((tag) => tag.trim())
                  .filter(Boolean),
              }),
        }
        if (Object.keys(patch).length === 0 && !authenticator)
          throw new TwofoldError(
            'invalid-request',
            'Say what to change: --handle, --label, --issuer, --notes, --tags, --secret-stdin or --uri-stdin.',
          )
        const account = findAccount(context.services.queries.list().accounts, query)
        // The secret first: a wrong --verify code refuses the whole edit before anything is written.
        let updated = account
        if (authenticator)
          updated = context.backend.editing.replaceAuthenticator(
            account.id,
            authenticator,
            options.verify,
          ).account
        if (Object.keys(patch).length > 0) updated = context.backend.editing.update(account.id, patch).account
        if (command.optsWithGlobals<GlobalOptions>().json === true)
          printJson({
            id: updated.id,
            handle: updated.handle,
            label: updated.label,
            issuer: updated.issuer,
            notes: updated.notes,
            tags: updated.tags,
          })
        else printLines([`Changed ${updated.handle}${authenticator ? ' (new authenticator secret)' : ''}.`])
      })
    })
}

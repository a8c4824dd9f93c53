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
}

/**
 * `twofold edit`: changes an account's fields in the vault. On a team account the change waits in the
 * journal like the app's edits and reaches the team at the next `twofold team sync`, so it works offline.
 */
export function addEditCommand(program: Command, withVault: WithVault): void {
  program
    .command('edit')
    .description(
      'change an account’s handle, label, issuer, notes or tags (team accounts: sent at the next sync)',
    )
    .argument('<account>', 'part of the handle, issuer or label')
    .option('--handle <handle>', 'the new handle')
    .option('--label <label>', 'the new label')
    .option('--issuer <issuer>', 'the new issuer')
    .option('--notes <text>', 'the new notes (replaces them)')
    .option('--tags <tags>', 'comma-separated tags (replaces them)')
    .action(async (query: string, options: EditOptions, command: Command) => {
      await withVault(command, (context) => {
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
        if (Object.keys(patch).length === 0)
          throw new TwofoldError(
            'invalid-request',
            'Say what to change: --handle, --label, --issuer, --notes or --tags.',
          )
        const account = findAccount(context.services.queries.list().accounts, query)
        const { account: updated } = context.backend.editing.update(account.id, patch)
        if (command.optsWithGlobals<GlobalOptions>().json === true)
          printJson({
            id: updated.id,
            handle: updated.handle,
            label: updated.label,
            issuer: updated.issuer,
            notes: updated.notes,
            tags: updated.tags,
          })
        else printLines([`Changed ${updated.handle}.`])
      })
    })
}

import type { Command } from 'commander'
import { Option } from 'commander'
import { basename, join, resolve } from 'node:path'
import { wipe } from '../core/crypto/secret-bytes.ts'
import { isTwofoldError, TwofoldError } from '../core/errors.ts'
import { importFormats, type ImportFormat } from '../core/importers/imported-entry.ts'
import { readImport } from '../core/importers/read-import.ts'
import { readImportFile } from '../core/importers/read-import-file.ts'
import { exportToFile } from '../core/transfer/export-file.ts'
import { restoreBackup } from '../core/transfer/restore-backup.ts'
import type { CliContext, GlobalOptions } from './cli-context.ts'
import { printJson, printLines, printTable, warn } from './output.ts'

type WithVault = <T>(command: Command, work: (context: CliContext) => Promise<T> | T) => Promise<T>

/** `twofold import`, `twofold export` and `twofold backup`: moving codes in and out, safely. */
export function addTransferCommands(program: Command, withVault: WithVault): void {
  const json = (command: Command) => command.optsWithGlobals<GlobalOptions>().json === true

  program
    .command('import')
    .description('import accounts from another authenticator’s export (format detected from the content)')
    .argument('<file>')
    .addOption(new Option('--format <format>', 'skip detection').choices(importFormats))
    .option('--dry-run', 'show what would be imported; write nothing')
    .option('--include-duplicates', 'also import entries the vault already has')
    .option('--key-file <path>', 'the KeePass key file that opens the database (with or without a password)')
    .action(
      async (
        file: string,
        options: { format?: ImportFormat; dryRun?: boolean; includeDuplicates?: boolean; keyFile?: string },
        command: Command,
      ) => {
        await withVault(command, async (context) => {
          const bytes = readInput(file)
          // Read once, handed to the reader with the password, and overwritten as soon as it has read.
          const keyFile = options.keyFile === undefined ? undefined : readInput(options.keyFile)
          // The name only breaks a tie content cannot decide (andOTP's old encrypted layout).
          const format = {
            fileName: basename(file),
            ...(options.format ? { format: options.format } : {}),
            ...(keyFile ? { keyFile } : {}),
          }
          // The file's password is read only when the file turns out to be encrypted, so a plain file
          // never waits for a second stdin line. With a key file and --password-stdin both given, the
          // database takes both (KeePass cannot say which is missing), so the password is read first.
          const upfront =
            keyFile && context.options.passwordStdin
              ? { password: context.secondSecret('file password') }
              : null
          const parsed = await readImport(bytes, { ...format, ...upfront })
            .catch((error: unknown) => {
              if (
                upfront !== null ||
                !isTwofoldError(error, 'import-password-required') ||
                !context.options.passwordStdin
              )
                throw error
              return readImport(bytes, { ...format, password: context.secondSecret('file password') })
            })
            .finally(() => wipe(keyFile))
          const plan = context.services.transfer.planImport(parsed)
          try {
            const duplicates = plan.items.filter((item) => item.status === 'duplicate').length
            const wouldImport = plan.items.length - (options.includeDuplicates ? 0 : duplicates)
            const result = options.dryRun
              ? { imported: wouldImport, duplicates: options.includeDuplicates ? 0 : duplicates }
              : context.services.transfer.commitImport(plan, {
                  includeDuplicates: options.includeDuplicates === true,
                  onProgress: (done, total) => {
                    if (!json(command) && total >= 1000)
                      process.stderr.write(`\rimporting ${done} of ${total}…`)
                  },
                })
            const failed = plan.failed.map((entry) => ({
              index: entry.position,
              name: entry.name,
              reason: entry.reason,
            }))
            if (json(command))
              printJson({
                format: plan.format,
                imported: result.imported,
                duplicates: result.duplicates,
                failed,
              })
            else {
              printLines([
                `${options.dryRun ? 'Would import' : 'Imported'} ${result.imported} account${result.imported === 1 ? '' : 's'} from ${plan.format}; ${result.duplicates} duplicate${result.duplicates === 1 ? '' : 's'} skipped.`,
                ...failed.map((entry) => `  not imported: #${entry.index} ${entry.name}: ${entry.reason}`),
              ])
            }
          } finally {
            for (const entry of parsed.entries) wipe(entry.secret)
          }
        })
      },
    )

  program
    .command('export')
    .description('export codes: an encrypted Aegis vault, or plain otpauth:// links')
    .addOption(
      new Option('--format <format>', 'file format').choices(['aegis', 'otpauth']).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write it')
    .option('--client <name>', 'only this client’s accounts')
    .option('--yes-plaintext', 'confirm writing secrets in plain text (otpauth)')
    .action(
      async (
        options: { format: 'aegis' | 'otpauth'; out: string; client?: string; yesPlaintext?: boolean },
        command: Command,
      ) => {
        await withVault(command, async (context) => {
          const clientId = context.clientId(options.client)
          if (options.format === 'otpauth' && !options.yesPlaintext) {
            throw new TwofoldError(
              'invalid-request',
              'otpauth links hold every secret in plain text: anyone who sees the file can make your codes. Add --yes-plaintext to write it anyway.',
            )
          }
          if (options.format === 'aegis' && !context.options.passwordStdin) {
            throw new TwofoldError(
              'invalid-request',
              'An Aegis export is encrypted with a password of its own: pass it with --password-stdin.',
            )
          }
          const client =
            clientId === undefined ? null : { id: clientId, name: clientNameOf(context, clientId) }
          const password =
            options.format === 'aegis' ? { password: context.secondSecret('export password') } : {}
          const out = resolve(options.out)
          // A file named on the command line is the person's choice already: no further question.
          const saved = await exportToFile(
            context.services.transfer,
            { format: options.format, client, ...password },
            () => out,
          )
          const exported = saved?.exported ?? 0
          if (json(command)) printJson({ format: options.format, exported, file: out })
          else {
            if (options.format === 'otpauth')
              warn('warning: this file holds your secrets in plain text. Delete it once imported.')
            printLines([`Exported ${exported} account${exported === 1 ? '' : 's'} to ${out}.`])
          }
        })
      },
    )

  const backup = program
    .command('backup')
    .description('encrypted backups of the whole vault: now, list, restore')
  const folderOf = (context: CliContext, folder: string | undefined) =>
    folder ? resolve(folder) : (context.preferences().backupFolder ?? join(context.vault.home, 'backups'))

  backup
    .command('now')
    .description('write an encrypted backup now (opens with the vault password or recovery key)')
    .option('--folder <dir>', 'backup folder (default: the one in Settings)')
    .action(async (options: { folder?: string }, command: Command) => {
      await withVault(command, (context) => {
        const written = context.backend.backups.backupNow(
          folderOf(context, options.folder),
          context.preferences().backupKeep,
        )
        if (json(command)) printJson(written)
        else printLines([`Backup written: ${written.file}`])
      })
    })

  backup
    .command('list')
    .description('list backups, newest first')
    .option('--folder <dir>', 'backup folder (default: the one in Settings)')
    .action(async (options: { folder?: string }, command: Command) => {
      await withVault(command, (context) => {
        const backups = context.backend.backups.list(folderOf(context, options.folder))
        if (json(command)) printJson(backups)
        else if (backups.length === 0) printLines(['No backups yet.'])
        else
          printTable(
            backups.map((entry) => [entry.createdAt, `${Math.ceil(entry.bytes / 1024)} KiB`, entry.file]),
          )
      })
    })

  backup
    .command('restore')
    .description('restore accounts from a backup, with its password or recovery key on stdin')
    .argument('<file>')
    .action(async (file: string, _options, command: Command) => {
      await withVault(command, async (context) => {
        const result = await restoreBackup(
          readInput(file),
          context.secondSecret('backup password or recovery key'),
          context.services.transfer,
        )
        if (json(command)) printJson(result)
        else
          printLines([
            `Restored ${result.imported} account${result.imported === 1 ? '' : 's'}; ${result.duplicates} already in the vault.`,
          ])
      })
    })
}

function readInput(file: string): Uint8Array {
  return readImportFile(resolve(file))
}

function clientNameOf(context: CliContext, clientId: string): string {
  return context.services.queries.clients().find((client) => client.id === clientId)?.name ?? ''
}

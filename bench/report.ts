import { writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os'
import type { Figure, Profile, Proposal } from './figures.ts'

export interface Machine {
  os: string
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  chromium?: string
  /** 1-minute load average when the bench started and ended: above the core count, figures are noisy. */
  loadAverage: { start: number; end?: number }
}

export interface Results {
  machine: Machine
  date: string
  /** How the vault was seeded, and how long that took (not a figure: it is set-up). */
  vault: Record<string, number | string>
  figures: Figure[]
  /** Changes outside the bench's reach, measured on copies of the code they would change. */
  proposals: Proposal[]
  profiles: Profile[]
}

export function describeMachine(): Machine {
  return {
    os: `${type()} ${release()}`,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    loadAverage: { start: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
  }
}

export function writeResults(file: string, results: Results): void {
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
}

/** The table `npm run bench` prints: one line per figure, its target, and whether it was met. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((figure) => [
    figure.name,
    figure.value === null ? '—' : `${formatNumber(figure.value)} ${figure.unit}`,
    figure.target === null ? '' : `≤ ${formatNumber(figure.target)} ${figure.unit}`,
    figure.met === null
      ? figure.value === null
        ? 'not measured'
        : 'reference'
      : figure.met
        ? 'met'
        : 'MISSED',
    describeExtras(figure),
  ])
  const header = ['figure', 'value', 'target', '', 'ratios / notes']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (column === 4 ? 0 : (row[column] ?? '').length))),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 1 || column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)].join('\n')
}

export function formatProposals(proposals: readonly Proposal[]): string {
  if (proposals.length === 0) return ''
  return [
    'Proposed changes outside bench/ and the core (measured on copies here):',
    ...proposals.map(
      (proposal) =>
        `  ${proposal.file}: ${proposal.figure} ${formatNumber(proposal.now)} → ${formatNumber(proposal.proposed)} ${proposal.unit}`,
    ),
  ].join('\n')
}

export function formatProfiles(profiles: readonly Profile[]): string {
  return profiles
    .map((profile) =>
      [
        `${profile.of}:`,
        ...profile.top.map(
          (entry) =>
            `  ${entry.selfPercent.toFixed(1).padStart(5)} % self ${entry.totalPercent.toFixed(1).padStart(5)} % total  ${entry.function}`,
        ),
      ].join('\n'),
    )
    .join('\n\n')
}

function describeExtras(figure: Figure): string {
  const cpu = figure.cpu === undefined ? [] : [`cpu ${formatNumber(figure.cpu)} ms`]
  const ratios = Object.entries(figure.ratios ?? {}).map(([against, ratio]) => `${ratio}× ${against}`)
  const parts = Object.entries(figure.parts ?? {}).map(([part, ms]) => `${part} ${formatNumber(ms)}`)
  const note = figure.value === null ? (figure.note ?? '') : ''
  return [...cpu, ...ratios, ...(parts.length ? [`(${parts.join(', ')})`] : []), note]
    .filter(Boolean)
    .join('; ')
}

function formatNumber(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(value >= 10 ? 1 : 2)
}

/** Writes a command's result: JSON for scripts, short aligned text for people. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export function printLines(lines: readonly string[]): void {
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`)
}

export function printTable(rows: readonly (readonly string[])[]): void {
  const widths: number[] = []
  for (const row of rows)
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)))
  printLines(
    rows.map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
        .join('  '),
    ),
  )
}

export function warn(line: string): void {
  process.stderr.write(`${line}\n`)
}

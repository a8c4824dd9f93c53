import { Session } from 'node:inspector/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shape V8 writes to a .cpuprofile (and Chromium's Profiler.stop returns). */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
    children?: number[]
  }[]
  samples?: number[]
  timeDeltas?: number[]
  startTime: number
  endTime: number
}

/** One line of a profile summary: where the time went, by function. */
export interface HotFunction {
  /** `name (file:line)`, the file relative to the repository or the package it belongs to. */
  function: string
  /** Share of all samples taken in this function itself. */
  selfPercent: number
  /** Share of samples with this function anywhere on the stack. */
  totalPercent: number
}

/** Starts the inspector's sampling profiler (the same sampler as `node --cpu-prof`) in this process. */
export async function startProfiler(intervalMicros = 50): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: intervalMicros })
  await session.post('Profiler.start')
  return {
    async stop() {
      try {
        const { profile } = await session.post('Profiler.stop')
        return profile
      } finally {
        session.disconnect()
      }
    },
  }
}

/**
 * Profiles `work` here and now, so the bench can show what a figure is made of without a second run.
 * Work that returns a promise (a dispatch) is awaited before the profiler stops.
 */
export async function profileInProcess(work: () => unknown, intervalMicros = 50): Promise<CpuProfile> {
  const profiler = await startProfiler(intervalMicros)
  await work()
  return profiler.stop()
}

/** The functions that took the most samples, by self time, with their inclusive share alongside. */
export function hotFunctions(profile: CpuProfile, top = 12, root = process.cwd()): HotFunction[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const samples = (profile.samples ?? []).filter((id) => !isIdle(byId.get(id)?.callFrame.functionName))
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  for (const id of samples) {
    const leaf = byId.get(id)
    if (!leaf) continue
    const leafName = describe(leaf.callFrame, root)
    self.set(leafName, (self.get(leafName) ?? 0) + 1)
    // A recursive function counts once per sample in its inclusive time.
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)
      if (!node) break
      const name = describe(node.callFrame, root)
      if (seen.has(name)) continue
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + 1)
    }
  }
  const count = Math.max(1, samples.length)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({
      function: name,
      selfPercent: round((hits / count) * 100),
      totalPercent: round(((total.get(name) ?? hits) / count) * 100),
    }))
}

function isIdle(name: string | undefined): boolean {
  return name === '(idle)' || name === '(program)' || name === '(root)'
}

function describe(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const name = frame.functionName || '(anonymous)'
  if (!frame.url) return name
  let file = frame.url
  try {
    file = file.startsWith('file:') ? relative(root, fileURLToPath(file)) : file
  } catch {
    // Not a file URL after all: keep it as it is.
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  // Pages served by the harness: http://127.0.0.1:port/t/<token>/assets/manager-<hash>.js
  const where = pkg ? pkg[1] : file.replace(/^https?:\/\/[^/]+\/t\/[0-9a-f]+\//, '')
  return `${name} (${where}:${frame.lineNumber + 1})`
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}

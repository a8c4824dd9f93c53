import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startHarness, type Harness } from '../test/harness/harness-server.ts'
import type { BenchVault } from './bench-vault.ts'
import { hotFunctions, type CpuProfile } from './cpu-profile.ts'
import { amount, notMeasured, round, timed, type Figure, type Profile } from './figures.ts'
import { summarise } from './measure.ts'
import { inPage, PAGE_PROBES, type Mark, type PageProbes, type RequestTiming } from './page-probes.ts'
import type { Machine } from './report.ts'

const PAINT_TARGET_MS = 500
const LONG_TASK_TARGET_MS = 50
const HEAP_TARGET_MB = 150
const POPUP_TARGET_MS = 300
const LOADS = 5
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** The manager's two accounts:list requests: the first page (`{first: 100}`), then the whole list. */
const LIST_REQUEST = '__ipc/accounts%3Alist'
/** The quick popup's search; the first one, with an empty query, is what it opens with. */
const QUICK_SEARCH_REQUEST = '__ipc/accounts%3Aquick-search'

/**
 * Where a page's first paint went: before the request its first rows come from was asked, waiting
 * for its answer, and from the answer to the paint.
 */
function requestParts(
  label: string,
  requests: readonly RequestTiming[],
  painted: readonly number[],
): Record<string, number> {
  const median = (values: number[]) => round(summarise(values).median)
  return {
    [`${label} asked`]: median(requests.map((request) => request.start)),
    'waiting for its answer': median(requests.map((request) => request.end - request.start)),
    'answer to paint': median(requests.map((request, index) => (painted[index] ?? Number.NaN) - request.end)),
  }
}

const NAMES = {
  paint: 'manager: first paint of the account list',
  codes: 'manager: first codes shown',
  scroll: 'manager: longest task while scrolling 10,000 rows',
  heap: 'manager: renderer JS heap',
  keystroke: 'manager: search keystroke to paint',
  popup: 'quick popup: page ready to first code',
  popupShown: 'quick popup: shown again (hotkey) to its codes refreshed',
} as const
/** The popup is shown this many times in each measured load. */
const SHOWS_PER_LOAD = 3
const CODES_REQUEST = '__ipc/codes%3Aget'

/**
 * The manager and the quick popup, built (`npm run build`) and served by the e2e harness against the
 * seeded vault, in Debian's Chromium. The harness carries IPC over loopback HTTP as JSON where
 * Electron uses structured clone; everything in the page is what ships.
 */
export async function chromiumFigures(
  vault: BenchVault,
  machine: Machine,
): Promise<{ figures: Figure[]; profiles: Profile[] }> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  const missing = !existsSync(executablePath)
    ? `no Chromium at ${executablePath} (set CHROMIUM_PATH)`
    : !existsSync(join(process.cwd(), 'out', 'renderer', 'manager', 'index.html'))
      ? 'the renderer is not built (npm run bench builds it first)'
      : null
  if (missing) {
    return {
      figures: [
        notMeasured(NAMES.paint, 'ms', PAINT_TARGET_MS, missing),
        notMeasured(NAMES.scroll, 'ms', LONG_TASK_TARGET_MS, missing),
        notMeasured(NAMES.heap, 'MB', HEAP_TARGET_MB, missing),
        notMeasured(NAMES.popup, 'ms', POPUP_TARGET_MS, missing),
      ],
      profiles: [],
    }
  }

  const harness = await startHarness({ home: vault.home, keychainService: vault.keychainService })
  let browser: Browser | null = null
  try {
    await vault.unlock(harness.backend)
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true })
    machine.chromium = browser.version()
    const manager = await managerFigures(browser, harness)
    const popup = await popupFigures(browser, harness)
    return {
      figures: [...manager.figures, ...popup.figures],
      profiles: [...manager.profiles, ...popup.profiles],
    }
  } finally {
    await browser?.close()
    await harness.close()
  }
}

async function managerFigures(
  browser: Browser,
  harness: Harness,
): Promise<{ figures: Figure[]; profiles: Profile[] }> {
  const paints: number[] = []
  const codes: number[] = []
  const firstPages: RequestTiming[] = []
  const wholeLists: RequestTiming[] = []
  const completes: number[] = []
  let profile: CpuProfile | null = null
  // One load more than measured: the first pays for Chromium's own start-up and disk cache.
  for (let load = 0; load < LOADS + 1; load++) {
    const profiled = load === LOADS
    const { page, cdp, close } = await openPage(browser)
    try {
      if (profiled) await startCdpProfiler(cdp)
      await page.goto(harness.url)
      // The first rows and codes come from the first page; the whole list is asked once it is in.
      const probes = await waitForMarks(page, ['row', 'code', 'listComplete'])
      if (profiled) {
        profile = await stopCdpProfiler(cdp)
        continue
      }
      if (load === 0) continue
      paints.push(probes.marks.row ?? Number.NaN)
      codes.push(probes.marks.code ?? Number.NaN)
      completes.push(probes.marks.listComplete ?? Number.NaN)
      await waitForRequests(page, LIST_REQUEST, 2)
      firstPages.push(await requestTiming(page, LIST_REQUEST, 0))
      wholeLists.push(await requestTiming(page, LIST_REQUEST, 1))
    } finally {
      await close()
    }
  }

  // Scrolling, the heap and typing, in one more page load, once the list is on screen.
  const { page, cdp, close } = await openPage(browser)
  try {
    await page.goto(harness.url)
    // Scrolling, the heap and typing are about the whole list, not the first page.
    await waitForMarks(page, ['row', 'code', 'listComplete'])
    await page.waitForTimeout(500)
    const scroll = await scrollThrough(page)
    const heapBytes = await jsHeapUsed(cdp)
    await cdp.send('HeapProfiler.collectGarbage')
    const retainedBytes = await jsHeapUsed(cdp)
    const typing = await typeSearch(page)

    const longest = Math.max(0, ...scroll.longTasks.map((task) => task.duration))
    const mb = (bytes: number) => bytes / 1024 / 1024
    return {
      figures: [
        timed(NAMES.paint, summarise(paints), PAINT_TARGET_MS, {
          measures:
            'navigation start → the first account row painted: page scripts, vault:status, accounts:list {first: 100} (the first page, over the harness), virtual list render',
          parts: {
            ...requestParts('accounts:list first page', firstPages, paints),
            'whole accounts:list asked': round(summarise(wholeLists.map((request) => request.start)).median),
            'whole accounts:list waiting for its answer': round(
              summarise(wholeLists.map((request) => request.end - request.start)).median,
            ),
            'whole list on screen (the count shown)': round(summarise(completes).median),
          },
        }),
        timed(NAMES.codes, summarise(codes), null, {
          measures:
            'navigation start → the first code painted (codes:get for the visible rows, after a 60 ms settle)',
        }),
        amount(NAMES.scroll, longest, 'ms', LONG_TASK_TARGET_MS, {
          measures: `PerformanceObserver 'longtask' during ${scroll.description}`,
          parts: {
            'long tasks (> 50 ms)': scroll.longTasks.length,
            'scroll duration': round(scroll.durationMs),
          },
          note:
            scroll.longTasks.length === 0
              ? 'no task over 50 ms'
              : `long tasks: ${scroll.longTasks.map((task) => `${round(task.duration)} ms`).join(', ')}`,
        }),
        amount(NAMES.heap, mb(heapBytes), 'MB', HEAP_TARGET_MB, {
          measures:
            'CDP Performance.getMetrics JSHeapUsedSize after load and scrolling, before any forced GC',
          parts: { 'after a forced GC (MB)': round(mb(retainedBytes)) },
        }),
        timed(NAMES.keystroke, summarise(typing.length > 0 ? typing : [Number.NaN]), null, {
          measures:
            'keydown → first task after the next frame, typing "acme tiktok" in the search box (10,000 accounts)',
          note: `slowest keystroke ${round(Math.max(...typing))} ms`,
        }),
      ],
      profiles: profile
        ? [
            {
              of: 'manager page load to the whole list on screen (Chromium CPU profile)',
              top: hotFunctions(profile, 12),
            },
          ]
        : [],
    }
  } finally {
    await close()
  }
}

async function popupFigures(
  browser: Browser,
  harness: Harness,
): Promise<{ figures: Figure[]; profiles: Profile[] }> {
  const ready: number[] = []
  const searches: RequestTiming[] = []
  const shown: number[] = []
  let profile: CpuProfile | null = null
  for (let load = 0; load < LOADS + 1; load++) {
    const profiled = load === LOADS
    const { page, cdp, close } = await openPage(browser, { width: 480, height: 420 })
    try {
      if (profiled) await startCdpProfiler(cdp)
      await page.goto(harness.popupUrl)
      const probes = await waitForMarks(page, ['quickCode'])
      if (profiled) {
        profile = await stopCdpProfiler(cdp)
        continue
      }
      if (load === 0) continue
      ready.push(probes.marks.quickCode ?? Number.NaN)
      searches.push(await requestTiming(page, QUICK_SEARCH_REQUEST, 0))
      for (let show = 0; show < SHOWS_PER_LOAD; show++) shown.push(await showAgain(page, harness))
    } finally {
      await close()
    }
  }
  return {
    figures: [
      timed(NAMES.popup, summarise(ready), POPUP_TARGET_MS, {
        measures:
          'navigation start → the first code painted in renderer/popup: vault:status, accounts:quick-search {query: "", limit: 50} (its first rows, chosen in main), codes:get for 8 rows',
        parts: requestParts('accounts:quick-search', searches, ready),
        note: 'a cold page load: the app loads the popup once, when it starts, and keeps it ready hidden (see the next figure)',
      }),
      timed(NAMES.popupShown, summarise(shown), null, {
        measures:
          'what the hotkey costs once the popup is loaded, as the app keeps it: the popup:shown event (harness.showPopup) → the search cleared, accounts:quick-search and codes:get asked again → the refreshed codes painted; timed from the page, so it includes one Playwright round trip',
      }),
    ],
    profiles: profile
      ? [{ of: 'quick popup load (Chromium CPU profile)', top: hotFunctions(profile, 12) }]
      : [],
  }
}

/**
 * Shows the loaded popup again, as the hotkey does in the app, and waits until the codes it asks for
 * on being shown have come back and been painted. Milliseconds from just before the show.
 */
async function showAgain(page: Page, harness: Harness): Promise<number> {
  const answered = await page.evaluate(inPage.answered, CODES_REQUEST)
  const before = await page.evaluate(inPage.now)
  harness.showPopup()
  await page.waitForFunction(
    inPage.answeredMoreThan,
    { path: CODES_REQUEST, count: answered },
    { timeout: 60_000, polling: 'raf' },
  )
  return (await page.evaluate(inPage.painted)) - before
}

async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ page: Page; cdp: CDPSession; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.addInitScript(PAGE_PROBES)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Performance.enable')
  return {
    page,
    cdp,
    close: async () => {
      await context.close()
      if (errors.length > 0) throw new Error(`the page threw: ${errors.join('; ')}`)
    },
  }
}

async function waitForMarks(page: Page, names: Mark[]): Promise<PageProbes> {
  await page.waitForFunction(inPage.hasMarks, names, { timeout: 60_000, polling: 50 })
  return probesOf(page)
}

function probesOf(page: Page): Promise<PageProbes> {
  return page.evaluate(inPage.probes)
}

/** When the nth IPC request to `path` (0 for the first) started and ended, from Resource Timing. */
function requestTiming(page: Page, path: string, nth: number): Promise<RequestTiming> {
  return page.evaluate(inPage.request, { path, nth })
}

/** Until `count` requests to `path` have been answered. */
async function waitForRequests(page: Page, path: string, count: number): Promise<void> {
  await page.waitForFunction(inPage.hasRequests, { path, count }, { timeout: 60_000, polling: 50 })
}

/**
 * Scrolls the way people do, then faster than they can: mouse-wheel steps over the grid, a fling to
 * the bottom and back one frame at a time, and the keyboard's End, Home and PageDown. Long tasks are
 * counted from the first scroll to two seconds after the last (codes are fetched once scrolling settles).
 */
async function scrollThrough(
  page: Page,
): Promise<{ longTasks: PageProbes['longTasks']; durationMs: number; description: string }> {
  const grid = page.locator('.grid-scroll')
  const box = await grid.boundingBox()
  if (!box) throw new Error('the account grid is not on screen')
  const started = await page.evaluate(inPage.now)
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let step = 0; step < 60; step++) {
    await page.mouse.wheel(0, 400)
    await page.waitForTimeout(16)
  }
  await page.evaluate(inPage.fling, { selector: '.grid-scroll', frames: 120 })
  await page.locator('[role="row"][data-account-id]').first().focus()
  await page.keyboard.press('End')
  await page.waitForTimeout(200)
  await page.keyboard.press('Home')
  for (let step = 0; step < 10; step++) await page.keyboard.press('PageDown')
  await page.waitForTimeout(2000)
  const ended = await page.evaluate(inPage.now)
  const probes = await probesOf(page)
  if (probes.longTaskError) throw new Error(`no long-task observer: ${probes.longTaskError}`)
  return {
    longTasks: probes.longTasks.filter((task) => task.start >= started && task.start <= ended),
    durationMs: ended - started,
    description:
      '60 wheel steps of 400 px, a 120-frame fling to the bottom and back, End, Home and 10 × PageDown',
  }
}

async function typeSearch(page: Page): Promise<number[]> {
  const search = page.getByRole('searchbox', { name: 'Search accounts' })
  await search.focus()
  const before = (await probesOf(page)).keystrokes.length
  await page.keyboard.type('acme tiktok', { delay: 120 })
  await page.waitForTimeout(300)
  return (await probesOf(page)).keystrokes.slice(before)
}

async function jsHeapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN
}

async function startCdpProfiler(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
}

async function stopCdpProfiler(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = await cdp.send('Profiler.stop')
  return profile
}

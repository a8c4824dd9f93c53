/**
 * Runs in the page before any of its own scripts (Playwright's addInitScript), so every time is in
 * milliseconds since navigation started. "Painted" means the first task after the animation frame
 * that showed it: a frame is drawn between a requestAnimationFrame callback and the next task.
 * Plain ES2020, since it is sent to the browser as text.
 */
export const PAGE_PROBES = `(() => {
  const bench = { marks: {}, longTasks: [], keystrokes: [] };
  Object.defineProperty(window, '__bench', { value: bench });
  const mark = (name) => { if (!(name in bench.marks)) bench.marks[name] = performance.now(); };
  const markPainted = (name) => requestAnimationFrame(() => setTimeout(() => mark(name), 0));
  // [mark, selector, text it must not have yet]: the manager's count says "Loading 10,000 accounts…"
  // while it holds only the first page, and the count once the whole list is in.
  const watch = [
    ['row', '[role="row"][data-account-id]', null],
    ['code', '[data-testid="code"] .code-digits', null],
    ['listComplete', '[data-testid="account-count"]', /^Loading/],
    ['quickCode', '[data-testid="quick-code"]', null],
  ];
  new MutationObserver(() => {
    for (const [name, selector, notYet] of watch) {
      if (name in bench.marks || (name + 'Seen') in bench.marks) continue;
      const element = document.querySelector(selector);
      const text = element ? element.textContent.trim() : '';
      if (text !== '' && !(notYet && notYet.test(text))) { mark(name + 'Seen'); markPainted(name); }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (error) {
    bench.longTaskError = String(error);
  }
  bench.now = () => performance.now();
  // Room for every request of a long session (the default keeps 250, then drops the rest).
  performance.setResourceTimingBufferSize(10000);
  // When the nth request to a URL ending in path started, when its first byte and its last byte
  // arrived (Resource Timing, in the order the requests started). The whole path, so accounts:list
  // is never taken for accounts:list-trash.
  const requestsTo = (path) => performance.getEntriesByType('resource')
    .filter((resource) => resource.name.split('?')[0].endsWith(path))
    .sort((a, b) => a.startTime - b.startTime);
  bench.request = (path, nth) => {
    const entry = requestsTo(path)[nth];
    return entry
      ? { start: entry.startTime, firstByte: entry.responseStart, end: entry.responseEnd }
      : { start: NaN, firstByte: NaN, end: NaN };
  };
  bench.hasRequests = (path, count) => requestsTo(path).length >= count;
  // A fling: to the bottom of a scroller and back, one step per animation frame.
  bench.fling = (selector, frames) => new Promise((resolve) => {
    const element = document.querySelector(selector);
    const bottom = element.scrollHeight - element.clientHeight;
    let frame = 0;
    const step = () => {
      frame++;
      element.scrollTop = frame <= frames / 2 ? (bottom * frame * 2) / frames : bottom * (2 - (frame * 2) / frames);
      if (frame < frames) requestAnimationFrame(step); else resolve();
    };
    requestAnimationFrame(step);
  });
  bench.hasMarks = (names) => names.every((name) => name in bench.marks);
  // How many requests to a URL ending in path have been answered.
  bench.answered = (path) => requestsTo(path).filter((resource) => resource.responseEnd > 0).length;
  // The first task after the next frame: what was rendered by now is on screen.
  bench.painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
  // Keystroke to paint: from the keydown event to the first task after the next frame.
  document.addEventListener('keydown', (event) => {
    const started = event.timeStamp;
    requestAnimationFrame(() => setTimeout(() => bench.keystrokes.push(performance.now() - started), 0));
  }, true);
})();`

export type Mark = 'row' | 'code' | 'listComplete' | 'quickCode'

/** Milliseconds since navigation started. */
export interface RequestTiming {
  start: number
  firstByte: number
  end: number
}

/** What the probes hold; read with `readProbes`, whose functions stay in the page. */
export interface PageProbes {
  marks: Partial<Record<Mark | `${Mark}Seen`, number>>
  longTasks: { start: number; duration: number }[]
  keystrokes: number[]
  longTaskError?: string
}

/** The probes' functions, as the page holds them. */
interface InPageBench extends PageProbes {
  now(): number
  hasMarks(names: readonly Mark[]): boolean
  request(path: string, nth: number): RequestTiming
  hasRequests(path: string, count: number): boolean
  fling(selector: string, frames: number): Promise<void>
  answered(path: string): number
  painted(): Promise<number>
}

/**
 * Functions for page.evaluate: they run in the page, where `globalThis` is the window (the bench's
 * TypeScript knows no DOM). Never strings: the pages' CSP forbids evaluating text.
 */
export const inPage = {
  probes: (): PageProbes => {
    const { marks, longTasks, keystrokes, longTaskError } = (globalThis as unknown as { __bench: PageProbes })
      .__bench
    return { marks, longTasks, keystrokes, ...(longTaskError === undefined ? {} : { longTaskError }) }
  },
  now: () => (globalThis as unknown as { __bench: InPageBench }).__bench.now(),
  hasMarks: (names: readonly Mark[]) =>
    (globalThis as unknown as { __bench?: InPageBench }).__bench?.hasMarks(names) === true,
  request: ({ path, nth }: { path: string; nth: number }) =>
    (globalThis as unknown as { __bench: InPageBench }).__bench.request(path, nth),
  hasRequests: ({ path, count }: { path: string; count: number }) =>
    (globalThis as unknown as { __bench?: InPageBench }).__bench?.hasRequests(path, count) === true,
  answered: (path: string) => (globalThis as unknown as { __bench: InPageBench }).__bench.answered(path),
  answeredMoreThan: ({ path, count }: { path: string; count: number }) =>
    (globalThis as unknown as { __bench: InPageBench }).__bench.answered(path) > count,
  painted: () => (globalThis as unknown as { __bench: InPageBench }).__bench.painted(),
  fling: ({ selector, frames }: { selector: string; frames: number }) =>
    (globalThis as unknown as { __bench: InPageBench }).__bench.fling(selector, frames),
}

/**
 * In-page measurements for the Keys list bench, the same for today's page and for a build of
 * an earlier one (which has a plain table, no `data-search`): time to the first row, keystroke
 * to settled table, and requestAnimationFrame deltas while scrolling.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    /** performance.now() of the frame after the first key row appeared. */
    __kwFirstRow?: number;
    /** performance.now() of the last keydown. */
    __kwKeyDown?: number;
    /** performance.now() of the frame the table settled in after it. */
    __kwSettled?: number | undefined;
  }
}

/** Before any page script: note the frame after the first `[data-key-id]` row is in the DOM, and every keydown's time. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-key-id]')) {
        seen.disconnect();
        requestAnimationFrame(() => {
          window.__kwFirstRow = performance.now();
        });
      }
    });
    seen.observe(document, { childList: true, subtree: true });
    document.addEventListener('keydown', () => {
      window.__kwKeyDown = performance.now();
      window.__kwSettled = undefined;
    }, true);
  });
}

/** Milliseconds from navigation start to the first painted key row. */
export async function firstRowMs(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(() => window.__kwFirstRow !== undefined, undefined, { timeout: timeoutMs, polling: 100 });
  return page.evaluate(() => window.__kwFirstRow ?? NaN);
}

/**
 * Press one key in the focused search box; milliseconds until a frame shows the table for
 * `value`: today's table says which search its rows answer (`data-search`, aria-busy false);
 * a table filtered in the page (no data-search) has settled in the first frame after the input shows `value`.
 */
export async function keystrokeMs(page: Page, key: string, value: string): Promise<number> {
  await page.keyboard.press(key);
  await page.waitForFunction((v) => {
    const table = document.querySelector('[aria-label="Keys"]');
    const input = document.querySelector<HTMLInputElement>('input[placeholder^="Alias, key ID"]');
    const ok = table?.hasAttribute('data-search')
      ? table.getAttribute('data-search') === v && table.getAttribute('aria-busy') === 'false'
      : input?.value === v;
    if (ok && window.__kwSettled === undefined) window.__kwSettled = performance.now();
    return ok;
  }, value, { polling: 'raf', timeout: 120_000 });
  return page.evaluate(() => (window.__kwSettled ?? NaN) - (window.__kwKeyDown ?? NaN));
}

/** Scroll the key list `pxPerFrame` each frame for `ms`; the requestAnimationFrame deltas (ms). */
export async function scrollFrames(page: Page, pxPerFrame: number, ms: number): Promise<number[]> {
  return page.evaluate(async ({ px, duration }) => {
    const el = document.querySelector<HTMLElement>('[data-testid="keys-scroll"]') ?? document.scrollingElement ?? document.documentElement;
    const deltas: number[] = [];
    await new Promise<void>((done) => {
      let last = performance.now();
      const end = last + duration;
      const frame = (t: number) => {
        deltas.push(t - last);
        last = t;
        el.scrollTop += px;
        if (t < end) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame(frame);
    });
    return deltas;
  }, { px: pxPerFrame, duration: ms });
}

/** The p-th percentile (0..100) of `xs`. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Median round trip (ms) of an unaudited, trivial bridge call (clock:get) from the page: the floor under every list call. */
export async function bridgeFloorMs(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      const res = await fetch('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ channel: 'clock:get', request: {} }) });
      await res.text();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[5] ?? NaN;
  });
}

/**
 * Pure parts of the window factory: the BrowserWindow options (security switches) and the
 * persisted-bounds sanitiser. Only type imports from 'electron', erased at build time, so
 * plain Node tests can import this file.
 */
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';

export const DEFAULT_BOUNDS = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** Per-run choices for the main window. */
export interface WindowChoices {
  iconPath?: string;
  /**
   * Allow the developer tools: only when the app is not packaged (`!app.isPackaged`), so a
   * shipped build cannot be inspected or driven from a DevTools console. Default false.
   */
  devTools?: boolean;
}

/** Options for the main window. Every security switch is set explicitly, not left to defaults. */
export function mainWindowOptions(preloadPath: string, bounds: WindowBounds, choices: WindowChoices = {}): BrowserWindowConstructorOptions {
  const { iconPath, devTools = false } = choices;
  return {
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Keyward',
    backgroundColor: '#1a1b1e',
    autoHideMenuBar: true,
    ...(iconPath === undefined ? {} : { icon: iconPath }),
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Restore saved bounds only when they are well-formed and the window's top-left area is
 * still on one of the displays (a monitor may have been unplugged since). Anything else
 * falls back to the default size, centred by Electron.
 */
export function sanitizeBounds(saved: unknown, workAreas: readonly Rectangle[]): WindowBounds {
  const fallback: WindowBounds = { ...DEFAULT_BOUNDS };
  if (saved === null || typeof saved !== 'object') return fallback;
  const b = saved as Record<string, unknown>; // shape checked field by field below
  const { x, y, width, height } = b;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height)) return fallback;
  if (width < MIN_SIZE.width || height < MIN_SIZE.height || width > 16384 || height > 16384) return fallback;
  const grab = 48; // enough of the title bar to drag the window back
  const visible = workAreas.some(
    (a) => x + grab <= a.x + a.width && x + width - grab >= a.x && y >= a.y && y + grab <= a.y + a.height,
  );
  return visible ? { x, y, width, height } : { width, height };
}

/**
 * The IPC binding: one ipcMain.handle per channel of the contract. Each call is checked
 * for its sender (main frame of our window, showing our app) before the payload, still
 * `unknown`, reaches the service, which parses it against the channel's schema.
 *
 * Only type imports from 'electron' (erased), so tests drive it with a fake ipcMain.
 */
import { CHANNELS, type ChannelResult } from '../../src-shared/contract.js';
import { AccessDeniedException, errorToWire } from '../../src-shared/kms/errors.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { isTrustedSender, type AppLocation, type SenderInfo } from './security.js';

/** The parts of IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The parts of ipcMain this module uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<ChannelResult>): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  ipcMain: IpcMainLike;
  service: KeywardService;
  location: AppLocation;
  /** webContents ids of our windows, read on every call (windows come and go). */
  trustedWebContentsIds: () => ReadonlySet<number>;
  userAgent: string;
}

export const ACCESS_DENIED_MESSAGE = 'This caller is not allowed to use the Keyward service.';

/** Read the sender without trusting Electron to keep the frame alive (it may be disposed). */
export function senderInfo(event: InvokeEventLike): SenderInfo {
  let frame: SenderInfo['frame'] = null;
  try {
    const f = event.senderFrame;
    if (f !== null) frame = { url: f.url, isMainFrame: f.parent === null };
  } catch {
    frame = null;
  }
  return { webContentsId: event.sender.id, frame };
}

let registered = false;

/** Register every channel once; returns an unregister function (used by tests and on quit). */
export function registerIpc(options: IpcOptions): () => void {
  if (registered) throw new Error('IPC handlers are already registered');
  registered = true;
  const { ipcMain, service, location, trustedWebContentsIds, userAgent } = options;
  const caller: CallerContext = { transport: 'ipc', sourceIPAddress: 'keyward-desktop', userAgent };
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload): Promise<ChannelResult> => {
      if (!isTrustedSender(senderInfo(event), trustedWebContentsIds(), location)) {
        return { ok: false, error: errorToWire(new AccessDeniedException(ACCESS_DENIED_MESSAGE)) };
      }
      return service.handle(channel, payload, caller);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    registered = false;
  };
}

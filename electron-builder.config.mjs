/**
 * Packaging the desktop app with electron-builder (https://www.electron.build/configuration).
 * The repository does not package yet (no electron-builder dependency or script); this is the
 * configuration a `npx electron-builder --config electron-builder.config.mjs` run uses.
 *
 * Electron fuses ("magic bits" in the Electron binary flipped at package time, before code
 * signing; https://www.electronjs.org/docs/latest/tutorial/fuses) are set through
 * electron-builder's `electronFuses` option, which applies them with the official
 * @electron/fuses module; it is the documented equivalent of an afterPack hook calling
 * flipFuses (https://www.electron.build/docs/tutorials/adding-electron-fuses/).
 */

/** Each fuse, and why. Keys are electron-builder's `electronFuses` names. */
export const FUSES = Object.freeze({
  /** ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node (Keyward never forks). */
  runAsNode: false,
  /** Encrypt the cookie store on disk with an OS-protected key. */
  enableCookieEncryption: true,
  /** NODE_OPTIONS could preload code into the main process. */
  enableNodeOptionsEnvironmentVariable: false,
  /** --inspect and friends would open a debugger into the process holding the vault key. */
  enableNodeCliInspectArguments: false,
  /** Check app.asar against the hash embedded at package time (macOS; Windows from Electron 30). */
  enableEmbeddedAsarIntegrityValidation: true,
  /** Load the app only from app.asar, never from a folder placed beside it. */
  onlyLoadAppFromAsar: true,
  /** The renderer is served over app://, so file:// gets no privileges beyond a browser's. */
  grantFileProtocolExtraPrivileges: false,
});

/** electron-builder's configuration. */
const config = {
  appId: 'app.keyward.desktop',
  productName: 'Keyward',
  directories: { output: 'dist', buildResources: 'assets' },
  // The electron-vite build (out/) is the whole app; sources and tests stay out.
  files: ['out/**/*', 'package.json'],
  asar: true,
  electronFuses: FUSES,
};

export default config;

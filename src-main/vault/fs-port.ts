/**
 * The vault's name for the one file-system port (platform/fs.ts). Kept so callers that
 * import it from here keep compiling; new code imports platform/fs.js.
 */
export { errCode, type FsPort as VaultFs, nodeFs } from '../platform/fs.js';

/** Types for electron-binary.mjs (plain JS so scripts run before any build). */
export declare const ROOT: string;
export declare function findElectronBinary(root?: string): string | null;

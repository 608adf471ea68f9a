/** Types for electron-builder.config.mjs (plain JS, read by electron-builder itself). */
export interface KeywardFuses {
  readonly runAsNode: boolean;
  readonly enableCookieEncryption: boolean;
  readonly enableNodeOptionsEnvironmentVariable: boolean;
  readonly enableNodeCliInspectArguments: boolean;
  readonly enableEmbeddedAsarIntegrityValidation: boolean;
  readonly onlyLoadAppFromAsar: boolean;
  readonly grantFileProtocolExtraPrivileges: boolean;
}
export declare const FUSES: KeywardFuses;
declare const config: {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  electronFuses: KeywardFuses;
};
export default config;

/**
 * Finding: "no Electron fuses are set". The packaging configuration sets each fuse the
 * Electron security guidance asks for (https://www.electronjs.org/docs/latest/tutorial/fuses).
 */
import { describe, expect, it } from 'vitest';
import config, { FUSES } from '../electron-builder.config.mjs';

describe('electron-builder configuration', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges; turns on cookie encryption, asar integrity and asar-only loading', () => {
    expect(config.electronFuses).toBe(FUSES);
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(Object.isFrozen(FUSES)).toBe(true);
  });

  it('packages into app.asar (OnlyLoadAppFromAsar needs one) from the built out/ folder only', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/**/*', 'package.json']);
  });
});

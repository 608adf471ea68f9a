/** Test kit: the options of a service on a temporary folder, as every service-level test builds it (loaded only by tests). */
import { join } from 'node:path';
import { systemClock } from '../platform/clock.js';
import type { ServiceOptions } from '../service/types.js';
import { noKeychain } from '../vault/keychain.js';
import { FAST_KDF } from './vault-kit.js';

/**
 * Options for createKeywardService with the vault and audit log in `dir`: the system clock, no
 * OS keychain, the cheap test KDF and an audit log that fsyncs every group. `extra` overrides
 * or adds (a clock, a keychain, the endpoint factory, audit file-system port, ...).
 */
export function testServiceOptions(dir: string, extra: Partial<ServiceOptions> = {}): ServiceOptions {
  return {
    vaultPath: join(dir, 'vault.kwv'),
    auditDir: join(dir, 'audit'),
    clock: systemClock,
    keychain: noKeychain,
    kdf: FAST_KDF,
    audit: { syncIntervalMs: 0 },
    ...extra,
  };
}

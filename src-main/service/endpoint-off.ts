/**
 * The KMS endpoint port of a host that has none (no ServiceOptions.endpoint factory): it
 * never listens, reports the vault's settings as they are, and refuses to switch on.
 */
import type { ApiStatus } from '../../src-shared/app.js';
import { UnsupportedOperationException } from '../../src-shared/kms/errors.js';
import type { EndpointSettings, KmsEndpointPort } from './ports.js';

const NONE = 'This Keyward host has no local KMS endpoint.';

/** A KmsEndpointPort that is always off. configure(true) and startForRun throw UnsupportedOperationException. */
export const endpointOff: KmsEndpointPort = {
  async follow() {},
  async configure(enabled: boolean) {
    if (enabled) throw new UnsupportedOperationException(NONE);
  },
  async startForRun() {
    throw new UnsupportedOperationException(NONE);
  },
  status(settings: EndpointSettings): ApiStatus {
    return { Enabled: settings.apiEnabled, Listening: false, Port: settings.apiPort, RequestCount: 0, Region: settings.region, Source: 'settings' };
  },
  async close() {},
};

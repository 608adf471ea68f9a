import { describe, expect, it } from 'vitest';
import {
  __TESTS, AuditWriteException, DependencyTimeoutException, DisabledException, errorFromWire, errorToWire, KMSInternalException,
  kmsWireError, LOCKED_MESSAGE, VaultLockedException,
} from './errors.js';

describe('fault on the wire', () => {
  it('errorToWire sends name, message and fault', () => {
    expect(errorToWire(new DisabledException('off'))).toEqual({ name: 'DisabledException', message: 'off', fault: 'client' });
    expect(errorToWire(new AuditWriteException('disk'))).toEqual({ name: 'AuditWriteException', message: 'disk', fault: 'server' });
    expect(errorToWire(new Error('/home/me/secret path'))).toEqual({
      name: 'KMSInternalException', message: 'An internal error occurred. See the application log.', fault: 'server',
    });
  });

  it('errorFromWire reads results with and without a fault (older writers)', () => {
    const withFault = errorFromWire({ name: 'DisabledException', message: 'off', fault: 'client' });
    const without = errorFromWire({ name: 'DisabledException', message: 'off' });
    for (const e of [withFault, without]) {
      expect(e).toBeInstanceOf(DisabledException);
      expect(e.fault).toBe('client');
      expect(e.message).toBe('off');
    }
    const unknown = errorFromWire({ name: 'NoSuch', message: 'm', fault: 'client' });
    expect(unknown).toBeInstanceOf(KMSInternalException);
    expect(unknown.message).toBe('NoSuch: m');
  });

  it('round-trips every exception class by name with its fault', () => {
    for (const [name, C] of __TESTS.BY_NAME) {
      const back = errorFromWire(errorToWire(new C('m')));
      expect(back.name).toBe(name);
      expect(back.fault).toBe(new C('m').fault);
    }
  });
});

describe('KMS face declared on the classes (the endpoint keeps no side table)', () => {
  it('maps Keyward-only exceptions to the KMS exception AWS clients know', () => {
    expect(kmsWireError(errorToWire(new VaultLockedException('Vault is locked.')))).toEqual({ name: 'KMSInvalidStateException', message: LOCKED_MESSAGE, status: 400 });
    for (const name of ['AuditWriteException', 'AuditIntegrityException', 'SelfTestFailedException', 'VaultCorruptedException']) {
      expect(kmsWireError({ name, message: 'why' })).toEqual({ name: 'KMSInternalException', message: 'why', status: 500 });
    }
  });

  it('keeps KMS names, with 400 for client and 500 for server faults, 503 for DependencyTimeout', () => {
    expect(kmsWireError({ name: 'DisabledException', message: 'm' })).toEqual({ name: 'DisabledException', message: 'm', status: 400 });
    expect(kmsWireError({ name: 'KMSInternalException', message: 'm' })).toEqual({ name: 'KMSInternalException', message: 'm', status: 500 });
    expect(kmsWireError(errorToWire(new DependencyTimeoutException('slow')))).toEqual({ name: 'DependencyTimeoutException', message: 'slow', status: 503 });
    expect(kmsWireError({ name: 'ThrottlingException', message: 'Rate exceeded' }).status).toBe(400);
  });

  it('keeps an unknown name and its message, as a server fault', () => {
    expect(kmsWireError({ name: 'Weird', message: 'm' })).toEqual({ name: 'Weird', message: 'm', status: 500 });
  });
});

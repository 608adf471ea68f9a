/**
 * KMS exception classes, mirroring @aws-sdk/client-kms models/errors.ts: one class per
 * exception with a literal `name` and a fault. They cross process edges as {name, message}
 * and are rebuilt by name (see errorFromWire).
 */
export type Fault = 'client' | 'server';

export abstract class KeywardError extends Error {
  abstract override readonly name: string;
  abstract readonly fault: Fault;
}

function defineError<N extends string>(name: N, fault: Fault) {
  return class extends KeywardError {
    override readonly name: N = name;
    readonly fault: Fault = fault;
    constructor(message: string) {
      super(message);
    }
  };
}

// KMS exceptions (reference/kms-api.md §1-2).
export class NotFoundException extends defineError('NotFoundException', 'client') {}
export class InvalidArnException extends defineError('InvalidArnException', 'client') {}
export class DisabledException extends defineError('DisabledException', 'client') {}
export class KMSInvalidStateException extends defineError('KMSInvalidStateException', 'client') {}
export class InvalidCiphertextException extends defineError('InvalidCiphertextException', 'client') {}
export class IncorrectKeyException extends defineError('IncorrectKeyException', 'client') {}
export class ValidationException extends defineError('ValidationException', 'client') {}
export class InvalidKeyUsageException extends defineError('InvalidKeyUsageException', 'client') {}
export class AlreadyExistsException extends defineError('AlreadyExistsException', 'client') {}
export class InvalidAliasNameException extends defineError('InvalidAliasNameException', 'client') {}
export class NotAuthorizedException extends defineError('NotAuthorizedException', 'client') {}
export class LimitExceededException extends defineError('LimitExceededException', 'client') {}
export class TagException extends defineError('TagException', 'client') {}
export class InvalidMarkerException extends defineError('InvalidMarkerException', 'client') {}
export class UnsupportedOperationException extends defineError('UnsupportedOperationException', 'client') {}
export class ConflictException extends defineError('ConflictException', 'client') {}
export class DryRunOperationException extends defineError('DryRunOperationException', 'client') {}
export class KMSInvalidSignatureException extends defineError('KMSInvalidSignatureException', 'client') {}
export class KMSInvalidMacException extends defineError('KMSInvalidMacException', 'client') {}
export class KMSInternalException extends defineError('KMSInternalException', 'server') {}
export class DependencyTimeoutException extends defineError('DependencyTimeoutException', 'server') {}
export class KeyUnavailableException extends defineError('KeyUnavailableException', 'server') {}

// Keyward's own exceptions for what KMS does not have (vault, audit, transport).
/** The vault is locked (or not created yet): unlock it first. */
export class VaultLockedException extends defineError('VaultLockedException', 'client') {}
/** No vault file exists at the configured path. */
export class VaultNotFoundException extends defineError('VaultNotFoundException', 'client') {}
/** A vault already exists where one was to be created. */
export class VaultExistsException extends defineError('VaultExistsException', 'client') {}
/** The passphrase does not open any passphrase slot. Nothing was changed. */
export class IncorrectPassphraseException extends defineError('IncorrectPassphraseException', 'client') {}
/** The vault file failed its integrity checks (changed byte, truncation, wrong format). */
export class VaultCorruptedException extends defineError('VaultCorruptedException', 'server') {}
/** Another process holds the vault's single-writer lock. */
export class VaultBusyException extends defineError('VaultBusyException', 'client') {}
/** The OS keychain is missing, refused, or is Linux's plaintext `basic_text` backend. */
export class KeychainUnavailableException extends defineError('KeychainUnavailableException', 'client') {}
/** The audit record could not be written, so the operation was refused (fail closed). */
export class AuditWriteException extends defineError('AuditWriteException', 'server') {}
/** The audit chain failed verification. */
export class AuditIntegrityException extends defineError('AuditIntegrityException', 'server') {}
/** Cryptographic self-tests failed; every cryptographic operation is refused. */
export class SelfTestFailedException extends defineError('SelfTestFailedException', 'server') {}
/** The caller is not allowed to use this channel (wrong sender, token or origin). */
export class AccessDeniedException extends defineError('AccessDeniedException', 'client') {}
/** The channel is not part of the contract. */
export class UnknownOperationException extends defineError('UnknownOperationException', 'client') {}

// AWS authentication and throttling errors of the local KMS endpoint (SigV4; issue 4).
/** The request carries no Authorization header (AWS: "Missing Authentication Token"). */
export class MissingAuthenticationTokenException extends defineError('MissingAuthenticationTokenException', 'client') {}
/** The Authorization header or a header it relies on is malformed or incomplete. */
export class IncompleteSignatureException extends defineError('IncompleteSignatureException', 'client') {}
/** The signature does not match, is expired, or is scoped to another region or service. */
export class InvalidSignatureException extends defineError('InvalidSignatureException', 'client') {}
/** The access key id is not one Keyward issued (or it was revoked). */
export class UnrecognizedClientException extends defineError('UnrecognizedClientException', 'client') {}
/** Too many requests at once ("Rate exceeded"); SDKs back off and retry. */
export class ThrottlingException extends defineError('ThrottlingException', 'client') {}

const ERROR_CLASSES = [
  NotFoundException, InvalidArnException, DisabledException, KMSInvalidStateException,
  InvalidCiphertextException, IncorrectKeyException, ValidationException,
  InvalidKeyUsageException, AlreadyExistsException, InvalidAliasNameException,
  NotAuthorizedException, LimitExceededException, TagException, InvalidMarkerException,
  UnsupportedOperationException, ConflictException, DryRunOperationException, KMSInvalidSignatureException,
  KMSInvalidMacException, KMSInternalException,
  DependencyTimeoutException, KeyUnavailableException, VaultLockedException,
  VaultNotFoundException, VaultExistsException, IncorrectPassphraseException,
  VaultCorruptedException, VaultBusyException, KeychainUnavailableException,
  AuditWriteException, AuditIntegrityException, SelfTestFailedException,
  AccessDeniedException, UnknownOperationException, MissingAuthenticationTokenException,
  IncompleteSignatureException, InvalidSignatureException, UnrecognizedClientException, ThrottlingException,
] as const;

export type KeywardErrorName = InstanceType<(typeof ERROR_CLASSES)[number]>['name'];

const BY_NAME = new Map<string, new (message: string) => KeywardError>(
  ERROR_CLASSES.map((C) => [new C('').name, C]),
);

/** The shape an error has on the wire (IPC and the headless host). */
export interface WireError {
  name: string;
  message: string;
}

export function isKeywardError(e: unknown): e is KeywardError {
  return e instanceof KeywardError;
}

/**
 * Shape any thrown value for the wire. Unknown errors become KMSInternalException with a
 * fixed message: their text may hold paths or secrets, so it is never forwarded.
 */
export function errorToWire(e: unknown): WireError {
  if (e instanceof KeywardError) return { name: e.name, message: e.message };
  return { name: 'KMSInternalException', message: 'An internal error occurred. See the application log.' };
}

/** Rebuild a named error from the wire; unknown names become KMSInternalException. */
export function errorFromWire(w: WireError): KeywardError {
  const C = BY_NAME.get(w.name);
  if (C) return new C(w.message);
  return new KMSInternalException(`${w.name}: ${w.message}`);
}

export const __TESTS = { BY_NAME };

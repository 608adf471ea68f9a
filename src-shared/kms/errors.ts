/**
 * KMS exception classes, mirroring @aws-sdk/client-kms models/errors.ts: one class per
 * exception with a literal `name` and a `fault` (client or server, the SDK's `$fault`).
 * They cross process edges as {name, message, fault} and are rebuilt by name (see
 * errorFromWire). A Keyward exception that KMS does not have declares the KMS exception an
 * AWS client sees in its place on the local endpoint (`kms`), so no transport keeps a side
 * table. Names and faults: AWS KMS API Reference, "Common Errors" and each operation's
 * "Errors" section.
 */
export type Fault = 'client' | 'server';

/** How an exception reads on the AWS JSON 1.1 wire of the local KMS endpoint. */
export interface KmsFace {
  /** The KMS exception name (`__type`). */
  readonly name: string;
  /** Replaces the message, when the Keyward wording would mean nothing to an AWS client. */
  readonly message?: string;
  /** HTTP status; by default 400 for a client fault, 500 for a server fault. */
  readonly status?: number;
}

export abstract class KeywardError extends Error {
  abstract override readonly name: string;
  abstract readonly fault: Fault;
  /** The exception as the local KMS endpoint answers it (its own name unless declared). */
  abstract readonly kms: KmsFace;
}

interface ErrorDeclaration {
  /** The KMS exception this one becomes on the KMS endpoint (Keyward-only exceptions). */
  kms?: KmsFace;
  /** HTTP status on the KMS endpoint, when it is not 400/500 by fault. */
  status?: number;
}

function defineError<N extends string>(name: N, fault: Fault, declared: ErrorDeclaration = {}) {
  const kms: KmsFace = declared.kms ?? { name, ...(declared.status === undefined ? {} : { status: declared.status }) };
  return class extends KeywardError {
    override readonly name: N = name;
    readonly fault: Fault = fault;
    readonly kms: KmsFace = kms;
    constructor(message: string) {
      super(message);
    }
  };
}

/** The endpoint's answer while the vault is locked (KMSInvalidStateException, a client fault). */
export const LOCKED_MESSAGE =
  "Keyward's vault is locked, so the KMS endpoint serves nothing. Unlock the vault in Keyward (or start the headless host with its passphrase) and retry.";

// KMS exceptions (AWS KMS API Reference, "Common Errors" and the operations' "Errors").
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
/** A key policy that is not a policy document KMS accepts (CreateKey, PutKeyPolicy: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#API_CreateKey_Errors). */
export class MalformedPolicyDocumentException extends defineError('MalformedPolicyDocumentException', 'client') {}
export class KMSInternalException extends defineError('KMSInternalException', 'server') {}
export class DependencyTimeoutException extends defineError('DependencyTimeoutException', 'server', { status: 503 }) {}
export class KeyUnavailableException extends defineError('KeyUnavailableException', 'server') {}

// Keyward's own exceptions for what KMS does not have (vault, audit, transport).
/** A Keyward server fault an AWS client can only read as KMS's internal error. */
const INTERNAL: KmsFace = { name: 'KMSInternalException' };
/**
 * The vault is locked (or not created yet): unlock it first. On the KMS endpoint it is
 * KMSInvalidStateException (400): a modelled KMS exception, so every SDK raises its own
 * typed class, and a client fault, so SDKs fail at once instead of retrying with back-off
 * against a vault that stays locked until a person unlocks it.
 */
export class VaultLockedException extends defineError('VaultLockedException', 'client', {
  kms: { name: 'KMSInvalidStateException', message: LOCKED_MESSAGE },
}) {}
/** No vault file exists at the configured path. */
export class VaultNotFoundException extends defineError('VaultNotFoundException', 'client') {}
/** A vault already exists where one was to be created. */
export class VaultExistsException extends defineError('VaultExistsException', 'client') {}
/** The passphrase does not open any passphrase slot. Nothing was changed. */
export class IncorrectPassphraseException extends defineError('IncorrectPassphraseException', 'client') {}
/** The vault file failed its integrity checks (changed byte, truncation, wrong format). */
export class VaultCorruptedException extends defineError('VaultCorruptedException', 'server', { kms: INTERNAL }) {}
/** Another process holds the vault's single-writer lock. */
export class VaultBusyException extends defineError('VaultBusyException', 'client') {}
/** The OS keychain is missing, refused, or is Linux's plaintext `basic_text` backend. */
export class KeychainUnavailableException extends defineError('KeychainUnavailableException', 'client') {}
/** The audit record could not be written, so the operation was refused (fail closed). */
export class AuditWriteException extends defineError('AuditWriteException', 'server', { kms: INTERNAL }) {}
/** The audit chain failed verification. */
export class AuditIntegrityException extends defineError('AuditIntegrityException', 'server', { kms: INTERNAL }) {}
/** Cryptographic self-tests failed; every cryptographic operation is refused. */
export class SelfTestFailedException extends defineError('SelfTestFailedException', 'server', { kms: INTERNAL }) {}
/** The caller is not allowed to use this channel (wrong sender, token or origin). */
export class AccessDeniedException extends defineError('AccessDeniedException', 'client') {}
/** The channel is not part of the contract. */
export class UnknownOperationException extends defineError('UnknownOperationException', 'client') {}

// AWS authentication and throttling errors of the local KMS endpoint (AWS General Reference, "Signature Version 4"; AWS KMS API Reference, "Common Errors").
/** The request carries no Authorization header (AWS: "Missing Authentication Token"). */
export class MissingAuthenticationTokenException extends defineError('MissingAuthenticationTokenException', 'client') {}
/** The Authorization header or a header it relies on is malformed or incomplete. */
export class IncompleteSignatureException extends defineError('IncompleteSignatureException', 'client') {}
/** The signature does not match, is expired, or is scoped to another region or service. */
export class InvalidSignatureException extends defineError('InvalidSignatureException', 'client') {}
/** The access key id is not one Keyward issued (or it was revoked). */
export class UnrecognizedClientException extends defineError('UnrecognizedClientException', 'client') {}
/**
 * The request's JSON does not have the operation's wire shape (not JSON, a value of the
 * wrong JSON type, a blob that is not base64), refused before any member validation (AWS
 * KMS API Reference, "Common Errors"; AWS JSON 1.1 protocol). A client fault.
 */
export class SerializationException extends defineError('SerializationException', 'client') {}
/** Too many requests at once ("Rate exceeded"); SDKs back off and retry. */
export class ThrottlingException extends defineError('ThrottlingException', 'client') {}

const ERROR_CLASSES = [
  NotFoundException, InvalidArnException, DisabledException, KMSInvalidStateException,
  InvalidCiphertextException, IncorrectKeyException, ValidationException,
  InvalidKeyUsageException, AlreadyExistsException, InvalidAliasNameException,
  NotAuthorizedException, LimitExceededException, TagException, InvalidMarkerException,
  UnsupportedOperationException, ConflictException, DryRunOperationException, KMSInvalidSignatureException,
  KMSInvalidMacException, MalformedPolicyDocumentException, KMSInternalException,
  DependencyTimeoutException, KeyUnavailableException, VaultLockedException,
  VaultNotFoundException, VaultExistsException, IncorrectPassphraseException,
  VaultCorruptedException, VaultBusyException, KeychainUnavailableException,
  AuditWriteException, AuditIntegrityException, SelfTestFailedException,
  AccessDeniedException, UnknownOperationException, MissingAuthenticationTokenException,
  IncompleteSignatureException, InvalidSignatureException, UnrecognizedClientException, ThrottlingException,
  SerializationException,
] as const;

export type KeywardErrorName = InstanceType<(typeof ERROR_CLASSES)[number]>['name'];

const BY_NAME = new Map<string, new (message: string) => KeywardError>(
  ERROR_CLASSES.map((C) => [new C('').name, C]),
);

/**
 * The shape an error has on the wire (IPC, the headless host's bridge). `fault` travels
 * since it was added; readers of older results without it take the class's fault.
 */
export interface WireError {
  name: string;
  message: string;
  fault?: Fault;
}

export function isKeywardError(e: unknown): e is KeywardError {
  return e instanceof KeywardError;
}

/**
 * Shape any thrown value for the wire. Unknown errors become KMSInternalException with a
 * fixed message: their text may hold paths or secrets, so it is never forwarded.
 */
export function errorToWire(e: unknown): WireError {
  if (e instanceof KeywardError) return { name: e.name, message: e.message, fault: e.fault };
  return { name: 'KMSInternalException', message: 'An internal error occurred. See the application log.', fault: 'server' };
}

/** Rebuild a named error from the wire; unknown names become KMSInternalException. */
export function errorFromWire(w: WireError): KeywardError {
  const C = BY_NAME.get(w.name);
  if (C) return new C(w.message);
  return new KMSInternalException(`${w.name}: ${w.message}`);
}

/** A KMS error as the local endpoint answers it: `__type`, message and HTTP status. */
export interface KmsWireError {
  name: string;
  message: string;
  status: number;
}

/**
 * The KMS face of a wire error (AWS JSON 1.1 errors: `{"__type", "message"}`): the KMS
 * exception it declares, 400 for client faults, 500 for server faults unless declared
 * (DependencyTimeoutException: 503). A name no class has keeps its name and message and
 * counts as a server fault.
 */
export function kmsWireError(w: WireError): KmsWireError {
  const C = BY_NAME.get(w.name);
  if (!C) return { name: w.name, message: w.message, status: 500 };
  const e = new C(w.message);
  return { name: e.kms.name, message: e.kms.message ?? w.message, status: e.kms.status ?? (e.fault === 'server' ? 500 : 400) };
}

export const __TESTS = { BY_NAME };

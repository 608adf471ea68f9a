/**
 * Access keys for the local KMS endpoint: issued by Keyward, stored in the vault state,
 * the secret returned once (by create) and never again: list shows ids only.
 *
 * Shapes follow AWS IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html):
 * the id is AKIA + 16 base32 characters (20), the secret 40 base64 characters (30 random bytes).
 */
import { ACCESS_KEY_ID_PATTERN, type AccessKeyInfo, type CreatedAccessKey } from '../../src-shared/app.js';
import { LimitExceededException, NotFoundException } from '../../src-shared/kms/errors.js';
import { bytesToBase32, bytesToBase64, utf8 } from '../../src-shared/wire.js';
import { randomBytes } from '../crypto/random.js';
import type { AccessKeyRecord, VaultState } from '../kms/model.js';

/** Far more than anyone needs; keeps a scripted loop from filling the vault. */
export const MAX_ACCESS_KEYS = 100;

/** AKIA + 16 base32 characters (RFC 4648 section 6 alphabet) from 80 random bits. */
export function newAccessKeyId(): string {
  return `AKIA${bytesToBase32(randomBytes(10))}`; // 10 bytes are exactly 16 characters, no padding
}

/** 40 base64 characters (RFC 4648 section 4) from 30 random bytes. */
export function newSecret(): string {
  return bytesToBase64(randomBytes(30));
}

function info(a: AccessKeyRecord): AccessKeyInfo {
  return { AccessKeyId: a.accessKeyId, Description: a.description, CreatedAt: new Date(a.createdAt) };
}

/**
 * Issue a new access key into `state` (the caller commits). Returns the only copy of the
 * secret ever shown. Throws LimitExceededException at MAX_ACCESS_KEYS.
 */
export function createAccessKey(state: VaultState, description: string, now: Date): CreatedAccessKey {
  if (state.accessKeys.size >= MAX_ACCESS_KEYS) {
    throw new LimitExceededException(`This vault already has ${MAX_ACCESS_KEYS} access keys. Revoke unused ones first.`);
  }
  let id = newAccessKeyId();
  while (state.accessKeys.has(id)) id = newAccessKeyId();
  const secret = newSecret();
  const record: AccessKeyRecord = { accessKeyId: id, secret: utf8.encode(secret), description, createdAt: now.getTime() };
  state.accessKeys.set(id, record);
  return { ...info(record), SecretAccessKey: secret };
}

/** Oldest first; never the secrets. */
export function listAccessKeys(state: VaultState): AccessKeyInfo[] {
  return [...state.accessKeys.values()].sort((a, b) => a.createdAt - b.createdAt).map(info);
}

/** Remove the key (its secret is zeroed at commit); requests signed with it fail from the next one on. Throws NotFoundException for an unknown id. */
export function revokeAccessKey(state: VaultState, accessKeyId: string): void {
  const record = state.accessKeys.get(accessKeyId);
  if (!record) throw new NotFoundException(`Access key '${accessKeyId}' does not exist in this vault.`);
  // The secret is zeroed when the change is committed (kms/change-set.ts), so an undone
  // revocation gets it back intact.
  state.accessKeys.delete(accessKeyId);
}

/** The secret as the signer needs it, or undefined for an unknown or revoked id. */
export function secretOf(state: VaultState | undefined, accessKeyId: string): string | undefined {
  if (!state || !ACCESS_KEY_ID_PATTERN.test(accessKeyId)) return undefined;
  const record = state.accessKeys.get(accessKeyId);
  return record ? utf8.decode(record.secret) : undefined;
}

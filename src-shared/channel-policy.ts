/**
 * The one policy table: for every channel of the contract (each `kms:<Operation>` and each
 * app channel), how the router treats a call. Typed by the channel set, so a channel or a
 * KMS operation without an entry does not compile, and `CHANNELS` is checked against it at
 * run time too (channel-policy.test.ts).
 *
 * `readOnly` is CloudTrail's field of the same name: true for KMS operations that change
 * nothing (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * App channels are recorded with readOnly false.
 */
import type { Channel } from './contract.js';

/** How the router treats one channel. */
export interface ChannelPolicy {
  /** Every call, succeeded or failed, gets a hash-chained audit record. False: status polls and reads of Keyward's own views. */
  readonly audited: boolean;
  /** The call re-arms the idle auto-lock. False for what the UI polls. */
  readonly activity: boolean;
  /**
   * The call may change the vault (the engine state, or the unlock slots in its header). When
   * its audit record cannot be written, the change is undone.
   */
  readonly changesVault: boolean;
  /** CloudTrail's readOnly for the call's record. */
  readonly readOnly: boolean;
  /**
   * The call only reads the audit log (never the engine or the vault body) and may run for
   * seconds: it runs outside the router's mutex, so no other call waits for it. Its record,
   * if audited, is still handed over when it ends.
   */
  readonly outsideLock?: true;
}

/** A KMS operation that changes nothing: Encrypt, DescribeKey, ... */
const KMS_READ: ChannelPolicy = { audited: true, activity: true, changesVault: false, readOnly: true };
/** A KMS operation that changes keys, aliases, tags or rotations. */
const KMS_WRITE: ChannelPolicy = { audited: true, activity: true, changesVault: true, readOnly: false };
/** An app call that is recorded and changes nothing in the vault body. */
const APP: ChannelPolicy = { audited: true, activity: true, changesVault: false, readOnly: false };
/** An app call that is recorded and changes the vault body. */
const APP_WRITE: ChannelPolicy = { audited: true, activity: true, changesVault: true, readOnly: false };
/** A read of Keyward's own views: not recorded, but user activity. */
const VIEW: ChannelPolicy = { audited: false, activity: true, changesVault: false, readOnly: false };
/**
 * A console read of Keyward's own views that is recorded (console:listKeys): one record per
 * view, marked as a console action, read-only.
 */
const CONSOLE_READ: ChannelPolicy = { audited: true, activity: true, changesVault: false, readOnly: true };
/** A status poll: neither recorded nor activity (the UI polls it). */
const POLL: ChannelPolicy = { audited: false, activity: false, changesVault: false, readOnly: false };

/** A walk of the whole audit chain: recorded, and run beside other calls (outsideLock). */
const AUDIT_WALK: ChannelPolicy = { ...APP, outsideLock: true };
/** Its progress, polled while it runs. */
const AUDIT_WALK_POLL: ChannelPolicy = { ...POLL, outsideLock: true };

/** Every channel's policy. */
export const CHANNEL_POLICY: { readonly [C in Channel]: ChannelPolicy } = {
  'kms:CreateKey': KMS_WRITE,
  'kms:DescribeKey': KMS_READ,
  'kms:ListKeys': KMS_READ,
  'kms:UpdateKeyDescription': KMS_WRITE,
  'kms:EnableKey': KMS_WRITE,
  'kms:DisableKey': KMS_WRITE,
  'kms:ScheduleKeyDeletion': KMS_WRITE,
  'kms:CancelKeyDeletion': KMS_WRITE,
  'kms:Encrypt': KMS_READ,
  'kms:Decrypt': KMS_READ,
  'kms:ReEncrypt': KMS_READ,
  'kms:GenerateDataKey': KMS_READ,
  'kms:GenerateDataKeyWithoutPlaintext': KMS_READ,
  'kms:GenerateRandom': KMS_READ,
  'kms:CreateAlias': KMS_WRITE,
  'kms:UpdateAlias': KMS_WRITE,
  'kms:DeleteAlias': KMS_WRITE,
  'kms:ListAliases': KMS_READ,
  'kms:TagResource': KMS_WRITE,
  'kms:UntagResource': KMS_WRITE,
  'kms:ListResourceTags': KMS_READ,
  'kms:EnableKeyRotation': KMS_WRITE,
  'kms:DisableKeyRotation': KMS_WRITE,
  'kms:GetKeyRotationStatus': KMS_READ,
  'kms:RotateKeyOnDemand': KMS_WRITE,
  'kms:ListKeyRotations': KMS_READ,
  'kms:Sign': KMS_READ,
  'kms:Verify': KMS_READ,
  'kms:GetPublicKey': KMS_READ,
  'kms:GenerateMac': KMS_READ,
  'kms:VerifyMac': KMS_READ,
  'kms:DeriveSharedSecret': KMS_READ,
  'kms:GenerateDataKeyPair': KMS_READ,
  'kms:GenerateDataKeyPairWithoutPlaintext': KMS_READ,
  'kms:Encapsulate': KMS_READ,
  'kms:Decapsulate': KMS_READ,

  'vault:status': POLL,
  'vault:create': APP,
  'vault:unlock': APP,
  'vault:unlockWithKeychain': APP,
  'vault:lock': APP,
  'vault:changePassphrase': APP_WRITE,
  'vault:setKeychainSlot': APP_WRITE,
  'vault:openPreviousGeneration': APP,
  'settings:update': APP_WRITE,
  'schedule:upcoming': VIEW,
  'cost:estimate': VIEW,
  'clock:get': POLL,
  'clock:advance': APP,
  'crypto:selfTest': VIEW,
  'api:status': POLL,
  'api:configure': APP_WRITE,
  'accessKeys:create': APP_WRITE,
  'accessKeys:list': VIEW,
  'accessKeys:revoke': APP_WRITE,
  'audit:query': VIEW,
  'audit:verify': AUDIT_WALK,
  'audit:verifyProgress': AUDIT_WALK_POLL,
  'console:listKeys': CONSOLE_READ,
  // A person accepts a detected break: recorded, and kept in the vault (undone if not recorded).
  'audit:acknowledgeBreak': APP_WRITE,
};

/** The policy of one channel. */
export function policyOf(channel: Channel): ChannelPolicy {
  return CHANNEL_POLICY[channel];
}

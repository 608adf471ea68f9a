/**
 * Key identifiers in every form KMS accepts (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id):
 * key id, key ARN, alias name, alias ARN. Aliases are accepted only where KMS accepts them.
 */
import { NotFoundException } from '../../src-shared/kms/errors.js';
import type { AliasRecord, KeyRecord, VaultState } from './model.js';

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The shapes KMS accepts as a key id: a UUID or a multi-Region key id `mrk-` + 32 hex (any case). */
const KEY_ID_SHAPE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;
const ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** The key ARN in the vault's Region and account (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN). */
export function keyArn(state: VaultState, keyId: string): string {
  return `arn:aws:kms:${state.settings.region}:${state.settings.accountId}:key/${keyId}`;
}

/** The alias ARN for an alias name ('alias/...') in the vault's Region and account. */
export function aliasArn(state: VaultState, aliasName: string): string {
  return `arn:aws:kms:${state.settings.region}:${state.settings.accountId}:${aliasName}`;
}

/** True for a key id: a lowercase UUID. */
export function isKeyId(s: string): boolean {
  return KEY_ID.test(s);
}

/**
 * The alias name ('alias/...') an identifier names when it is an alias name or an alias ARN
 * in this vault's Region and account; undefined for key ids, key ARNs and foreign ARNs.
 * The hook aws-managed.ts uses to find predefined aliases (alias/aws/*) before resolution.
 */
export function aliasNameOf(state: VaultState, id: string): string | undefined {
  if (id.startsWith('alias/')) return id;
  const arn = ARN.exec(id);
  if (!arn || arn[4] !== 'alias' || arn[2] !== state.settings.region || arn[3] !== state.settings.accountId) return undefined;
  return `alias/${arn[5]!}`;
}

/** How resolveKey may read an identifier. */
export interface ResolveOptions {
  /** Alias names and alias ARNs are accepted (crypto ops, DescribeKey). */
  allowAlias: boolean;
}

/**
 * Find the key an identifier names, or throw NotFoundException in KMS's words (recorded AWS
 * answers, localstack tests/aws/services/kms/test_kms.snapshot.json):
 * - an id of the wrong shape, or an alias where only a key id or key ARN is taken: `Invalid keyId '<id>'`;
 * - a key ARN of another Region: `Invalid arn <region>`;
 * - a well-formed id or ARN no key has: `Key '<key ARN>' does not exist`;
 * - an alias no key has: `Alias <alias ARN> is not found.`
 */
export function resolveKey(state: VaultState, id: string, opts: ResolveOptions): KeyRecord {
  const arn = ARN.exec(id);
  if (arn) {
    const [, , region, account, kind, rest] = arn;
    if (kind === 'alias' && !opts.allowAlias) throw new NotFoundException(`Invalid keyId '${id}'`);
    // AWS names the Region only; another account's ARN names a key this vault cannot hold (our choice: "does not exist").
    if (region !== state.settings.region) throw new NotFoundException(`Invalid arn ${region}`);
    if (kind === 'key') {
      if (!KEY_ID_SHAPE.test(rest!)) throw new NotFoundException(`Invalid keyId '${rest!}'`);
      if (account !== state.settings.accountId) throw new NotFoundException(`Key '${id}' does not exist`);
      return byKeyId(state, rest!, id);
    }
    if (account !== state.settings.accountId) throw new NotFoundException(`Alias ${id} is not found.`);
    return byAlias(state, `alias/${rest!}`, id);
  }
  if (id.startsWith('alias/')) {
    if (!opts.allowAlias) throw new NotFoundException(`Invalid keyId '${id}'`);
    return byAlias(state, id, aliasArn(state, id));
  }
  if (KEY_ID_SHAPE.test(id)) return byKeyId(state, id, keyArn(state, id));
  throw new NotFoundException(`Invalid keyId '${id}'`);
}

function byKeyId(state: VaultState, keyId: string, shown: string): KeyRecord {
  const key = state.keys.get(keyId);
  if (!key) throw new NotFoundException(`Key '${shown.startsWith('arn:') ? shown : keyArn(state, keyId)}' does not exist`);
  return key;
}

function byAlias(state: VaultState, aliasName: string, shownArn: string): KeyRecord {
  const alias: AliasRecord | undefined = state.aliases.get(aliasName);
  const key = alias && state.keys.get(alias.targetKeyId);
  if (!key) throw new NotFoundException(`Alias ${shownArn} is not found.`);
  return key;
}

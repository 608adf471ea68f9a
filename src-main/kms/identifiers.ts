/**
 * Key identifiers in every form KMS accepts (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id):
 * key id, key ARN, alias name, alias ARN. Aliases are accepted only where KMS accepts them.
 */
import { NotFoundException } from '../../src-shared/kms/errors.js';
import type { AliasRecord, KeyRecord, VaultState } from './model.js';

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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

/** Find the key an identifier names, or throw NotFoundException with KMS's wording. */
export function resolveKey(state: VaultState, id: string, opts: ResolveOptions): KeyRecord {
  const arn = ARN.exec(id);
  if (arn) {
    const [, , region, account, kind, rest] = arn;
    if (region !== state.settings.region || account !== state.settings.accountId) {
      // Another account's or Region's ARN: this vault cannot hold it.
      throw new NotFoundException(kind === 'key' ? `Key '${id}' does not exist` : `Alias ${id} is not found.`);
    }
    if (kind === 'key') return byKeyId(state, rest!, id);
    if (!opts.allowAlias) throw new NotFoundException(`Invalid keyId '${id}': this operation takes a key ID or key ARN, not an alias.`);
    return byAlias(state, `alias/${rest!}`, id);
  }
  if (id.startsWith('alias/')) {
    if (!opts.allowAlias) throw new NotFoundException(`Invalid keyId '${id}': this operation takes a key ID or key ARN, not an alias.`);
    return byAlias(state, id, aliasArn(state, id));
  }
  if (isKeyId(id)) return byKeyId(state, id, keyArn(state, id));
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

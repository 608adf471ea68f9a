/** KMS alias naming rules (AWS KMS API reference, CreateAlias: AliasName constraints). */
import { LIMITS } from '../../src-shared/kms/enums';

export const ALIAS_PREFIX = 'alias/';
// KMS refuses ':' although the API model's pattern allows it ("contains invalid characters for an alias").
const ALIAS_PATTERN = /^alias\/[a-zA-Z0-9/_-]+$/;

/** The user types what follows `alias/`; a pasted full name is accepted too. */
export function fullAliasName(input: string): string {
  const t = input.trim();
  return t.startsWith(ALIAS_PREFIX) ? t : `${ALIAS_PREFIX}${t}`;
}

/** null when valid, else a message for the input's error slot. */
export function aliasError(input: string): string | null {
  const name = fullAliasName(input);
  if (name === ALIAS_PREFIX) return 'Enter a name after alias/';
  if (name.length > LIMITS.aliasNameMax) return `At most ${LIMITS.aliasNameMax} characters including alias/`;
  if (!ALIAS_PATTERN.test(name)) return 'Use letters, digits and / _ - only';
  if (name.startsWith('alias/aws/')) return 'alias/aws/ is reserved for AWS managed keys';
  return null;
}

/**
 * The canonical text of an audit record's members around its `chain` member, written from a
 * fixed-order template of the record's known shape (src-shared/audit.ts AuditRecord, the
 * keys of userIdentity and of each resource) instead of sorting keys at every level. The
 * text is byte-identical to chain.ts canonicalJson: JSON with object keys sorted in UTF-16
 * code-unit order (Array.prototype.sort), no whitespace; members whose value is undefined
 * left out. A record with a member the template does not know is encoded generically, with
 * the same result. Tests compare both encoders on many records (audit/canonical-line.test.ts).
 */

const TOP_KEYS = [
  'awsRegion', 'chain', 'errorCode', 'errorMessage', 'eventCategory', 'eventID', 'eventName', 'eventSource', 'eventTime',
  'eventType', 'eventVersion', 'managementEvent', 'readOnly', 'recipientAccountId', 'requestID', 'requestParameters',
  'resources', 'responseElements', 'sourceIPAddress', 'userAgent', 'userIdentity',
].sort();
const TOP = new Set(TOP_KEYS);
const IDENTITY_KEYS = ['accessKeyId', 'accountId', 'arn', 'invokedBy', 'principalId', 'type'].sort();
const IDENTITY = new Set(IDENTITY_KEYS);
const RESOURCE_KEYS = ['ARN', 'accountId', 'type'].sort();
const RESOURCE = new Set(RESOURCE_KEYS);
/** `"name":` of every template key, built once. */
const NAME = new Map([...TOP_KEYS, ...IDENTITY_KEYS, ...RESOURCE_KEYS].map((k) => [k, `${JSON.stringify(k)}:`]));

/** The record's canonical text is `${pre}"chain":{...}${post}`. */
export interface LineParts {
  /** `{` and the members sorted before `chain`, each followed by a comma. */
  pre: string;
  /** The members sorted after `chain`, each preceded by a comma, and `}`. */
  post: string;
}

/**
 * The members of `fields` (a record without its chain, a plain object) as canonical text
 * around the chain member. Throws TypeError, as canonicalJson does, for a value that is not
 * plain JSON data (binary, Dates, class instances, functions, bigint, non-finite numbers).
 */
export function canonicalLineParts(fields: Record<string, unknown>): LineParts {
  const known = Object.keys(fields).every((k) => TOP.has(k));
  const keys = known ? TOP_KEYS : [...Object.keys(fields), 'chain'].sort();
  let pre = '{';
  let post = '';
  let pastChain = false;
  for (const k of keys) {
    if (k === 'chain') {
      pastChain = true;
      continue;
    }
    const v = fields[k];
    if (v === undefined) continue;
    const enc = k === 'userIdentity' ? encodeKnown(v, IDENTITY_KEYS, IDENTITY, k) : k === 'resources' ? encodeResources(v) : encodeCanonical(v, k);
    if (enc === undefined) continue;
    const member = (NAME.get(k) ?? `${JSON.stringify(k)}:`) + enc;
    if (pastChain) post += `,${member}`;
    else pre += `${member},`;
  }
  return { pre, post: `${post}}` };
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An object whose keys are all in `known`, by the template's order; anything else generically. */
function encodeKnown(v: unknown, order: readonly string[], known: ReadonlySet<string>, key: string): string | undefined {
  if (!isPlain(v) || !Object.keys(v).every((k) => known.has(k))) return encodeCanonical(v, key);
  let s = '{';
  for (const k of order) {
    const x = v[k];
    if (x === undefined) continue;
    const enc = encodeCanonical(x, k);
    if (enc === undefined) continue;
    s += `${s.length > 1 ? ',' : ''}${NAME.get(k)!}${enc}`; // every template key has its name
  }
  return `${s}}`;
}

function encodeResources(v: unknown): string | undefined {
  if (!Array.isArray(v)) return encodeCanonical(v, 'resources');
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (encodeKnown(v[i], RESOURCE_KEYS, RESOURCE, 'resources') ?? 'null');
  return `${s}]`;
}

/**
 * The generic canonical encoder behind chain.ts canonicalJson (sorted keys, no whitespace);
 * undefined for an undefined value. `key` names the member in error messages.
 * @throws TypeError for anything that is not plain JSON data.
 */
export function encodeCanonical(v: unknown, key: string): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number at "${key}"`);
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof v} at "${key}" is not JSON data`);
  }
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (encodeCanonical(v[i], key) ?? 'null');
    return `${s}]`;
  }
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
    throw new TypeError(`canonicalJson: binary data at "${key}"; audit records never hold bytes`);
  }
  if (!isPlain(v)) throw new TypeError(`canonicalJson: a non-plain object at "${key}" is not JSON data`);
  let s = '{';
  let first = true;
  for (const k of Object.keys(v).sort()) {
    const enc = encodeCanonical(v[k], k);
    if (enc === undefined) continue;
    s += `${first ? '' : ','}${JSON.stringify(k)}:${enc}`;
    first = false;
  }
  return `${s}}`;
}

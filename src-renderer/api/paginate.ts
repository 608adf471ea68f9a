/**
 * Paging written once: an async generator that yields the pages of any list channel, in the
 * manner of aws-sdk-js-v3's `paginateListKeys` (clients/client-kms/src/pagination). Each page is
 * one `call()`, so a failed page is notified like any other call and ends the iteration by
 * throwing.
 */
import type { Channel, RequestOf, ResponseOf } from '../../src-shared/contract';
import { call, type CallOptions } from './call';

/** How a channel carries its page token: on the request, and in the answer. */
export interface PageTokens<C extends Channel> {
  /** The request for the page that `token` names. */
  withToken(request: RequestOf<C>, token: string): RequestOf<C>;
  /** The token of the next page, or undefined on the last one. */
  nextToken(page: ResponseOf<C>): string | undefined;
}

export interface PaginateOptions {
  /** Start at this page token instead of the first page (aws-sdk's `startingToken`). */
  startingToken?: string | undefined;
  /** Passed to every `call()`. */
  call?: CallOptions;
}

/**
 * Yield every page of `channel` for `request`, following the channel's page token until the
 * last page. Stops, as aws-sdk-js-v3 does with `stopOnSameToken`, if the service hands back
 * the token it was given (it would otherwise loop forever).
 *
 * Throws whatever `call()` throws for a page (e.g. `InvalidMarkerException`, `NotFoundException`).
 */
export async function* paginate<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
  tokens: PageTokens<C>,
  options: PaginateOptions = {},
): AsyncGenerator<ResponseOf<C>, void, undefined> {
  let token = options.startingToken;
  for (;;) {
    const page = await call(channel, token === undefined ? request : tokens.withToken(request, token), options.call ?? {});
    yield page;
    const next = tokens.nextToken(page);
    if (next === undefined || next === '' || next === token) return;
    token = next;
  }
}

/** The KMS list operations: `Marker` on the request; `Truncated` and `NextMarker` in the answer. */
export type MarkerChannel = 'kms:ListKeys' | 'kms:ListAliases' | 'kms:ListResourceTags' | 'kms:ListKeyRotations';

/**
 * Every page of a KMS list operation (ListKeys, ListAliases, ListResourceTags,
 * ListKeyRotations). `Marker` and `NextMarker`/`Truncated` as in the AWS KMS API reference
 * ("ListKeys": Request Parameters / Response Elements).
 */
export function kmsPages<C extends MarkerChannel>(channel: C, request: RequestOf<C>, options: PaginateOptions = {}): AsyncGenerator<ResponseOf<C>, void, undefined> {
  return paginate(channel, request, {
    withToken: (r, Marker) => ({ ...r, Marker }),
    nextToken: (page) => (page.Truncated ? page.NextMarker : undefined),
  }, options);
}

/** Pages of the audit log, newest first: `cursor` on the request, `nextCursor` in the answer. */
export function auditPages(request: RequestOf<'audit:query'>, options: PaginateOptions = {}): AsyncGenerator<ResponseOf<'audit:query'>, void, undefined> {
  return paginate('audit:query', request, {
    withToken: (r, cursor) => ({ ...r, cursor }),
    nextToken: (page) => page.nextCursor,
  }, options);
}

/** Every item of every page, in order (e.g. all aliases: `collect(kmsPages(...), (p) => p.Aliases)`). */
export async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[]): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...items(page));
  return out;
}

/** The first page only (one page on demand, e.g. the audit log's "Load more"); throws if there is none. */
export async function firstPage<P>(pages: AsyncGenerator<P, void, undefined>): Promise<P> {
  const first = await pages.next();
  await pages.return(undefined);
  if (first.done) throw new Error('The paginator yielded no page');
  return first.value;
}

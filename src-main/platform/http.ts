/**
 * HTTP plumbing shared by Keyward's two servers (the local KMS endpoint in api/, the
 * headless host in host/): loopback-only listening, bounded request bodies, header access,
 * replies with a Content-Length, and closing with every socket. Node builtins only.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KeywardError } from '../../src-shared/kms/errors.js';

/** Both servers bind here and nowhere else: they serve secrets to whoever reaches the port. */
export const LOOPBACK = '127.0.0.1';

/** The body is larger than the server's limit (HTTP 413, RFC 9110 §15.5.14). */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** A refusal with its HTTP status and the named error the reply carries. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: KeywardError,
  ) {
    super(error.message);
  }
}

/**
 * One header's value as Node merged it (`req.headers`): the first of repeated single-valued
 * headers such as Authorization or Host, the comma-joined list for others.
 */
export function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** True when the request carries the header more than once (RFC 9110 §5.3). */
export function isRepeatedHeader(req: IncomingMessage, name: string): boolean {
  // rawHeaders (name, value, name, value, ...) as received; headersDistinct would build every header's list.
  const lower = name.toLowerCase();
  const raw = req.rawHeaders;
  let seen = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i]!; // even indexes are names
    if (n.length === lower.length && n.toLowerCase() === lower && ++seen > 1) return true;
  }
  return false;
}

export interface ReadBodyOptions {
  /** Largest body accepted, in bytes. */
  limit: number;
  /** When Content-Length already exceeds the limit, read and discard the body (keeps the socket readable for the reply). */
  drainRefused?: boolean;
  /** The error to reject with when the body is too large; BodyTooLargeError by default. */
  tooLarge?: () => Error;
}

/**
 * The whole request body. Rejects with `tooLarge()` (BodyTooLargeError by default) as soon
 * as Content-Length or the bytes received exceed `limit` (the rest is not kept), or with the
 * stream's error.
 */
export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const { limit } = options;
  const tooLarge = options.tooLarge ?? (() => new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const declared = Number(singleHeader(req, 'content-length') ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge());
      if (options.drainRefused) req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)); // one chunk: no copy
    });
    req.on('error', (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
  });
}

/** Reply with `body` (UTF-8) and the given headers, adding its Content-Length. */
export function sendBody(res: ServerResponse, status: number, body: string, headers: Record<string, string | number>): void {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** A TCP port number: 0 (any free port) to 65535. */
export function isPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535;
}

/**
 * Listen on 127.0.0.1:`port` and resolve the bound port. A listen error (port in use, no
 * privilege) rejects with `toError(e)`; later server errors are the caller's to handle.
 */
export function listenLoopback(server: Server, port: number, toError: (e: NodeJS.ErrnoException) => Error = (e) => e): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => reject(toError(e));
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port); // listen() on a TCP host gives AddressInfo
    });
  });
}

/** Stop accepting, close every open connection (keep-alive ones included), resolve when closed. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** What Node's HTTP parser refused before a request existed, as the status to answer. */
export function clientErrorStatus(e: NodeJS.ErrnoException): number {
  // Codes from Node's docs ("Event: 'clientError'", HTTP errors): headers too large is 431
  // (RFC 6585 §5), a request or headers deadline is 408 (RFC 9110 §15.5.9), the rest 400.
  if (e.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (e.code === 'ERR_HTTP_REQUEST_TIMEOUT' || e.code === 'HPE_HEADERS_TIMEOUT') return 408;
  return 400;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** The message for HTTP that Node's parser refused (see `answerClientErrors`). */
export function malformedMessage(status: number): string {
  if (status === 431) return 'The request headers are too large.';
  if (status === 408) return 'The request was not received in time.';
  return 'The request is not valid HTTP/1.1.';
}

/**
 * Answer malformed HTTP (Node's `clientError`) with `reply(status)`'s JSON instead of Node's
 * bare status line, then close: the parser's state is lost, so the connection cannot carry
 * another request. A socket already closed, or whose reply has begun, is only destroyed
 * (https://nodejs.org/api/http.html#event-clienterror).
 */
export function answerClientErrors(server: Server, reply: (status: number) => { body: string; headers: Record<string, string> }): void {
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    const begun = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage?.headersSent === true;
    if (e.code === 'ECONNRESET' || !socket.writable || begun) {
      socket.destroy();
      return;
    }
    const status = clientErrorStatus(e);
    const { body, headers } = reply(status);
    const lines = Object.entries({ ...headers, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
    socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

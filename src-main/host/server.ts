/**
 * The headless host's HTTP server: the built renderer as static files plus one bridge
 * endpoint carrying the channel contract (HOST_BRIDGE.path, body {channel, request} as
 * JSON: bytes as base64, dates as ISO 8601, decoded by the channel's JSON schema in the
 * router; replies are ChannelResults written by `encodeTyped`, src-shared/wire.ts). Bound to
 * 127.0.0.1 only, behind a per-run token, with Host and Origin checks against DNS
 * rebinding and cross-site requests.
 *
 * Authentication: the page trades the printed token for a session cookie at
 * HOST_BRIDGE.sessionPath (session.ts) and its bridge calls carry only the cookie, which is
 * accepted with an Origin header naming this host. The exchange is single use: it spends the
 * token, so the URL left in the browser's history opens nothing afterwards (session.ts,
 * PrintedToken). Scripts, tests and benchmarks that never exchange it may instead send the
 * token in the HOST_BRIDGE.tokenHeader header on every call (no cookie, no Origin needed).
 */
import { createReadStream } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HOST_BRIDGE, type ChannelResult } from '../../src-shared/contract.js';
import { AccessDeniedException, errorToWire, KMSInternalException, ValidationException } from '../../src-shared/kms/errors.js';
import { bytesToBase64Url, encodeTyped } from '../../src-shared/wire.js';
import { randomBytes } from '../crypto/random.js';
import {
  answerClientErrors, closeServer, malformedMessage, HttpError, isPort, isRepeatedHeader, listenLoopback, LOOPBACK, readBody, sendBody, singleHeader,
} from '../platform/http.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp.js';
import { PrintedToken, readCookie, secretMatches, sessionCookie, sessionCookieName, SPENT_LINK_MESSAGE } from './session.js';
import { lookupStatic } from './static-files.js';

export { LOOPBACK };
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface HostServerOptions {
  service: KeywardService;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** Must be 127.0.0.1; anything else is refused. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A fixed token for tests; by default 32 random bytes, base64url. */
  token?: string;
  maxBodyBytes?: number;
  /** Whole-request deadline (headers and body), ms. */
  requestTimeoutMs?: number;
  /**
   * Called with a fresh URL when someone presents the spent token again (a closed browser
   * reopening the link from its history): the host prints it where it was started.
   */
  onNewLink?: (url: string) => void;
}

export interface HostServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The token now valid (a new one after the spent token was presented again). */
  readonly token: string;
  /** The URL to open: origin + "/#token=" + token (the fragment is not sent in requests; the page trades it once for the session cookie). */
  readonly url: string;
  close(): Promise<void>;
}

export class HostBindError extends Error {
  override readonly name = 'HostBindError';
}

/** The security headers every response carries. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** Constant-time comparison of a presented token with the run's token (any lengths). */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  return secretMatches(presented, expected);
}

function sendResult(res: ServerResponse, status: number, result: ChannelResult, extra: Record<string, string> = {}): void {
  sendBody(res, status, encodeTyped(result), {
    ...securityHeaders(),
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  sendBody(res, status, text, {
    ...securityHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
}

function readBridgeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readBody(req, { limit, drainRefused: true, tooLarge: () => new HttpError(413, new ValidationException(`Request body is larger than ${limit} bytes.`)) });
}

/** `{channel, request}` from the body; the request stays JSON for the router to decode by the channel's schema. */
function parseBridgeBody(text: string): { channel: string; request: unknown } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    throw new HttpError(400, new ValidationException('Request body is not valid JSON.'));
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded) || !('channel' in decoded)) {
    throw new HttpError(400, new ValidationException("Request body must be an object {channel, request}."));
  }
  const { channel } = decoded;
  if (typeof channel !== 'string') throw new HttpError(400, new ValidationException("Value at 'channel' must be a string."));
  const request = 'request' in decoded ? decoded.request : undefined;
  return { channel, request };
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) {
    throw new HostBindError(
      `The headless host listens on ${LOOPBACK} only (asked for "${host}"): it opens the vault to anyone who can reach the port, with only the token in the way.`,
    );
  }
  const port = options.port ?? 0;
  if (!isPort(port)) throw new HostBindError(`Invalid port: ${String(port)}`);
  const printed = new PrintedToken(options.token ?? bytesToBase64Url(randomBytes(32)), () => bytesToBase64Url(randomBytes(32)));
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const staticRoot = await realpath(options.staticDir).catch(() => options.staticDir);
  const { service } = options;

  // The browser session's cookie value: never printed, set only by the token exchange.
  const session = bytesToBase64Url(randomBytes(32));
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let cookieName = '';

  /** The request's Origin: absent, or our own page (refuses cross-site pages even if they guess the port). */
  function checkedOrigin(req: IncomingMessage): string | undefined {
    const origin = singleHeader(req, 'origin');
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      throw new HttpError(403, new AccessDeniedException('Cross-origin requests are not allowed.'));
    }
    return origin;
  }

  function refuseUnlessPost(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'POST') return;
    res.setHeader('Allow', 'POST');
    throw new HttpError(405, new ValidationException('Use POST.'));
  }

  const notAuthenticated = () => new HttpError(401, new AccessDeniedException('Missing or wrong Keyward token. Open the URL the host printed.'));

  /** The token exchange: the printed token in the header, answered by the session cookie; the token is spent. */
  function handleSession(req: IncomingMessage, res: ServerResponse): void {
    checkedOrigin(req);
    refuseUnlessPost(req, res);
    const presented = singleHeader(req, HOST_BRIDGE.tokenHeader);
    const verdict = printed.exchange(presented);
    if (verdict === 'spent') {
      // The link came from history: mint a new one, shown only where the host was started.
      options.onNewLink?.(linkOf(printed.renew()));
      throw new HttpError(401, new AccessDeniedException(SPENT_LINK_MESSAGE));
    }
    if (verdict !== 'accepted') throw notAuthenticated();
    req.resume(); // no body expected; whatever was sent is discarded
    res.writeHead(204, { ...securityHeaders(), 'Cache-Control': 'no-store', 'Set-Cookie': sessionCookie(cookieName, session) });
    res.end();
  }

  async function handleBridge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = checkedOrigin(req);
    // The cookie counts only with our Origin (sent by browsers on every POST): SameSite=Strict
    // already keeps other sites' requests from carrying it, this is a second lock.
    const byCookie = origin !== undefined && secretMatches(readCookie(singleHeader(req, 'cookie'), cookieName), session);
    if (!byCookie && !printed.allowsCall(singleHeader(req, HOST_BRIDGE.tokenHeader))) throw notAuthenticated();
    refuseUnlessPost(req, res);
    const body = await readBridgeBody(req, maxBody);
    const { channel, request } = parseBridgeBody(body.toString('utf8'));
    const caller: CallerContext = {
      transport: 'host',
      sourceIPAddress: req.socket.remoteAddress ?? 'unknown',
      userAgent: (singleHeader(req, 'user-agent') ?? 'unknown').slice(0, 256),
    };
    const result = await service.handle(channel, request, caller, 'json');
    sendResult(res, 200, result);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const found = await lookupStatic(staticRoot, pathname);
    if (found.kind === 'bad-request') return sendText(res, 400, 'Bad request');
    if (found.kind === 'not-found') {
      const hint = pathname === '/' ? 'The renderer is not built: run `npm run build`.' : 'Not found';
      return sendText(res, 404, hint);
    }
    res.writeHead(200, {
      ...securityHeaders(),
      'Content-Type': found.contentType,
      'Content-Length': found.size,
      // index.html names the current asset files, so it is never cached.
      'Cache-Control': found.isIndex ? 'no-store' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(found.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding defence: a page at attacker.example resolving to 127.0.0.1 still sends
    // its own name in Host.
    const hostHeader = singleHeader(req, 'host');
    if (isRepeatedHeader(req, 'host')) throw new HttpError(400, new ValidationException('The request carries more than one Host header.'));
    if (hostHeader === undefined || !allowedHosts.has(hostHeader.toLowerCase())) {
      throw new HttpError(403, new AccessDeniedException('Unexpected Host header.'));
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === HOST_BRIDGE.path) return handleBridge(req, res);
    if (pathname === HOST_BRIDGE.sessionPath) return handleSession(req, res);
    return handleStatic(req, res, pathname);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        // After a 413 the rest of the body is drained, not read; the connection is not reused.
        sendResult(res, e.status, { ok: false, error: errorToWire(e.error) }, e.status === 413 ? { Connection: 'close' } : {});
        return;
      }
      sendResult(res, 500, { ok: false, error: errorToWire(new KMSInternalException('The host failed to handle the request.')) });
    });
  });
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(10_000, server.requestTimeout);
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 64;
  answerClientErrors(server, (status) => ({
    body: encodeTyped({ ok: false, error: errorToWire(new ValidationException(malformedMessage(status))) }),
    headers: { ...securityHeaders(), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  }));

  const actualPort = await listenLoopback(server, port);
  allowedHosts = new Set([`${LOOPBACK}:${actualPort}`, `localhost:${actualPort}`]);
  allowedOrigins = new Set([`http://${LOOPBACK}:${actualPort}`, `http://localhost:${actualPort}`]);
  cookieName = sessionCookieName(actualPort);
  const origin = `http://${LOOPBACK}:${actualPort}`;
  const linkOf = (t: string): string => `${origin}/#token=${t}`;

  return {
    port: actualPort,
    origin,
    get token() {
      return printed.current;
    },
    get url() {
      return linkOf(printed.current);
    },
    close: () => closeServer(server),
  };
}

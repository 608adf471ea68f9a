/**
 * The local KMS-compatible endpoint: AWS JSON 1.1 over HTTP on 127.0.0.1, every request
 * SigV4-signed with an access key Keyward issued, every operation served by the same router
 * the UI calls (`handle('kms:<Op>', ...)`), so behaviour cannot drift.
 *
 * Protocol (AWS KMS API Reference, "Common Parameters" and "Common Errors"): POST / with
 * `X-Amz-Target: TrentService.<Op>` and `Content-Type: application/x-amz-json-1.1`
 * (application/json also accepted); success is 200 with the JSON output; errors are
 * `{"__type", "message"}` with KMS's names, 400 for client faults, 500 for server faults
 * (503 DependencyTimeout), 413 for an oversized body; every answer carries
 * `x-amzn-RequestId` (the audit record's requestID). A Keyward exception answers as the KMS
 * exception its class declares (src-shared/kms/errors.ts), e.g. a locked vault as
 * KMSInvalidStateException (400).
 *
 * Bounds: body (1 MiB, far above KMS's largest request), headers (16 KiB, 64 of them),
 * time to headers (5 s: slowloris), whole request (30 s), keep-alive idle (5 s). Node checks
 * the header and request deadlines every `checkIntervalMs`. Connections (64, idle and slow
 * ones closed first to admit a new one) and requests in flight (8 per connection with 32
 * more waiting, 32 per access key, 128 in all, then ThrottlingException): connection-limits.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  isKeywardError, kmsWireError, KMSInternalException, KMSInvalidStateException, LOCKED_MESSAGE, MissingAuthenticationTokenException,
  ThrottlingException, UnknownOperationException, ValidationException, type WireError,
} from '../../src-shared/kms/errors.js';
import { KmsSchemas, type KmsOperation } from '../../src-shared/kms/schemas.js';
import type { KmsEndpointAuth, KmsEndpointLimits } from '../service/ports.js';
import { randomUuid } from '../crypto/random.js';
import {
  answerClientErrors, closeServer, malformedMessage, HttpError, isPort, isRepeatedHeader, listenLoopback, LOOPBACK, readBody, sendBody, singleHeader,
} from '../platform/http.js';
import type { CallerContext, KeywardService } from '../service/types.js';
import { decodeRequest, encodeResponse } from './codec.js';
import { ConnectionLimits, THROTTLED_MESSAGE } from './connection-limits.js';
import { SigningKeyCache } from './signing-keys.js';
import { verifySigV4 } from './sigv4.js';

export const TARGET_PREFIX = 'TrentService.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface KmsEndpointOptions extends KmsEndpointLimits {
  handle: KeywardService['handle'];
  auth: KmsEndpointAuth;
  /** Must be 127.0.0.1: anything else is refused. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** The wall clock for the SigV4 skew check (never the training mode's virtual clock). */
  now?: () => Date;
}

export interface KmsEndpoint {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** Requests received since start, any outcome. */
  readonly requestCount: number;
  close(): Promise<void>;
}

export class EndpointBindError extends Error {
  override readonly name = 'EndpointBindError';
}

function readRequestBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readBody(req, { limit, tooLarge: () => new HttpError(413, new ValidationException(`The request body is larger than ${limit} bytes.`)) });
}

function isKmsOperation(name: string): name is KmsOperation {
  return Object.prototype.hasOwnProperty.call(KmsSchemas, name);
}

function send(res: ServerResponse, status: number, requestId: string, body: string, extra: Record<string, string> = {}): void {
  sendBody(res, status, body, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId, ...extra });
}

/** An error as KMS answers it; `status` overrides the one the exception declares (413, throttling). */
function sendError(res: ServerResponse, requestId: string, wire: WireError, status?: number): void {
  const { name, message, status: declared } = kmsWireError(wire);
  const code = status ?? declared;
  const extra: Record<string, string> = { 'x-amzn-ErrorType': name };
  // An oversized body is not read to its end, so the connection cannot carry another request.
  if (code === 413) extra['Connection'] = 'close';
  // AWS's protocol layer writes SerializationException with `Message` (capital M), and with
  // no message at all for a body that is not JSON (recorded in mhart/dynalite's helpers).
  const text = name === 'SerializationException' ? (message ? { Message: message } : {}) : { message };
  send(res, code, requestId, JSON.stringify({ __type: name, ...text }), extra);
}

export async function startKmsEndpoint(options: KmsEndpointOptions): Promise<KmsEndpoint> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) {
    throw new EndpointBindError(
      `The KMS endpoint listens on ${LOOPBACK} only (asked for "${host}"): it serves your keys to any program that can reach it with an access key, so it is never exposed to a network.`,
    );
  }
  const port = options.port;
  if (!isPort(port)) throw new EndpointBindError(`Invalid port: ${String(port)}`);
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const { auth, handle } = options;
  let requestCount = 0;
  const signingKeys = new SigningKeyCache();

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const lease = await limits.admit(req, res);
    // One Host only (RFC 9112 §3.2: a request with more than one is answered 400).
    if (isRepeatedHeader(req, 'host')) throw new HttpError(400, new ValidationException('The request carries more than one Host header.'));
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'POST' || path !== '/') {
      throw new HttpError(400, new UnknownOperationException(
        "Keyward's KMS endpoint answers POST / with X-Amz-Target: TrentService.<Operation> (AWS JSON 1.1).",
      ));
    }
    const body = await readRequestBody(req, maxBody);
    // Signed in the header or presigned in the query (sigv4.ts); neither: nothing to check.
    if (singleHeader(req, 'authorization') === undefined && !/[?&]X-Amz-Algorithm(=|&|$)/.test(req.url ?? '')) {
      throw new HttpError(400, new MissingAuthenticationTokenException('Request is missing Authentication Token'));
    }
    // Access keys live in the vault: locked, nothing can be checked or served.
    if (!auth.unlocked()) throw new HttpError(400, new KMSInvalidStateException(LOCKED_MESSAGE));
    const { accessKeyId } = verifySigV4(
      { method: req.method, url: req.url ?? '/', headers: req.headers, body },
      { region: auth.region(), now: now(), secretOf: (id) => auth.secretOf(id), signingKeys },
    );
    if (!lease.authenticate(accessKeyId)) throw new HttpError(400, new ThrottlingException(THROTTLED_MESSAGE));
    const target = singleHeader(req, 'x-amz-target') ?? '';
    const op = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    if (!isKmsOperation(op)) {
      throw new HttpError(400, new UnknownOperationException(`Keyward does not implement the operation '${target.slice(0, 80)}'.`));
    }
    const contentType = (singleHeader(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== CONTENT_TYPE && contentType !== 'application/json') {
      throw new HttpError(400, new ValidationException(`Content-Type must be ${CONTENT_TYPE}.`));
    }
    // AWS's JSON protocol layer: a body of the wrong wire shape is SerializationException,
    // before any member validation (the router's schema check).
    const payload = decodeRequest(body.toString('utf8'), op);
    const caller: CallerContext = {
      transport: 'api',
      sourceIPAddress: req.socket.remoteAddress ?? 'unknown',
      userAgent: (singleHeader(req, 'user-agent') ?? 'unknown').slice(0, 256),
      accessKeyId,
      requestId,
    };
    const result = await lease.hold(handle(`kms:${op}`, payload, caller, 'json'));
    if (result.ok) send(res, 200, requestId, encodeResponse(result.value));
    else sendError(res, requestId, result.error);
  }

  const server: Server = createServer(
    {
      maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
      headersTimeout: options.headersTimeoutMs ?? 5_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: options.checkIntervalMs ?? 1_000,
    },
    (req, res) => {
      requestCount += 1;
      const requestId = randomUuid();
      serve(req, res, requestId).catch((e: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (e instanceof HttpError) {
          sendError(res, requestId, { name: e.error.name, message: e.error.message }, e.status);
          if (e.status === 413) res.once('finish', () => req.destroy());
          return;
        }
        if (isKeywardError(e)) {
          // A named KMS/AWS error: the body's JSON, a SigV4 check.
          sendError(res, requestId, { name: e.name, message: e.message });
          return;
        }
        sendError(res, requestId, { name: 'KMSInternalException', message: new KMSInternalException('The endpoint failed to handle the request.').message });
      });
    },
  );
  server.maxHeadersCount = 64;
  answerClientErrors(server, (status) => ({
    body: JSON.stringify({ __type: 'ValidationException', message: malformedMessage(status) }),
    headers: { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': randomUuid(), 'x-amzn-ErrorType': 'ValidationException' },
  }));
  const limits = new ConnectionLimits(server, {
    maxConnections: options.maxConnections ?? 64,
    maxInFlight: options.maxInFlight ?? 128,
    perConnection: options.maxInFlightPerConnection ?? 8,
    perConnectionQueue: options.maxQueuedPerConnection ?? 32,
    perAccessKey: options.maxInFlightPerAccessKey ?? 32,
  });

  const actualPort = await listenLoopback(server, port, (e) => bindError(e, port));
  const stopSigningKeys = signingKeys.watch(auth); // wiped on lock, key deletion and close
  server.on('error', (e) => console.error(`keyward: KMS endpoint error: ${e.message}`));

  return {
    port: actualPort,
    url: `http://${LOOPBACK}:${actualPort}`,
    get requestCount() {
      return requestCount;
    },
    close: () => {
      stopSigningKeys();
      return closeServer(server);
    },
  };
}

function bindError(e: NodeJS.ErrnoException, port: number): EndpointBindError {
  if (e.code === 'EADDRINUSE') {
    return new EndpointBindError(`Port ${port} on ${LOOPBACK} is already in use by another program. Choose another port for the KMS endpoint.`);
  }
  if (e.code === 'EACCES') {
    return new EndpointBindError(`Port ${port} on ${LOOPBACK} needs privileges on this system. Choose a port of 1024 or above.`);
  }
  return new EndpointBindError(`The KMS endpoint could not listen on ${LOOPBACK}:${port} (${e.code ?? e.message}).`);
}

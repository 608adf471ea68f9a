/**
 * The ports the service declares and others implement. The local KMS endpoint (api/)
 * implements `KmsEndpointPort`; the hosts hand the service a factory for it, so service/
 * never imports api/.
 */
import type { ApiStatus } from '../../src-shared/app.js';
import type { PayloadEncoding } from '../../src-shared/validation.js';
import type { ChannelResult } from '../../src-shared/contract.js';
import type { CallerContext } from '../platform/caller.js';

/** The router's entry point for untrusted input: validate, dispatch, audit, shape errors. Never throws. */
/**
 * One call through the router. `encoding` says how binary and date fields arrived:
 * 'structured' (Uint8Array and Date, as Electron's structured clone and in-process callers
 * send them; the default) or 'json' (base64 strings and JSON dates, as the KMS endpoint
 * and the browser bridge receive them); the channel's own schema decodes either form.
 * Never throws: failures come back as `{ ok: false, error }`.
 */
export type HandleFn = (channel: string, payload: unknown, caller: CallerContext, encoding?: PayloadEncoding) => Promise<ChannelResult>;

/** Bounds and timeouts of the local KMS endpoint's HTTP server; tests shorten them. */
export interface KmsEndpointLimits {
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Default 16 KiB (Node's own default, made explicit). */
  maxHeaderBytes?: number;
  /** Time allowed for the request line and headers. Default 5 s. */
  headersTimeoutMs?: number;
  /** Time allowed for the whole request, body included. Default 30 s. */
  requestTimeoutMs?: number;
  /** Idle time before a keep-alive connection is closed. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Default 64; at the limit an idle or unauthenticated connection is closed to admit a new one (api/connection-limits.ts). */
  maxConnections?: number;
  /** Requests in flight in all. Default 128; more get ThrottlingException. */
  maxInFlight?: number;
  /** Requests in flight on one connection (pipelining). Default 8; more wait. */
  maxInFlightPerConnection?: number;
  /** Pipelined requests waiting on one connection. Default 32; more get ThrottlingException. */
  maxQueuedPerConnection?: number;
  /** Requests in flight for one access key. Default 32; more get ThrottlingException. */
  maxInFlightPerAccessKey?: number;
  /** How often Node checks the header/request deadlines. Default 1 s. */
  checkIntervalMs?: number;
}

/**
 * What the endpoint may ask the service to authenticate a SigV4 request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-signing-elements.html).
 * The only way secrets reach api/.
 */
export interface KmsEndpointAuth {
  /** The vault is unlocked (a locked vault serves nothing). */
  unlocked(): boolean;
  /** The region requests must be signed for (the vault's region). */
  region(): string;
  /** The secret access key of an issued, unrevoked access key id; undefined otherwise. */
  secretOf(accessKeyId: string): string | undefined;
}

/** The vault's settings the endpoint follows. */
export interface EndpointSettings {
  apiEnabled: boolean;
  apiPort: number;
  region: string;
}

/** What the service needs of the local KMS endpoint: its lifecycle and its status. */
export interface KmsEndpointPort {
  /** Follow the vault's settings (after unlock). Never throws: a failure shows in status().Error. */
  follow(settings: EndpointSettings): Promise<void>;
  /** Settings changed by the user: apply now. A port that cannot be bound is a ValidationException. */
  configure(enabled: boolean, port: number): Promise<void>;
  /** On for this run whatever the settings say (headless --kms-endpoint-port). Throws if the port cannot be bound. */
  startForRun(port: number): Promise<void>;
  /** As Settings shows it. */
  status(settings: EndpointSettings): ApiStatus;
  /** Stop listening. */
  close(): Promise<void>;
}

/** What the service hands the endpoint: the router's entry point, the auth callbacks and the limits. */
export interface KmsEndpointDeps {
  handle: HandleFn;
  auth: KmsEndpointAuth;
  limits?: KmsEndpointLimits;
}

/** Builds the endpoint; passed in by the hosts (desktop, headless, tests). */
export type KmsEndpointFactory = (deps: KmsEndpointDeps) => KmsEndpointPort;

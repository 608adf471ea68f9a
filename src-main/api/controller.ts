/**
 * The KMS endpoint's lifecycle inside the service: started from the vault's settings when
 * the vault is unlocked (Settings > Local KMS endpoint), or for one run by the headless
 * host's --kms-endpoint-port. It keeps listening while the vault is locked and then
 * answers every request with KMSInvalidStateException, so clients see why.
 */
import type { ApiStatus } from '../../src-shared/app.js';
import { ValidationException } from '../../src-shared/kms/errors.js';
import type { EndpointSettings, KmsEndpointDeps, KmsEndpointFactory, KmsEndpointPort } from '../service/ports.js';
import { EndpointBindError, startKmsEndpoint, type KmsEndpoint } from './server.js';

/** The service's KmsEndpointPort, implemented over the HTTP server (server.ts). */
export class KmsEndpointController implements KmsEndpointPort {
  private endpoint: KmsEndpoint | undefined;
  private source: 'settings' | 'flag' = 'settings';
  private error: string | undefined;
  /** Requests of endpoints already closed, so the count survives a restart. */
  private earlierRequests = 0;

  constructor(private readonly deps: KmsEndpointDeps) {}

  /** Bind the new port first: if that fails, the running endpoint (if any) keeps serving. */
  private async start(port: number): Promise<void> {
    let next: KmsEndpoint;
    try {
      next = await startKmsEndpoint({ ...this.deps.limits, port, handle: this.deps.handle, auth: this.deps.auth });
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      throw e;
    }
    await this.stop();
    this.endpoint = next;
    this.error = undefined;
  }

  private async stop(): Promise<void> {
    const e = this.endpoint;
    this.endpoint = undefined;
    if (e) {
      this.earlierRequests += e.requestCount;
      await e.close();
    }
  }

  /** Headless --kms-endpoint-port: on for this run whatever the settings say. Throws if the port cannot be bound. */
  async startForRun(port: number): Promise<void> {
    this.source = 'flag';
    await this.start(port);
  }

  /** Follow the vault's settings (after unlock). Never throws: a failure shows in status().Error. */
  async follow(settings: EndpointSettings): Promise<void> {
    if (this.source === 'flag') return;
    try {
      if (!settings.apiEnabled) await this.stop();
      else if (this.endpoint?.port !== settings.apiPort) await this.start(settings.apiPort);
    } catch {
      // recorded in this.error by start()
    }
  }

  /** Settings changed by the user: apply now; a port that cannot be bound is a ValidationException. */
  async configure(enabled: boolean, port: number): Promise<void> {
    if (!enabled) {
      await this.stop();
      this.source = 'settings';
      this.error = undefined;
      return;
    }
    if (this.endpoint?.port !== port) {
      try {
        await this.start(port);
      } catch (e) {
        if (e instanceof EndpointBindError) throw new ValidationException(e.message);
        throw e;
      }
    }
    this.source = 'settings';
  }

  /** As Settings shows it: Enabled from the flag or the settings, the URL while listening, the last bind error otherwise. */
  status(settings: EndpointSettings): ApiStatus {
    const e = this.endpoint;
    const st: ApiStatus = {
      Enabled: this.source === 'flag' || settings.apiEnabled,
      Listening: e !== undefined,
      Port: e?.port ?? settings.apiPort,
      RequestCount: this.earlierRequests + (e?.requestCount ?? 0),
      Region: settings.region,
      Source: this.source,
    };
    if (e) st.Url = e.url;
    if (this.error !== undefined && !e) st.Error = this.error;
    return st;
  }

  /** Stop listening. */
  async close(): Promise<void> {
    await this.stop();
  }
}

/** The factory the hosts pass as ServiceOptions.endpoint. */
export const createKmsEndpoint: KmsEndpointFactory = (deps) => new KmsEndpointController(deps);

/**
 * The local KMS endpoint's limits on connections and requests, so that no client, and no
 * idle or slow connection, can lock the others out:
 *
 * - **Connections** (`maxConnections`): at the limit, a new connection is admitted by closing
 *   one that is serving no authenticated request: first one with no request at all (never
 *   sent one, still sending its headers, or idle between keep-alive requests), then one whose
 *   requests are all still unauthenticated (a slow body); the least recently active first.
 *   Only when every connection is serving an authenticated request is the new one closed.
 *   Node's own `server.maxConnections` is not used: it refuses the newcomer, whoever holds
 *   the slots (https://nodejs.org/api/net.html#servermaxconnections).
 * - **Requests per connection** (`perConnection`): HTTP/1.1 pipelining delivers a
 *   connection's requests all at once (RFC 9112 §9.3.2); beyond `perConnection` in flight
 *   they wait their turn, up to `perConnectionQueue` of them, and further ones are answered
 *   ThrottlingException (in order, as pipelining requires).
 * - **Requests per access key** (`perAccessKey`, counted once the signature is verified) and
 *   **in all** (`maxInFlight`): beyond them, ThrottlingException.
 *
 * ThrottlingException carries KMS's own message and status 400, which the SDKs retry with
 * backoff (https://docs.aws.amazon.com/kms/latest/developerguide/throttling.html).
 * The console does not come through here: it calls the service over IPC or the bridge.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ThrottlingException } from '../../src-shared/kms/errors.js';
import { HttpError } from '../platform/http.js';

/** KMS's ThrottlingException message (AWS KMS Developer Guide, "Throttling AWS KMS requests"). */
export const THROTTLED_MESSAGE = 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';

/** The limits; see the module comment. Counts of connections and requests. */
export interface ConnectionLimitsOptions {
  maxConnections: number;
  maxInFlight: number;
  perConnection: number;
  perConnectionQueue: number;
  perAccessKey: number;
}

/** One admitted request's slots. */
export interface Lease {
  /**
   * Count the request against its (verified) access key. False when that key already has
   * `perAccessKey` requests in flight: answer ThrottlingException.
   */
  authenticate(accessKeyId: string): boolean;
  /** Keep the slots until `work` (the call handed to the service) settles, even if the client hangs up first; returns `work`. */
  hold<T>(work: Promise<T>): Promise<T>;
}

interface Conn {
  readonly socket: Socket;
  /** Admitted requests not yet answered. */
  active: number;
  /** Of those, the ones whose signature was verified. */
  authenticated: number;
  /** Pipelined requests waiting for a slot, oldest first. */
  readonly waiting: { admit: () => void; refuse: () => void }[];
  /** When a request last started or ended here (or the connection opened), ms. */
  lastActive: number;
}

function throttled(): HttpError {
  return new HttpError(400, new ThrottlingException(THROTTLED_MESSAGE));
}

/** The limits, attached to one HTTP server. */
export class ConnectionLimits {
  private readonly conns = new Map<Socket, Conn>();
  private readonly perKey = new Map<string, number>();
  private active = 0;

  constructor(
    server: Server,
    private readonly o: ConnectionLimitsOptions,
  ) {
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** Open connections and requests in flight (tests and diagnostics). */
  get stats(): { connections: number; inFlight: number } {
    return { connections: this.conns.size, inFlight: this.active };
  }

  private accept(socket: Socket): void {
    if (this.conns.size >= this.o.maxConnections && !this.evictOne()) {
      socket.destroy();
      return;
    }
    const conn: Conn = { socket, active: 0, authenticated: 0, waiting: [], lastActive: Date.now() };
    this.conns.set(socket, conn);
    socket.once('close', () => {
      if (this.conns.get(socket) === conn) this.conns.delete(socket);
      for (const w of conn.waiting.splice(0)) w.refuse();
    });
  }

  /** Close the connection that matters least (see the module comment); false when every one serves an authenticated request. */
  private evictOne(): boolean {
    let victim: Conn | undefined;
    let victimRank = 2;
    for (const c of this.conns.values()) {
      if (c.authenticated > 0) continue;
      const rank = c.active + c.waiting.length === 0 ? 0 : 1;
      if (rank < victimRank || (rank === victimRank && victim !== undefined && c.lastActive < victim.lastActive)) {
        victim = c;
        victimRank = rank;
      }
    }
    if (!victim) return false;
    this.conns.delete(victim.socket);
    victim.socket.destroy();
    return true;
  }

  /**
   * Admit one request: resolves with its lease once its connection has a free slot (at once,
   * normally). Rejects with an HttpError carrying ThrottlingException when the connection's
   * queue or the endpoint is full, or with a plain Error if the connection closes first.
   * The slots are freed when `res` closes and the work the lease holds has settled.
   */
  admit(req: IncomingMessage, res: ServerResponse): Promise<Lease> {
    const conn = this.conns.get(req.socket);
    if (!conn) return Promise.reject(new Error('the connection is closed'));
    if (conn.active < this.o.perConnection) {
      if (this.active >= this.o.maxInFlight) return Promise.reject(throttled());
      return Promise.resolve(this.start(conn, res));
    }
    if (conn.waiting.length >= this.o.perConnectionQueue) return Promise.reject(throttled());
    return new Promise((resolve, reject) => {
      conn.waiting.push({ admit: () => resolve(this.start(conn, res)), refuse: () => reject(new Error('the connection is closed')) });
    });
  }

  private start(conn: Conn, res: ServerResponse): Lease {
    conn.active += 1;
    this.active += 1;
    conn.lastActive = Date.now();
    let key: string | undefined;
    // The slots are held until the answer is sent (or the connection closes) and the work
    // handed to the service has settled: a client that hangs up does not get its slots back
    // while its calls still run, so hanging up and asking again cannot pile up work.
    let holds = 1;
    const release = () => {
      holds -= 1;
      if (holds > 0) return;
      conn.active -= 1;
      this.active -= 1;
      conn.lastActive = Date.now();
      if (key !== undefined) {
        conn.authenticated -= 1;
        const n = (this.perKey.get(key) ?? 1) - 1;
        if (n === 0) this.perKey.delete(key);
        else this.perKey.set(key, n);
      }
      // The freed slot goes to the next pipelined request: in flight in all stays the same.
      conn.waiting.shift()?.admit();
    };
    res.once('close', release);
    return {
      authenticate: (accessKeyId) => {
        if (key !== undefined) return true;
        const n = this.perKey.get(accessKeyId) ?? 0;
        if (n >= this.o.perAccessKey) return false;
        this.perKey.set(accessKeyId, n + 1);
        conn.authenticated += 1;
        key = accessKeyId;
        return true;
      },
      hold: (work) => {
        holds += 1;
        void work.then(release, release);
        return work;
      },
    };
  }
}

/**
 * Test kit: raw connections to the KMS endpoint for the fairness and connection-limit tests:
 * signed requests pipelined on one socket (HTTP/1.1, RFC 9112 §9.3.2), idle sockets that
 * never send a byte, and a reader of the answers in order. Loaded only by tests.
 */
import { connect, type Socket } from 'node:net';
import type { Running } from './endpoint-kit.js';
import { signAsSdk } from './signed-request.js';

/** Who signs: a running service's key, or any URL, region and key pair (a stub endpoint). */
export interface Signer {
  url: string;
  region: string;
  key: { AccessKeyId: string; SecretAccessKey: string };
}

/** One answer read off a pipelined connection. */
export interface PipelinedAnswer {
  status: number;
  /** The x-amzn-ErrorType header, or undefined on success. */
  errorType: string | undefined;
  body: string;
}

/** The bytes of one signed POST of `op` with JSON `payload`, as an SDK would sign it. */
export async function signedBytes(s: Signer, op: string, payload: unknown): Promise<string> {
  const body = JSON.stringify(payload);
  const { headers } = await signAsSdk(s as Running, op, body); // signAsSdk reads only url, region and key
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) }).map(([k, v]) => `${k}: ${v}`);
  return `POST / HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** A connection that writes `bytes` at once and hands back its answers, in order, as they complete. */
export class RawConnection {
  readonly socket: Socket;
  readonly answers: PipelinedAnswer[] = [];
  /** Every byte received, as text (to check nothing but KMS JSON ever came back). */
  raw = '';
  closed = false;
  private buffer = Buffer.alloc(0);
  private readonly waiters: (() => void)[] = [];

  constructor(port: number, bytes?: string) {
    this.socket = connect(port, '127.0.0.1');
    if (bytes !== undefined) this.socket.on('connect', () => this.socket.write(bytes));
    this.socket.on('data', (chunk: Buffer) => {
      this.raw += chunk.toString('latin1');
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
      this.wake();
    });
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Resolves once connected. */
  connected(): Promise<void> {
    return new Promise((resolve) => (this.socket.connecting ? this.socket.once('connect', () => resolve()) : resolve()));
  }

  /** Resolves when `n` answers have arrived or the connection closed; the answers so far. */
  async until(n: number): Promise<PipelinedAnswer[]> {
    while (this.answers.length < n && !this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.answers;
  }

  /** Resolves when the server closes the connection. */
  async untilClosed(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buffer.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.answers.push({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        errorType: /\r\nx-amzn-ErrorType: *([^\r]+)/i.exec(head)?.[1],
        body,
      });
    }
  }
}

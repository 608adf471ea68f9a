/**
 * Test kit: raw HTTP requests, for what fetch will not send (a forged Host header, a body
 * without Content-Length, no connection reuse). Loaded only by tests.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  /** Where to send it: a URL, or the loopback port. */
  url?: string;
  port?: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text. */
  text: string;
}

/** Send one request on a fresh connection and read the whole reply. */
export function rawHttp(r: RawRequest): Promise<RawReply> {
  const options = { method: r.method ?? 'GET', headers: r.headers ?? {}, agent: false as const };
  return new Promise((resolve, reject) => {
    const onReply = (res: IncomingMessage) => {
      const chunks: Uint8Array[] = [];
      res.on('data', (c: Uint8Array) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    };
    const req = r.url !== undefined
      ? httpRequest(r.url, options, onReply)
      : httpRequest({ ...options, host: '127.0.0.1', port: r.port, path: r.path ?? '/' }, onReply);
    req.on('error', reject);
    if (r.body !== undefined) req.write(r.body);
    req.end();
  });
}

/** Write `bytes` as they are on a fresh connection and read until the server closes it (or `timeoutMs`). */
export function rawExchange(port: number, bytes: string, timeoutMs = 5_000): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body: split < 0 ? '' : text.slice(split + 4) });
    });
  });
}

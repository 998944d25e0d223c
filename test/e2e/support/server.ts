// The web as the browsers under test see it: one local HTTP server that answers for every
// fixture address (routed by Host header and path) and records every request it receives.
// Chromium reaches it through --host-resolver-rules, Firefox through its HTTP proxy setting,
// so in Firefox the record also holds every request the browser sent anywhere at all.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One page the server answers with. */
export interface Page {
  body: string;
  contentType?: string;
  /** Send the headers, then never finish the answer (a subresource that keeps the page loading). */
  hold?: boolean;
}

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Absolute address, e.g. http://jyllands-posten.dk/international/… (CONNECT: host:port). */
  url: string;
  host: string;
  status: number;
}

export interface FixtureServer {
  port: number;
  /** Every request so far, oldest first. */
  readonly requests: readonly SeenRequest[];
  /** Host names the server answers for (to map them to it in the browser). */
  hosts(): string[];
  /** Serve `page` at `address` until the returned function is called (restores what was there). */
  override(address: string, page: Page): () => void;
  close(): Promise<void>;
}

/** The host name a TLS ClientHello asks for (its SNI extension), or null (RFC 8446 §4.1.2, RFC 6066 §3). */
export function serverName(hello: Buffer): string | null {
  try {
    if (hello[0] !== 0x16 || hello[5] !== 0x01) return null;
    let at = 5 + 4 + 2 + 32; // record header, handshake header, client version, random
    at += 1 + hello.readUInt8(at); // session id
    at += 2 + hello.readUInt16BE(at); // cipher suites
    at += 1 + hello.readUInt8(at); // compression methods
    const end = at + 2 + hello.readUInt16BE(at);
    at += 2;
    while (at + 4 <= end) {
      const type = hello.readUInt16BE(at);
      const length = hello.readUInt16BE(at + 2);
      if (type === 0) return hello.toString('latin1', at + 9, at + 9 + hello.readUInt16BE(at + 7));
      at += 4 + length;
    }
  } catch {
    // A truncated hello names no host.
  }
  return null;
}

/** Route key: lower-case host and path without trailing slashes; scheme and query play no part. */
export function routeKey(address: string): string {
  const url = new URL(address);
  return `${url.hostname.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
}

/** Starts a server on 127.0.0.1 (on `port`, or a free one for 0) answering `routes` (address → page); rejects if the port is taken. */
export async function startFixtureServer(routes: ReadonlyMap<string, Page>, port = 0): Promise<FixtureServer> {
  const table = new Map<string, Page>();
  for (const [address, page] of routes) table.set(routeKey(address), page);
  const requests: SeenRequest[] = [];

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    // A proxy request carries an absolute address; a direct one only the path.
    const url = new URL(req.url ?? '/', `http://${host}`);
    const page = table.get(routeKey(url.href));
    // Browsers ask every host for an icon; an empty answer keeps that out of the error consoles.
    const status = page ? 200 : url.pathname === '/favicon.ico' ? 204 : 404;
    requests.push({ method: req.method ?? 'GET', url: url.href, host: url.hostname, status });
    res.writeHead(status, {
      'content-type': page?.contentType ?? 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    // A held answer stays open until the test closes the server (closeAllConnections ends it).
    if (page?.hold) return void res.flushHeaders();
    res.end(page?.body ?? (status === 404 ? 'not found' : undefined));
  };

  const server = createServer(handle);
  // A CONNECT is a browser asking the proxy for an https tunnel: record it and refuse, no fixture is on https.
  server.on('connect', (req: IncomingMessage, socket) => {
    const target = req.url ?? '';
    requests.push({ method: 'CONNECT', url: target, host: target.replace(/:\d+$/, ''), status: 403 });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  // Anything that is not HTTP, e.g. a TLS handshake for an https:// address mapped here, is
  // recorded as well: no fixture is on https, so it is a request that should not exist.
  server.on('clientError', (error: Error & { rawPacket?: Buffer }, socket) => {
    // A connection that sent nothing carried no request: Chromium opens speculative preconnects
    // that idle until Node's request timeout (or are reset), which also ends in clientError.
    if (!error.rawPacket || error.rawPacket.length === 0) return void socket.destroy();
    const tls = error.rawPacket?.[0] === 0x16;
    const host = (error.rawPacket && serverName(error.rawPacket)) ?? '';
    requests.push({ method: tls ? 'TLS' : 'INVALID', url: tls ? `https://${host || '(no name)'}/` : 'invalid://(request)', host, status: 400 });
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    requests,
    hosts: () => [...new Set([...table.keys()].map((key) => key.split('/')[0] as string))].sort(),
    override(address, page) {
      const key = routeKey(address);
      const before = table.get(key);
      table.set(key, page);
      return () => {
        if (before) table.set(key, before);
        else table.delete(key);
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

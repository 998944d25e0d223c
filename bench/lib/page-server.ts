// A local HTTP server for the generated pages: Chromium loads them as it loads any site.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves `pages` (path → HTML) on 127.0.0.1; returns the origin and a close function. */
export async function servePages(pages: ReadonlyMap<string, string>): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    const html = pages.get(path);
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// A loopback HTTP server for the remote tests: routes by path, logs every request it answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void | Promise<void>;

export interface TestServer {
  base: string;
  log: LoggedRequest[];
  /** routes by exact pathname; the fallback answers 404 */
  route(path: string, h: Handler): void;
  countFor(path: string): number;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const log: LoggedRequest[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    log.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
    const h = routes.get(url.pathname);
    if (!h) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not found');
    }
    Promise.resolve(h(req, res, url)).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    log,
    route: (p, h) => void routes.set(p, h),
    countFor: (p) => log.filter((r) => r.path === p).length,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Only the loopback test server is allowed; every other internal address stays refused. */
export const onlyLoopbackV4 = (address: string): boolean => address === '127.0.0.1';

export const FAST = {
  concurrency: 2,
  delayMs: 0,
  timeoutMs: 2000,
  maxBytes: 5_000_000,
  retries: 3,
  retryBaseMs: 10,
  maxRetryWaitMs: 5000,
};

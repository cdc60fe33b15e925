import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, parseRetryAfter, retryDelay, TooLargeError, USER_AGENT } from '../../src/archive/remote/http.js';
import { SourceStore } from '../../src/archive/remote/state.js';
import { Limiter } from '../../src/archive/remote/limiter.js';
import { FAST, onlyLoopbackV4, startServer, type TestServer } from '../support/http-server.js';

let srv: TestServer;
beforeEach(async () => {
  srv = await startServer();
});
afterEach(async () => {
  await srv.close();
});

const client = (extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({ allowPrivate: onlyLoopbackV4, ...FAST, ...extra });

describe('Retry-After and backoff', () => {
  it('reads seconds and HTTP dates, and caps the wait', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(retryDelay(0, undefined, 100, 10_000)).toBe(100);
    expect(retryDelay(3, undefined, 100, 10_000)).toBe(800);
    expect(retryDelay(0, 3_600_000, 100, 10_000)).toBe(10_000);
  });
});

describe('HttpClient', () => {
  it('names the bot in the User-Agent and asks for compressed bodies', async () => {
    srv.route('/a', (_q, res) => void res.end('ok'));
    const r = await client().get(`${srv.base}/a`);
    expect(r.text()).toBe('ok');
    expect(srv.log[0].headers['user-agent']).toBe(USER_AGENT);
    expect(srv.log[0].headers['accept-encoding']).toMatch(/gzip/);
  });

  it('retries a 429 after the Retry-After it was given', async () => {
    let n = 0;
    srv.route('/limited', (_q, res) => {
      if (n++ === 0) {
        res.writeHead(429, { 'retry-after': '1' });
        return void res.end();
      }
      res.end('finally');
    });
    const c = client({ retryBaseMs: 1 });
    const t0 = Date.now();
    const r = await c.get(`${srv.base}/limited`);
    expect(r.text()).toBe('finally');
    expect(c.requests).toBe(2);
    // the 1 ms backoff would have retried at once: the wait came from Retry-After
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('retries a 500, then gives up with the attempt count', async () => {
    let n = 0;
    srv.route('/flaky', (_q, res) => {
      res.writeHead(n++ === 0 ? 500 : 200);
      res.end('body');
    });
    srv.route('/down', (_q, res) => {
      res.writeHead(503);
      res.end();
    });
    const c = client();
    expect((await c.get(`${srv.base}/flaky`)).status).toBe(200);
    expect(c.requests).toBe(2);
    const c2 = client({ retries: 2 });
    await expect(c2.get(`${srv.base}/down`)).rejects.toThrow(/HTTP 503 \(gave up after 3 attempts/);
    expect(c2.requests).toBe(3);
  });

  it('retries a connection dropped mid-body', async () => {
    let n = 0;
    srv.route('/drop', (req, res) => {
      if (n++ === 0) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('only part');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      }
      res.end('whole');
    });
    const c = client();
    expect((await c.get(`${srv.base}/drop`)).text()).toBe('whole');
    expect(c.requests).toBe(2);
  });

  it('does not retry a 404: the caller decides what it means', async () => {
    const c = client();
    expect((await c.get(`${srv.base}/missing`)).status).toBe(404);
    expect(c.requests).toBe(1);
  });

  it('times out a slow endpoint and retries it', async () => {
    srv.route('/slow', (_q, res) => {
      res.writeHead(200);
      res.write('partial');
      setTimeout(() => res.end(), 3000).unref();
    });
    const c = client({ timeoutMs: 150, retries: 1 });
    const t0 = Date.now();
    await expect(c.get(`${srv.base}/slow`)).rejects.toThrow(/no complete answer within 150 ms \(FETCH_TIMEOUT_MS\)/);
    expect(c.requests).toBe(2);
    expect(Date.now() - t0).toBeLessThan(2900); // the body would have taken 3 s
  });

  it('refuses a declared Content-Length above the cap without retrying', async () => {
    srv.route('/big', (_q, res) => {
      res.writeHead(200, { 'content-length': '2000000' });
      res.end(Buffer.alloc(2_000_000, 97));
    });
    const c = client({ maxBytes: 100_000 });
    await expect(c.get(`${srv.base}/big`)).rejects.toThrow(TooLargeError);
    expect(c.requests).toBe(1);
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    srv.route('/stream', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 98);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200) res.once('drain', pump);
        else res.end();
      };
      pump();
    });
    await expect(client({ maxBytes: 256 * 1024 }).get(`${srv.base}/stream`)).rejects.toThrow(
      /larger than 262144 bytes; raise FETCH_MAX_BYTES/,
    );
  });

  it('bounds a decompression bomb by the decoded size', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(50_000_000, 0));
    expect(bomb.length).toBeLessThan(100_000);
    srv.route('/bomb', (_q, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    srv.route('/small-gzip', (_q, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync('hello, compressed'));
    });
    const c = client({ maxBytes: 1_000_000 });
    await expect(c.get(`${srv.base}/bomb`)).rejects.toThrow(TooLargeError);
    expect((await c.get(`${srv.base}/small-gzip`)).text()).toBe('hello, compressed');
  });

  it('follows redirects, but not in a loop or past the limit', async () => {
    srv.route('/old', (_q, res) => {
      res.writeHead(301, { location: '/new' });
      res.end();
    });
    srv.route('/new', (_q, res) => void res.end('moved here'));
    srv.route('/loop-a', (_q, res) => {
      res.writeHead(302, { location: '/loop-b' });
      res.end();
    });
    srv.route('/loop-b', (_q, res) => {
      res.writeHead(302, { location: '/loop-a' });
      res.end();
    });
    for (let i = 0; i < 8; i++) {
      srv.route(`/hop${i}`, (_q, res) => {
        res.writeHead(307, { location: `/hop${i + 1}` });
        res.end();
      });
    }
    const c = client();
    const r = await c.get(`${srv.base}/old`);
    expect(r.text()).toBe('moved here');
    expect(r.url).toBe(`${srv.base}/new`);
    await expect(c.get(`${srv.base}/loop-a`)).rejects.toThrow(/redirect loop/);
    expect(srv.countFor('/loop-a')).toBe(1); // a loop is an error, not something to retry
    await expect(c.get(`${srv.base}/hop0`)).rejects.toThrow(/more than 5 redirects/);
  });

  it('checks every redirect hop against the address policy', async () => {
    srv.route('/to-private', (_q, res) => {
      res.writeHead(302, { location: 'http://10.0.0.1/admin' });
      res.end();
    });
    srv.route('/to-other-loopback', (_q, res) => {
      res.writeHead(302, { location: `http://127.0.0.2:${new URL(srv.base).port}/secret` });
      res.end();
    });
    srv.route('/secret', (_q, res) => void res.end('secret'));
    const c = client();
    await expect(c.get(`${srv.base}/to-private`)).rejects.toThrow(
      'refusing http://10.0.0.1/admin: private address; set ALLOW_PRIVATE_URLS=true to allow',
    );
    await expect(c.get(`${srv.base}/to-other-loopback`)).rejects.toThrow(
      /refusing http:\/\/127\.0\.0\.2:\d+\/secret: loopback address/,
    );
    expect(srv.countFor('/secret')).toBe(0);
    // a host name is checked on the address the socket connects to, not only as written
    const named = client({ allowPrivate: false });
    await expect(named.get(`http://localhost:${new URL(srv.base).port}/secret`)).rejects.toThrow(
      /refusing localhost: resolves to .*loopback address/,
    );
    expect(srv.countFor('/secret')).toBe(0);
    // and with the setting off entirely, the loopback server itself is refused before any request
    const strict = client({ allowPrivate: false });
    await expect(strict.get(`${srv.base}/secret`)).rejects.toThrow(
      /refusing http:\/\/127\.0\.0\.1:\d+\/secret: loopback address; set ALLOW_PRIVATE_URLS=true/,
    );
    expect(srv.countFor('/secret')).toBe(0);
  });

  it('sends stored validators and turns a 304 into the stored body', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-http-'));
    try {
      srv.route('/feed', (req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304);
          return void res.end();
        }
        res.writeHead(200, { etag: '"v1"', 'last-modified': 'Mon, 02 Mar 2026 10:00:00 GMT' });
        res.end('<rss>v1</rss>');
      });
      const store = new SourceStore(dir, 'x');
      const c = client({ store });
      const a = await c.get(`${srv.base}/feed`, { conditional: true });
      expect(a.notModified).toBe(false);
      const b = await c.get(`${srv.base}/feed`, { conditional: true });
      expect(b.notModified).toBe(true);
      expect(b.status).toBe(304);
      expect(b.text()).toBe('<rss>v1</rss>');
      expect(srv.log[1].headers['if-none-match']).toBe('"v1"');
      expect(srv.log[1].headers['if-modified-since']).toBe('Mon, 02 Mar 2026 10:00:00 GMT');
      // without `conditional`, no validators are sent
      await c.get(`${srv.base}/feed`);
      expect(srv.log[2].headers['if-none-match']).toBeUndefined();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps to the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    srv.route('/slowish', (_q, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('x');
      }, 40);
    });
    const c = client({ concurrency: 2, delayMs: 0 });
    await Promise.all(Array.from({ length: 6 }, () => c.get(`${srv.base}/slowish`)));
    expect(peak).toBe(2);
    expect(c.requests).toBe(6);
  });
});

describe('Limiter', () => {
  it('spaces request starts by the delay, measured from when each really began', async () => {
    const lim = new Limiter(3, 30);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 5 }, () => lim.run(async () => void starts.push(Date.now()))));
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(29);
  });

  it('never runs more than its concurrency at once', async () => {
    const lim = new Limiter(2, 0);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 7 }, () =>
        lim.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 10));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

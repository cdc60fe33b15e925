// A polite, defensive HTTP GET for URL sources: named User-Agent, concurrency and delay limits,
// retries with backoff (honouring Retry-After), timeouts, a byte cap on the decoded body,
// manual redirects re-checked hop by hop, and conditional requests (ETag / Last-Modified).
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { decodeDeclared } from '../decode.js';
import { checkUrlSyntax, guardedLookup, UnsafeUrlError, type PrivatePolicy } from './guard.js';
import { Limiter, sleep } from './limiter.js';
import type { ConditionalStore } from './state.js';

export const USER_AGENT = 'Dossier/0.1 (+archive indexer; Discord bot)';

export interface HttpOptions {
  /** true, false, or a predicate over internal addresses (see PrivatePolicy) */
  allowPrivate: PrivatePolicy;
  concurrency: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** redirect hops followed per request (default 5) */
  maxRedirects?: number;
  /** retries after the first attempt on 429/5xx/timeouts/network errors (default 3) */
  retries?: number;
  /** first backoff step in ms, doubled each retry (default 1000) */
  retryBaseMs?: number;
  /** longest wait between attempts, whatever Retry-After says (default 60 s) */
  maxRetryWaitMs?: number;
  signal?: AbortSignal;
  /** where validators and bodies of conditional requests are kept */
  store?: ConditionalStore;
}

export interface HttpResponse {
  /** the URL that answered, after redirects */
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** true when the server answered 304 and `body` is the stored copy */
  notModified: boolean;
  text(): string;
  json(): unknown;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class TooLargeError extends HttpError {
  constructor(url: string, maxBytes: number) {
    super(`${url}: response larger than ${maxBytes} bytes; raise FETCH_MAX_BYTES if this source is trusted`);
    this.name = 'TooLargeError';
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Backoff before retry number `attempt` (0-based): Retry-After when given, else base·2^attempt; capped. */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, baseMs: number, capMs: number): number {
  const ms = retryAfterMs ?? baseMs * 2 ** attempt;
  return Math.min(Math.max(0, ms), capMs);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const header = (h: http.IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function makeResponse(
  url: string,
  status: number,
  headers: http.IncomingHttpHeaders,
  body: Buffer,
  notModified: boolean,
): HttpResponse {
  let text: string | undefined; // decoded once: detection looks at the same body several times
  // a legacy charset (Content-Type, else the XML declaration) is honoured; UTF-8 otherwise
  const asText = () => (text ??= decodeDeclared(body, header(headers, 'content-type')).text);
  return { url, status, headers, body, notModified, text: asText, json: () => JSON.parse(asText()) };
}

function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

export class HttpClient {
  /** HTTP requests actually sent (every attempt and every redirect hop) */
  requests = 0;
  private readonly limiter: Limiter;

  constructor(private readonly opts: HttpOptions) {
    this.limiter = new Limiter(opts.concurrency, opts.delayMs);
  }

  /**
   * GET with redirects and retries. Returns any final status below 500 except 429 (the caller
   * decides what a 404 means); throws HttpError when retries run out, TooLargeError, UnsafeUrlError.
   * `conditional`: send stored validators and turn a 304 into the stored body.
   */
  async get(url: string, o: { conditional?: boolean; accept?: string } = {}): Promise<HttpResponse> {
    const retries = this.opts.retries ?? 3;
    const base = this.opts.retryBaseMs ?? 1000;
    const cap = this.opts.maxRetryWaitMs ?? 60_000;
    for (let attempt = 0; ; attempt++) {
      let wait: number | undefined;
      let failure: Error;
      try {
        const res = await this.followRedirects(url, o);
        if (res.status !== 429 && res.status < 500) return res;
        failure = new HttpError(`${url}: HTTP ${res.status}`, res.status, true);
        wait = parseRetryAfter(header(res.headers, 'retry-after'));
      } catch (err) {
        if (!(err instanceof HttpError && err.retryable) || this.opts.signal?.aborted) throw err;
        failure = err;
      }
      if (attempt >= retries) {
        failure.message += ` (gave up after ${attempt + 1} attempts; the site may be down or limiting us: try again later)`;
        throw failure;
      }
      await sleep(retryDelay(attempt, wait, base, cap), this.opts.signal);
    }
  }

  private async followRedirects(start: string, o: { conditional?: boolean; accept?: string }): Promise<HttpResponse> {
    const max = this.opts.maxRedirects ?? 5;
    const seen = new Set<string>();
    let url = start;
    for (let hop = 0; ; hop++) {
      checkUrlSyntax(url, this.opts.allowPrivate);
      if (seen.has(url)) throw new HttpError(`${start}: redirect loop (back to ${url}); check the source URL`);
      seen.add(url);
      const cached = o.conditional ? this.opts.store?.get(url) : undefined;
      const res = await this.limiter.run(() => this.once(url, o.accept, cached), this.opts.signal);
      if (REDIRECTS.has(res.status)) {
        const loc = header(res.headers, 'location');
        if (!loc) throw new HttpError(`${url}: HTTP ${res.status} without a Location header`, res.status);
        if (hop >= max) throw new HttpError(`${start}: more than ${max} redirects; check the source URL`);
        url = new URL(loc, url).toString();
        continue;
      }
      if (res.status === 304 && cached) return makeResponse(url, 304, res.headers, cached.body, true);
      if (o.conditional && res.status === 200 && this.opts.store) {
        const etag = header(res.headers, 'etag');
        const lastModified = header(res.headers, 'last-modified');
        if (etag || lastModified) this.opts.store.set(url, { etag, lastModified }, res.body);
      }
      return res;
    }
  }

  /** One request/response, body read (and decoded) within the byte cap and the timeout. */
  private once(
    url: string,
    accept: string | undefined,
    cached: { etag?: string; lastModified?: string } | undefined,
  ): Promise<HttpResponse> {
    this.requests++;
    const { timeoutMs, maxBytes } = this.opts;
    const u = new URL(url);
    const headers: Record<string, string> = {
      'user-agent': this.opts.userAgent ?? USER_AGENT,
      accept: accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const lib = u.protocol === 'https:' ? https : http;

    return new Promise<HttpResponse>((resolve, reject) => {
      let done = false;
      const finish = (err: Error | undefined, res?: HttpResponse) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.opts.signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(res!);
      };
      const timer = setTimeout(
        () =>
          finish(
            new HttpError(`${url}: no complete answer within ${timeoutMs} ms (FETCH_TIMEOUT_MS)`, undefined, true),
          ),
        timeoutMs,
      );
      const onAbort = () =>
        finish(this.opts.signal?.reason instanceof Error ? this.opts.signal.reason : new Error('fetch aborted'));
      this.opts.signal?.addEventListener('abort', onAbort, { once: true });

      const req = lib.request(u, { method: 'GET', headers, lookup: guardedLookup(this.opts.allowPrivate) }, (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status) || status === 304) {
          res.resume();
          return finish(undefined, makeResponse(url, status, res.headers, Buffer.alloc(0), false));
        }
        const declared = Number(header(res.headers, 'content-length'));
        if (Number.isFinite(declared) && declared > maxBytes) return finish(new TooLargeError(url, maxBytes));
        // the cap applies to the decoded bytes, so a small gzip bomb cannot blow up memory
        const dec = decoder(header(res.headers, 'content-encoding'));
        const stream: Readable = dec ? res.pipe(dec) : res;
        const parts: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            dec?.destroy();
            return finish(new TooLargeError(url, maxBytes));
          }
          parts.push(chunk);
        });
        stream.on('end', () => finish(undefined, makeResponse(url, status, res.headers, Buffer.concat(parts), false)));
        stream.on('error', (e) =>
          finish(
            new HttpError(
              `${url}: ${dec ? 'cannot decode the response' : 'connection broke'} (${e.message})`,
              undefined,
              !dec,
            ),
          ),
        );
        res.on('error', (e) => finish(new HttpError(`${url}: connection broke (${e.message})`, undefined, true)));
        // a server that hangs up mid-body: no 'end', only 'close' on an incomplete message
        res.on('close', () => {
          if (!res.complete) finish(new HttpError(`${url}: connection closed mid-response`, undefined, true));
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof UnsafeUrlError) return finish(e);
        const permanent =
          e.code === 'ENOTFOUND' || e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /certificate/i.test(e.message);
        finish(
          new HttpError(
            `${url}: ${e.code ?? e.message}${e.code === 'ENOTFOUND' ? ' (host not found; check the URL)' : ''}`,
            undefined,
            !permanent,
          ),
        );
      });
      req.end();
    });
  }
}

// Hostile sources: symlink loops, a 2 GB (sparse) file, a decompression bomb and an endless body over
// HTTP, URLs to private addresses, and Discord users naming paths: refused or bounded, with a clear message.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSources } from '../../src/archive/load.js';
import type { RemoteOptions } from '../../src/archive/remote/index.js';
import { commands } from '../../commands/index.js';
import { commandsByName } from '../../src/bot/start.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { tempDir } from '../support/env.js';

const JSONL = (title: string) =>
  `${JSON.stringify({ title, body: `${title}. A body of a few words.`, date: '2019-03-18' })}\n`;

let server: TestServer;
let bomb: Buffer;
beforeAll(async () => {
  server = await startServer();
  // 1 GB of zeros gzipped is about 1 MB on the wire
  bomb = await new Promise<Buffer>((resolve, reject) => {
    const gz = zlib.createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gz.on('data', (d: Buffer) => parts.push(d));
    gz.on('end', () => resolve(Buffer.concat(parts)));
    gz.on('error', reject);
    const block = Buffer.alloc(16 * 1024 * 1024);
    let left = 64;
    const pump = () => {
      while (left > 0) {
        left--;
        if (!gz.write(block)) return void gz.once('drain', pump);
      }
      gz.end();
    };
    pump();
  });
  const sendBomb = (type: string) => (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  };
  server.route('/feed/', sendBomb('application/rss+xml'));
  server.route('/export.json', sendBomb('application/json'));
  server.route('/endless', (_req, res) => {
    // no content-length, no end: a body that never stops
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', write);
    };
    write();
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const remote = (o: Partial<RemoteOptions> = {}): RemoteOptions => ({
  allowPrivate: (a: string) => a === '127.0.0.1',
  concurrency: 1,
  delayMs: 0,
  timeoutMs: 10_000,
  maxBytes: 5_000_000,
  retries: 0,
  stateDir: tempDir('dossier-state-'),
  ...o,
});

describe('files and folders', () => {
  test('symlink loops (a folder linking to its parent, a link to itself): each file read once, loop reported, fast', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'a/b'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a/one.jsonl'), JSONL('One'));
    fs.writeFileSync(path.join(root, 'a/b/two.jsonl'), JSONL('Two'));
    fs.symlinkSync('..', path.join(root, 'a/b/up')); // b/up → a: a cycle
    fs.symlinkSync(root, path.join(root, 'a/b/top'));
    fs.symlinkSync('self', path.join(root, 'a/self')); // ELOOP
    const t = Date.now();
    const r = await loadSources([root]);
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.articles.map((a) => a.title).sort()).toEqual(['One', 'Two']);
    expect(r.warnings.map((w) => `${w.source}: ${w.message}`).join('\n')).toMatch(/self: .*(symbolic link|loop)/i);
  });

  test.each(['huge.jsonl', 'huge.txt', 'huge.json', 'huge.xml'])(
    'a 2 GB sparse %s is refused or bounded quickly with a clear message, never read into memory',
    async (name) => {
      const dir = tempDir();
      const file = path.join(dir, name);
      const fd = fs.openSync(file, 'w');
      // a real first record, then 2 GB of holes (zero bytes on read)
      fs.writeSync(
        fd,
        name.endsWith('.xml') ? '<?xml version="1.0"?><rss><channel><item><title>x</title>' : JSONL('First'),
      );
      fs.ftruncateSync(fd, 2 * 1024 ** 3);
      fs.closeSync(fd);
      const rss0 = process.memoryUsage().rss;
      const t = Date.now();
      const r = await loadSources([file]);
      const secs = (Date.now() - t) / 1000;
      expect(secs).toBeLessThan(20);
      expect(process.memoryUsage().rss - rss0).toBeLessThan(300 * 1024 ** 2);
      expect(r.warnings.length).toBeGreaterThan(0);
      expect(r.warnings[0].source).toBe(file);
      expect(r.warnings.map((w) => w.message).join(' ')).toMatch(
        /too large|split|not well-formed|invalid|unexpected|character|stopped|NUL|unknown format/i,
      );
    },
    60_000,
  );
});

describe('URLs', () => {
  test('a gzip bomb (1 GB of zeros in ~1 MB) is cut at FETCH_MAX_BYTES of decoded data, memory stays flat', async () => {
    for (const p of ['/feed/', '/export.json']) {
      const rss0 = process.memoryUsage().rss;
      const t = Date.now();
      const r = await loadSources([`${server.base}${p}`], { remote: remote() });
      expect(Date.now() - t).toBeLessThan(15_000);
      expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 ** 2);
      expect(r.articles).toEqual([]);
      expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/larger than 5000000 bytes; raise FETCH_MAX_BYTES/);
    }
  }, 60_000);

  test('an endless body is cut at FETCH_MAX_BYTES', async () => {
    const r = await loadSources([`${server.base}/endless`], { remote: remote({ maxBytes: 2_000_000 }) });
    expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/larger than 2000000 bytes/);
  }, 30_000);

  test.each([
    'http://127.0.0.1:9/feed/',
    'http://localhost:9/',
    'http://10.0.0.8/feed/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://2130706433/',
    'http://0x7f.1/',
  ])('%s is refused before any connection (ALLOW_PRIVATE_URLS off)', async (url) => {
    const before = server.log.length;
    const r = await loadSources([url], { remote: remote({ allowPrivate: false, timeoutMs: 2000 }) });
    expect(r.articles).toEqual([]);
    const msg = r.warnings.map((w) => w.message).join(' ');
    expect(msg).toMatch(/private|loopback|link-local|not allowed|refus|reserved|unspecified/i);
    expect(msg).toMatch(/ALLOW_PRIVATE_URLS/);
    expect(server.log.length).toBe(before);
  });

  test('our own loopback server is refused too unless explicitly allowed', async () => {
    const r = await loadSources([`${server.base}/feed/`], { remote: remote({ allowPrivate: false }) });
    expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/ALLOW_PRIVATE_URLS/);
  });
});

describe('Discord users cannot name sources', () => {
  test('/reindex takes no path or URL: only the configured ARCHIVE_SOURCES are ever read from Discord', () => {
    const reindex = commandsByName(commands).get('reindex')!.data.toJSON() as {
      options?: { name: string; type: number }[];
    };
    expect((reindex.options ?? []).map((o) => o.name)).toEqual(['full']);
    for (const [name, c] of commandsByName(commands)) {
      const opts = ((c.data.toJSON() as { options?: { name: string }[] }).options ?? []).map((o) => o.name);
      expect(
        opts.filter((o) => /path|source|url|file|folder/i.test(o)),
        name,
      ).toEqual([]);
    }
  });
});

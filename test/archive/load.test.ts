// loadSources: folders, format detection, the bad-input rules, de-duplication, URL pass-through.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RemoteOptions } from '../../src/archive/remote/index.js';
import { fixture, fixtures, seedFile } from './helpers.js';

const remoteCalls: Array<{ url: string; opts: RemoteOptions }> = [];
vi.mock('../../src/archive/remote/index.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/archive/remote/index.js')>()),
  loadUrlSource: async (url: string, opts: RemoteOptions) => {
    remoteCalls.push({ url, opts });
    if (url.includes('fails')) throw new Error('HTTP 503');
    return {
      articles: [
        {
          id: 'u:remote',
          title: 'Remote post',
          body: 'From the web.',
          tags: [],
          url: 'https://example.com/remote/',
          origin: { url },
        },
      ],
      warnings: [],
    };
  },
}));

const { loadSources, loadFile } = await import('../../src/archive/load.js');

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-load-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(rel: string, content: string | Buffer): Promise<string> {
  const p = path.join(dir, rel);
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, content);
  return p;
}

describe('loadSources', () => {
  it('walks a folder recursively, detects each format, skips hidden files and survives symlink loops', async () => {
    const root = path.join(dir, 'walk');
    await fs.mkdir(path.join(root, 'nested/deeper'), { recursive: true });
    await fs.copyFile(fixture('feed-rss.xml'), path.join(root, 'feed'));
    await fs.copyFile(fixture('export-wxr.xml'), path.join(root, 'nested/export.xml'));
    await fs.copyFile(seedFile, path.join(root, 'nested/deeper/seed.txt'));
    await fs.copyFile(fixture('articles.jsonl'), path.join(root, '.hidden.jsonl'));
    await fs.symlink(root, path.join(root, 'nested/loop'));
    const r = await loadSources([root]);
    expect(r.reports).toHaveLength(1);
    expect(r.reports[0]).toMatchObject({ format: 'folder', files: 3, formats: { rss: 1, wxr: 1, text: 1 } });
    // 3 RSS + 2 WXR + 7 seed, minus the seed's copies: McAfee (same title and date as the RSS item),
    // Madrid (cut off: same title, no date), Rome and Paris (same title and date as the WXR posts)
    expect(r.articles).toHaveLength(8);
    expect(r.duplicates).toBe(4);
    expect(r.reports[0].authors).toEqual(['Joseph Fitsanakis', 'Ian Allen']);
    expect(r.reports[0].firstDate).toBe('2018-07-18');
    expect(r.reports[0].lastDate).toBe('2019-03-18');
  });

  it('counts duplicates across sources (same URL; same title and date) and keeps the copy with a permalink', async () => {
    const r = await loadSources([seedFile, fixture('feed-rss.xml'), fixture('articles.jsonl')]);
    const mcafee = r.articles.filter((a) => a.title.startsWith('North Korea-linked hackers'));
    expect(mcafee).toHaveLength(1);
    expect(mcafee[0].url).toBe('https://intelnews.org/2019/03/05/01-2507/');
    const madrid = r.articles.filter((a) => a.title.startsWith('Analysis: Who was behind'));
    expect(madrid).toHaveLength(1);
    expect(madrid[0].url).toBe('https://intelnews.org/2019/03/18/01-2514/');
    // RSS McAfee (title + date) and Madrid (title; the seed copy has no date); JSONL McAfee (URL),
    // Andrew Kim and the defectors (title + date)
    expect(r.duplicates).toBe(5);
    expect(r.reports.map((s) => s.duplicates)).toEqual([0, 2, 3]);
    expect(r.articles.find((a) => a.title.startsWith('Head of CIA'))?.url).toBe(
      'https://intelnews.org/2018/11/28/01-2453/',
    );
  });

  it('warns about a missing path and still loads the rest', async () => {
    const missing = path.join(dir, 'nope');
    const r = await loadSources([missing, fixture('feed-atom.xml')]);
    expect(r.articles).toHaveLength(2);
    expect(r.warnings).toContainEqual({ source: missing, message: `no such file or folder: ${missing}` });
    expect(r.reports[0].format).toBe('missing');
  });

  it('names the supported formats for an empty file and an unknown format', async () => {
    const empty = await write('bad/empty.txt', '');
    const blank = await write('bad/blank.jsonl', '\n\n   \n');
    const csv = await write('bad/data.csv', 'title,body\nA,B\n');
    const png = await write('bad/image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    const html = await write('bad/page.xml', '<html><body>hi</body></html>');
    const r = await loadSources([empty, blank, csv, png, html]);
    expect(r.articles).toEqual([]);
    const bySource = Object.fromEntries(r.warnings.map((w) => [w.source, w.message]));
    expect(bySource[empty]).toMatch(/^empty file; supported formats: .*JSON Lines.*RSS.*Atom.*WXR/);
    expect(bySource[blank]).toMatch(/^empty file; supported formats/);
    expect(bySource[csv]).toMatch(/^unknown format; supported formats/);
    expect(bySource[png]).toMatch(/^unknown format; supported formats/);
    expect(bySource[html]).toMatch(/^unknown format; supported formats/);
  });

  it('replaces bytes that are not UTF-8 and warns once per file', async () => {
    // Latin-1 "é" (0xE9) twice, as an old export would have it
    const latin1 = Buffer.concat([
      Buffer.from('Caf'),
      Buffer.from([0xe9]),
      Buffer.from(' spies meet again\n\nThe caf'),
      Buffer.from([0xe9]),
      Buffer.from(' was watched for weeks.\n\nAuthor: Ian Allen | Date: 02 June 2010 | Permalink\n'),
    ]);
    const file = await write('bad/latin1.txt', latin1);
    const xml = Buffer.concat([
      Buffer.from('<rss><channel><item><title>Caf'),
      Buffer.from([0xe9]),
      Buffer.from('</title><link>https://e.com/x/</link><description>b</description></item></channel></rss>'),
    ]);
    const xmlFile = await write('bad/latin1.xml', xml);
    const jsonl = Buffer.concat([
      Buffer.from('{"title":"Na'),
      Buffer.from([0xef]),
      Buffer.from('ve","body":"x"}\n{"title":"R'),
      Buffer.from([0xe9]),
      Buffer.from('sum'),
      Buffer.from([0xe9]),
      Buffer.from('","body":"y"}\n'),
    ]);
    const jsonlFile = await write('bad/latin1.jsonl', jsonl);
    const r = await loadSources([file, xmlFile, jsonlFile]);
    expect(r.articles.map((a) => a.title)).toEqual([
      'Caf\uFFFD spies meet again',
      'Caf\uFFFD',
      'Na\uFFFDve',
      'R\uFFFDsum\uFFFD',
    ]);
    const utf8Warnings = r.warnings.filter((w) => /not valid UTF-8/.test(w.message));
    expect(utf8Warnings.map((w) => w.source)).toEqual([file, xmlFile, jsonlFile]);
  });

  it('reads UTF-8 with a BOM and UTF-16 files without warnings', async () => {
    const text = 'A title\n\nA body paragraph.\n\nAuthor: Ian Allen | Date: 02 June 2010 | Permalink\n';
    const bom = await write('enc/bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const u16 = await write('enc/u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await loadSources([bom, u16]);
    expect(r.warnings).toEqual([]);
    expect(r.articles.map((a) => a.title)).toEqual(['A title']);
    expect(r.duplicates).toBe(1);
  });

  it('reads XML that declares a legacy encoding, and UTF-16 feeds', async () => {
    const decl = '<?xml version="1.0" encoding="ISO-8859-1"?>\n';
    const body =
      '<rss version="2.0"><channel><item><title>Caf\u00e9 spies</title><link>https://e.com/cafe/</link><description>Na\u00efve agents.</description></item></channel></rss>';
    const latin = await write('enc/latin1-feed.xml', Buffer.from(decl + body, 'latin1'));
    const u16 = await write(
      'enc/u16-feed.xml',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          body.replace('Caf\u00e9 spies', 'Caf\u00e9 spies, part 2').replace('/cafe/', '/cafe-2/'),
          'utf16le',
        ),
      ]),
    );
    const r = await loadSources([latin, u16]);
    expect(r.warnings).toEqual([]);
    expect(r.articles.map((a) => [a.title, a.body])).toEqual([
      ['Café spies', 'Naïve agents.'],
      ['Café spies, part 2', 'Naïve agents.'],
    ]);
    expect(r.reports.map((s) => s.format)).toEqual(['rss', 'rss']);
  });

  it('passes URL sources and their options to the remote loader, and a failing URL is a warning', async () => {
    const remote: RemoteOptions = { allowPrivate: false, concurrency: 1, delayMs: 0, timeoutMs: 1000, maxBytes: 1000 };
    const r = await loadSources(['https://example.com/feed/', 'https://fails.example.com/', fixture('feed-atom.xml')], {
      remote,
    });
    expect(remoteCalls.map((c) => c.url)).toEqual(['https://example.com/feed/', 'https://fails.example.com/']);
    expect(remoteCalls[0].opts).toMatchObject(remote);
    expect(r.articles.map((a) => a.title)).toContain('Remote post');
    expect(r.reports.map((s) => s.format)).toEqual(['url', 'url', 'atom']);
    expect(r.warnings).toContainEqual({
      source: 'https://fails.example.com/',
      message: 'could not read https://fails.example.com/: HTTP 503',
    });
  });

  it('reports progress as articles are read', async () => {
    const events: Array<{ stage: string; done: number }> = [];
    await loadSources([fixture('export-wxr.xml'), seedFile], { onProgress: (p) => events.push(p) });
    expect(events.map((e) => [e.stage, e.done])).toEqual([
      ['parse', 2],
      ['parse', 9],
    ]);
  });

  it('reads every fixture file on its own with the format it holds', async () => {
    const names = await fs.readdir(fixtures);
    const formats: Record<string, string | undefined> = {};
    for (const n of names) formats[n] = (await loadFile(path.join(fixtures, n))).format;
    expect(formats).toMatchObject({
      'feed-rss.xml': 'rss',
      'feed-atom.xml': 'atom',
      'export-wxr.xml': 'wxr',
      'articles.jsonl': 'jsonl',
      'articles.json': 'json',
    });
  });
});

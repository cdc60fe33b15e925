// Nothing in ingestion may crash on any input: random bytes, truncated and mutated fixtures,
// fed to every parser (and to the file loader). Seeded, so a failure can be replayed.
import { promises as fs, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArticleSchema } from '../../src/archive/article.js';
import { decodeBytes, StreamDecoder } from '../../src/archive/decode.js';
import { detectFormat } from '../../src/archive/detect.js';
import { splitGluedCaption } from '../../src/archive/formats/caption.js';
import { parseFeed } from '../../src/archive/formats/feed.js';
import { parseJsonDocument, parseJsonLines } from '../../src/archive/formats/json.js';
import { parseScrapedText } from '../../src/archive/formats/text.js';
import { toIsoDay } from '../../src/archive/dates.js';
import { loadFile } from '../../src/archive/load.js';
import { fixtures, seedFile } from './helpers.js';

/** mulberry32: small, fast, seeded */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parsers: Record<string, (text: string) => { articles: unknown[]; warnings: unknown[] }> = {
  text: (t) => parseScrapedText(t, 'fuzz'),
  jsonl: (t) => parseJsonLines(t, 'fuzz'),
  json: (t) => parseJsonDocument(t, 'fuzz'),
  feed: (t) => parseFeed(t, 'fuzz'),
};

function checkAll(text: string, label: string): void {
  for (const [name, parse] of Object.entries(parsers)) {
    let r: ReturnType<typeof parse>;
    try {
      r = parse(text);
    } catch (err) {
      throw new Error(`${name} parser threw on ${label}: ${(err as Error).message}`);
    }
    expect(Array.isArray(r.articles) && Array.isArray(r.warnings)).toBe(true);
    // whatever comes out is a valid Article
    for (const a of r.articles) expect(ArticleSchema.safeParse(a).success).toBe(true);
  }
  detectFormat('fuzz.txt', text);
  detectFormat('fuzz', text);
  splitGluedCaption(text.slice(0, 300), text);
  toIsoDay(text.slice(0, 40));
}

const samples = [
  ...readdirSync(fixtures).map((n) => ({ name: n, bytes: readFileSync(path.join(fixtures, n)) })),
  { name: 'seed', bytes: readFileSync(seedFile) },
];

describe('fuzz', () => {
  it('random bytes and random text', () => {
    const r = rng(1);
    const alphabet = '<>/[]{}",:\\&#;!?-=\n\n  abcXYZ01éа…\u0000\uFFFD';
    for (let i = 0; i < 150; i++) {
      const len = Math.floor(r() * 3000);
      const bytes = Buffer.alloc(len);
      for (let k = 0; k < len; k++) bytes[k] = Math.floor(r() * 256);
      checkAll(decodeBytes(bytes).text, `random bytes #${i}`);
      let s = '';
      for (let k = 0; k < len; k++) s += alphabet[Math.floor(r() * alphabet.length)];
      checkAll(s, `random text #${i}`);
    }
  });

  it('every fixture truncated at many points, through every parser', () => {
    for (const { name, bytes } of samples) {
      const text = bytes.toString('utf8');
      const cuts = 40;
      for (let i = 1; i <= cuts; i++) {
        const at = Math.floor((text.length * i) / (cuts + 1));
        checkAll(text.slice(0, at), `${name} cut at ${at}`);
        checkAll(text.slice(at), `${name} from ${at}`);
      }
    }
  });

  it('every fixture with random bytes flipped, inserted and deleted', () => {
    const r = rng(7);
    for (const { name, bytes } of samples) {
      for (let i = 0; i < 25; i++) {
        const b = Buffer.from(bytes);
        const edits = 1 + Math.floor(r() * 20);
        let out: Buffer = b;
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(r() * out.length);
          const kind = r();
          if (kind < 0.4) out[at] = Math.floor(r() * 256);
          else if (kind < 0.7)
            out = Buffer.concat([
              out.subarray(0, at),
              Buffer.from('<"]}&\n'.charAt(Math.floor(r() * 6))),
              out.subarray(at),
            ]);
          else out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(r() * 50))]);
        }
        checkAll(decodeBytes(out).text, `${name} mutation #${i}`);
      }
    }
  });

  it('the streaming decoder agrees with the whole-file decoder on any chunking', () => {
    const r = rng(3);
    for (const { bytes } of samples) {
      const whole = decodeBytes(bytes);
      for (let i = 0; i < 5; i++) {
        const d = new StreamDecoder();
        let s = '';
        for (let at = 0; at < bytes.length; ) {
          const n = 1 + Math.floor(r() * 17);
          s += d.write(bytes.subarray(at, at + n));
          at += n;
        }
        s += d.end();
        expect(s).toBe(whole.text);
        expect(d.replaced).toBe(whole.replaced);
      }
    }
  });

  it('the file loader never throws on truncated or random files', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-fuzz-'));
    try {
      const r = rng(11);
      for (const { name, bytes } of samples) {
        for (let i = 0; i < 4; i++) {
          const p = path.join(dir, `${i}-${name}`);
          await fs.writeFile(p, bytes.subarray(0, Math.floor(r() * bytes.length)));
          const res = await loadFile(p);
          expect(Array.isArray(res.articles)).toBe(true);
        }
      }
      const junk = Buffer.alloc(5000);
      for (let k = 0; k < junk.length; k++) junk[k] = Math.floor(r() * 256);
      for (const ext of ['.xml', '.json', '.jsonl', '.txt', '']) {
        await fs.writeFile(path.join(dir, `junk${ext}`), junk);
        const res = await loadFile(path.join(dir, `junk${ext}`));
        expect(res.articles).toEqual([]);
        expect(res.warnings.length).toBeGreaterThan(0);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

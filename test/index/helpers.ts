// Test helpers for the index room: small articles, temp folders, and the embedder under test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { articleId, type Article } from '../../src/archive/article.js';
import type { Embedder } from '../../src/embed/types.js';

export function tempDir(prefix = 'dossier-index-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function article(title: string, body: string, extra: Partial<Article> = {}): Article {
  const a = { title, body, tags: [], origin: { file: 'test.txt', line: 1 }, date: '2019-03-18', ...extra } as Article;
  return { ...a, id: extra.id ?? articleId(a) };
}

/** Deterministic stand-in (hashed bag of words) until the real model lands. */
export function fakeEmbedder(): Embedder & { calls: number; texts: number } {
  const dims = 384;
  const e = {
    modelId: 'fake/bag-of-words',
    dtype: 'q8' as const,
    dims,
    maxTokens: 256,
    calls: 0,
    texts: 0,
    countTokens: (t: string) => (t.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length,
    async embed(texts: string[]) {
      e.calls++;
      e.texts += texts.length;
      return texts.map((t) => {
        const v = new Float32Array(dims);
        for (const w of t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
          const h = createHash('md5').update(w).digest();
          v[h.readUInt16LE(0) % dims] += 1;
        }
        let n = 0;
        for (const x of v) n += x * x;
        n = Math.sqrt(n) || 1;
        return v.map((x) => x / n);
      });
    },
    async dispose() {},
  };
  return e;
}

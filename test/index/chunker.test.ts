import { describe, expect, test } from 'vitest';
import { chunkArticle, chunkerSignature, embeddingText, CHUNKER_VERSION } from '../../src/index/chunker.js';
import { splitSentences } from '../../src/index/sentences.js';

// one token per word or punctuation mark: close to word pieces for plain English, and exact to test against
const count = (t: string) => (t.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length;

function prose(sentences: number, wordsEach = 12, seed = 1): string {
  const words = [
    'agency',
    'embassy',
    'officials',
    'said',
    'the',
    'report',
    'intelligence',
    'minister',
    'police',
    'arrested',
    'spy',
    'network',
  ];
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const w: string[] = [];
    for (let i = 0; i < wordsEach; i++) w.push(words[(s * 7 + i * 3 + seed) % words.length]);
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    out.push(`${w.join(' ')}.`);
    if (s % 5 === 4) out.push('\n\n');
  }
  return out.join(' ').replace(/ \n\n /g, '\n\n');
}

describe('chunkArticle', () => {
  const body = prose(60);
  const chunks = chunkArticle({ id: 'a1', body }, count, { maxTokens: 60, overlapTokens: 15 });

  test('offsets are exact and ordinals run in order', () => {
    expect(chunks.length).toBeGreaterThan(5);
    chunks.forEach((c, i) => {
      expect(c.ordinal).toBe(i);
      expect(c.articleId).toBe('a1');
      expect(body.slice(c.start, c.end)).toBe(c.text);
    });
  });

  test('no chunk exceeds the token budget', () => {
    for (const c of chunks) expect(count(c.text)).toBeLessThanOrEqual(60);
  });

  test('chunks start and end on sentence boundaries', () => {
    const spans = splitSentences(body);
    const starts = new Set(spans.map((s) => s.start));
    const ends = new Set(spans.map((s) => s.end));
    for (const c of chunks) {
      expect(starts.has(c.start)).toBe(true);
      expect(ends.has(c.end)).toBe(true);
    }
  });

  test('consecutive chunks overlap by whole trailing sentences within the overlap budget', () => {
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1];
      const cur = chunks[i];
      expect(cur.start).toBeLessThan(prev.end); // overlap exists (sentences here are 13 tokens < 15)
      expect(cur.start).toBeGreaterThan(prev.start); // always moves forward
      expect(count(body.slice(cur.start, prev.end))).toBeLessThanOrEqual(15);
      expect(cur.end).toBeGreaterThan(prev.end); // and always adds new text
    }
  });

  test('the whole body is covered', () => {
    expect(chunks[0].start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(body.trimEnd().length);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i].start).toBeLessThanOrEqual(chunks[i - 1].end);
  });

  test('a sentence longer than the budget is split at words, others stay whole', () => {
    const long = `${Array.from({ length: 150 }, (_, i) => `word${i}`).join(' ')}.`;
    const b = `Short first sentence. ${long} Short last sentence.`;
    const cs = chunkArticle({ id: 'x', body: b }, count, { maxTokens: 40, overlapTokens: 0 });
    for (const c of cs) {
      expect(b.slice(c.start, c.end)).toBe(c.text);
      expect(count(c.text)).toBeLessThanOrEqual(40);
      // cuts fall between words, never inside one
      expect(/\S/.test(b[c.start - 1] ?? ' ')).toBe(false);
      expect(/\S/.test(b[c.end] ?? ' ')).toBe(false);
    }
    expect(cs.map((c) => c.text).join(' ')).toBe(b);
  });

  test('a single giant token run (a URL) is cut by characters within the budget', () => {
    const b = `See ${'x'.repeat(50)}/${'y'.repeat(50)} now.`;
    const cs = chunkArticle({ id: 'u', body: b }, (t) => Math.ceil(t.length / 4), { maxTokens: 10, overlapTokens: 0 });
    for (const c of cs) expect(Math.ceil(c.text.length / 4)).toBeLessThanOrEqual(10);
    expect(
      cs
        .map((c) => c.text)
        .join('')
        .replace(/\s/g, ''),
    ).toBe(b.replace(/\s/g, ''));
  });

  test('abbreviations do not produce boundaries: "U.S." stays inside its chunk sentence', () => {
    const b = 'Mr. Smith of the U.S. State Dept. met Gen. Ali on Jan. 3. The talks failed.';
    const cs = chunkArticle({ id: 'y', body: b }, count, { maxTokens: 22, overlapTokens: 0 });
    expect(cs.map((c) => c.text)).toEqual([
      'Mr. Smith of the U.S. State Dept. met Gen. Ali on Jan. 3.',
      'The talks failed.',
    ]);
  });

  test('empty body gives no chunks; a short body one chunk', () => {
    expect(chunkArticle({ id: 'e', body: '' }, count)).toEqual([]);
    expect(chunkArticle({ id: 's', body: 'Only one line here.' }, count)).toHaveLength(1);
  });
});

describe('embeddingText and signature', () => {
  test('title on every chunk, or on the first only', () => {
    expect(embeddingText({ ordinal: 0, text: 'Body.' }, 'Title', 'first')).toBe('Title\n\nBody.');
    expect(embeddingText({ ordinal: 1, text: 'Body.' }, 'Title', 'first')).toBe('Body.');
    expect(embeddingText({ ordinal: 1, text: 'Body.' }, 'Title', 'every')).toBe('Title\n\nBody.');
  });

  test('the signature changes with the title mode and budget', () => {
    const a = chunkerSignature({ maxTokens: 180, overlapTokens: 40 }, 'every');
    expect(a.startsWith(`${CHUNKER_VERSION}/`)).toBe(true);
    expect(chunkerSignature({ maxTokens: 180, overlapTokens: 40 }, 'first')).not.toBe(a);
    expect(chunkerSignature({ maxTokens: 128, overlapTokens: 40 }, 'every')).not.toBe(a);
  });
});

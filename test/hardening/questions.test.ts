// Hostile questions: empty, huge, punctuation only, other scripts and FTS5 syntax never reach SQLite as
// syntax; through the service and through `dossier ask --json` each gets an answer or a plain "not covered".
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Embedder } from '../../src/embed/types.js';
import type { DossierService } from '../../src/service-types.js';
import { NOT_COVERED } from '../../src/answer/types.js';
import { HOSTILE_QUESTIONS } from '../support/hostile-questions.js';
import { tempDir } from '../support/env.js';
import { buildIndex, runCli, service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';

let emb: Embedder;
let svc: DossierService;
let dir: string;

beforeAll(async () => {
  emb = await realEmbedder();
  dir = tempDir();
  await buildIndex(dir, emb);
  svc = await service(dir, emb);
});
afterAll(async () => {
  await svc?.close();
  await emb?.dispose();
});

describe('hostile questions through the service', () => {
  test.each(HOSTILE_QUESTIONS)(
    '%s: ask answers or says not covered, search returns real passages',
    async (_name, text) => {
      const { answer, result } = await svc.ask({ text });
      expect(typeof answer.covered).toBe('boolean');
      if (answer.covered) {
        expect(answer.sentences.length).toBeGreaterThan(0);
        expect(answer.sources.length).toBeGreaterThan(0);
        // every citation points at a source, and every source is a passage of an indexed article
        for (const s of answer.sentences) expect(answer.sources.map((x) => x.n)).toContain(s.citation);
        for (const s of answer.sources) expect((await svc.article(s.articleId))?.body).toContain(s.passage);
      } else {
        expect(answer.sentences).toEqual([]);
      }
      expect(result.covered).toBe(answer.covered);
      // text with no word in it gives no lexical match at all (nothing reaches FTS5 as syntax)
      const wordless = !/[\p{L}\p{N}]/u.test(text);
      for (const method of ['hybrid', 'lexical', 'dense'] as const) {
        const r = await svc.search({ text, method });
        if (method === 'lexical' && wordless) expect(r.passages).toEqual([]);
        // real passages of indexed articles, one per article, best first
        const ids = r.passages.map((p) => p.articleId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const p of r.passages) expect((await svc.article(p.articleId))?.body.slice(p.start, p.end)).toBe(p.text);
        const scores = r.passages.map((p) => p.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    },
  );

  test('FTS5 syntax is matched as words: the real subject is still found', async () => {
    for (const text of [
      '"embassy" AND "Madrid"',
      'NEAR(embassy Madrid)',
      'title:embassy OR Madrid*',
      '(embassy) raid ^Madrid',
    ]) {
      const r = await svc.search({ text, method: 'lexical' });
      expect(r.passages[0]?.title, text).toMatch(/Madrid/);
    }
  });

  test('a filter with hostile author text is a plain substring, not SQL or LIKE syntax', async () => {
    for (const author of ['%', '_', "' OR 1=1 --", '\\', '"']) {
      const r = await svc.search({ text: 'embassy', author });
      expect(r.passages).toEqual([]);
    }
  });
});

describe('hostile questions through `dossier ask --json`', () => {
  // one process costs a model load (~3 s): one question holding every FTS5 operator, and the empty one
  test('FTS5 syntax of every kind in one question: exit 0 with JSON, no SQL/FTS error', () => {
    const q = 'title:^embassy AND NOT (Madrid NEAR(a b) OR * " {text}: +x -y 谁是';
    const r = runCli(['ask', '--json', '--', q], { INDEX_DIR: dir });
    expect(r.stderr).not.toMatch(/fts5|sqlite|syntax error|SqliteError| {4}at /i);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(typeof out.covered).toBe('boolean');
    expect(out.question).toBe(q);
    if (out.covered) expect(out.sources.length).toBeGreaterThan(0);
    else expect(out.answer).toBe(NOT_COVERED);
  });

  test('an empty question is a one-line usage error, not a crash', () => {
    const r = runCli(['ask', '--json', '--', '   '], { INDEX_DIR: dir });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('    at ');
  });
});

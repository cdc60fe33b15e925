// The examples, end to end on a real index of the bundled sample archive (real model).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT, SAMPLE_ARCHIVE } from '../../src/config.js';
import { createService } from '../../src/service.js';
import type { DossierService } from '../../src/service-types.js';
import { NOT_COVERED } from '../../src/answer/types.js';
import { renderAnswer } from '../../src/cli/render.js';

let service: DossierService;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-examples-'));
  const cfg = { ...loadConfig({}, PROJECT_ROOT), indexDir: dir };
  service = await createService(cfg);
  const summary = await service.reindex({ sources: [SAMPLE_ARCHIVE] });
  expect(summary.added).toBe(7);
});

afterAll(async () => {
  await service?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('answers on the sample archive', () => {
  it('Madrid raid: the sentence naming the Cheollima Civil Defense, cited to the raid article and its permalink', async () => {
    const { answer } = await service.ask({
      text: 'Which group was most likely behind the raid on the embassy in Madrid?',
    });
    expect(answer.covered).toBe(true);
    const naming = answer.sentences.find((s) => s.text.includes('Cheollima Civil Defense'));
    expect(naming).toBeDefined();
    const src = answer.sources[naming!.citation - 1];
    expect(src.url).toBe('https://intelnews.org/2019/03/18/01-2514/');
    expect(src.title).toMatch(/raid on the North Korean embassy in Madrid/);
    // the cited passage really holds the sentence, and it is highlighted
    expect(src.highlights.some((h) => src.passage.slice(h.start, h.end) === naming!.text)).toBe(true);
    expect(answer.sentences.length).toBeLessThanOrEqual(3);
  });

  it('Operation SHARPSHOOTER: cites the McAfee/Lazarus article', async () => {
    const { answer } = await service.ask({ text: 'What is Operation SHARPSHOOTER?' });
    expect(answer.covered).toBe(true);
    const cited = answer.sources[answer.sentences[0].citation - 1];
    expect(cited.url).toBe('https://intelnews.org/2019/03/05/01-2507/');
    expect(answer.sentences[0].text).toMatch(/SHARPSHOOTER/);
    expect(answer.sentences.map((s) => s.text).join(' ')).toMatch(/Lazarus|McAfee/);
  });

  it('Benoit Quennedey: cites the French civil servant article (which has no permalink: none is invented)', async () => {
    const { answer } = await service.ask({ text: 'Who is Benoit Quennedey?' });
    expect(answer.covered).toBe(true);
    const cited = answer.sources[answer.sentences[0].citation - 1];
    expect(cited.title).toMatch(/French senior civil servant/);
    expect(answer.sentences[0].text).toMatch(/Benoit Quennedey/);
    expect(cited.url).toBeNull();
    expect(renderAnswer(answer)).toMatch(/no permalink in the archive/);
  });

  it('apple pie: not covered, with possibly related articles instead of an answer', async () => {
    const { answer, result } = await service.ask({ text: 'What is the recipe for apple pie?' });
    expect(answer.covered).toBe(false);
    expect(answer.sentences).toEqual([]);
    expect(answer.sources).toEqual([]);
    expect(result.passages).toEqual([]);
    expect(answer.related.length).toBeGreaterThan(0);
    expect(renderAnswer(answer)).toContain(NOT_COVERED);
  });

  it('sources are different articles first, at most two passages of one article', async () => {
    const { answer } = await service.ask({ text: 'North Korea espionage', limit: 5 });
    const perArticle = new Map<string, number>();
    for (const s of answer.sources) perArticle.set(s.articleId, (perArticle.get(s.articleId) ?? 0) + 1);
    expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(2);
    const listed = await service.search({ text: 'North Korea espionage', limit: 5 });
    expect(new Set(listed.passages.map((p) => p.articleId)).size).toBe(listed.passages.length);
  });

  it('filters by author and by date range without starving the result', async () => {
    const byAuthor = await service.search({ text: 'North Korea', author: 'Joseph Fitsanakis', limit: 3 });
    expect(byAuthor.passages.length).toBeGreaterThan(0);
    expect(byAuthor.passages.every((p) => p.author === 'Joseph Fitsanakis')).toBe(true);
    const in2019 = await service.search({ text: 'North Korea', from: '2019', to: '2019', limit: 5 });
    expect(in2019.passages.length).toBeGreaterThan(0);
    expect(in2019.passages.every((p) => p.date !== null && p.date >= '2019-01-01' && p.date <= '2019-12-31')).toBe(
      true,
    );
    const day = await service.search({ text: 'hackers', from: '2019-03-05', to: '2019-03-05' });
    expect(day.passages.map((p) => p.url)).toContain('https://intelnews.org/2019/03/05/01-2507/');
  });
});

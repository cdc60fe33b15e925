// The bundled sample archive is the seed as parsed, with only the two publicly known permalinks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScrapedText } from '../../src/archive/formats/text.js';
import { loadSources } from '../../src/archive/load.js';
import { sampleJsonl, SAMPLE_FILE } from '../../src/archive/sample.js';
import { SAMPLE_ARCHIVE } from '../../src/config.js';
import { seedFile } from './helpers.js';

describe('index-data/archive', () => {
  const seed = parseScrapedText(readFileSync(seedFile, 'utf8'), seedFile).articles;

  it('is exactly what the parser makes of the seed, plus known permalinks', () => {
    expect(readFileSync(SAMPLE_FILE, 'utf8')).toBe(sampleJsonl(seed));
  });

  it('loads as the seven posts with their cleaned bodies', async () => {
    const r = await loadSources([SAMPLE_ARCHIVE]);
    expect(r.warnings).toEqual([]);
    expect(r.articles.map((a) => a.title)).toEqual(seed.map((a) => a.title));
    expect(r.articles.map((a) => a.body)).toEqual(seed.map((a) => a.body));
  });

  it('carries only the two permalinks in INTELNEWS.md; the Madrid post gets its date there, no author', async () => {
    const { articles } = await loadSources([SAMPLE_ARCHIVE]);
    expect(articles.filter((a) => a.url).map((a) => [a.date, a.url])).toEqual([
      ['2019-03-18', 'https://intelnews.org/2019/03/18/01-2514/'],
      ['2019-03-05', 'https://intelnews.org/2019/03/05/01-2507/'],
    ]);
    expect(articles[0].author).toBeUndefined();
    expect(articles.slice(1).every((a) => a.author === 'Joseph Fitsanakis' && a.date)).toBe(true);
  });
});

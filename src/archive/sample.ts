// The bundled sample archive (index-data/archive/intelnews-sample.jsonl): the seven seed posts as
// parsed, plus the only permalinks that are publicly known (../shared/INTELNEWS.md). None is invented.
import path from 'node:path';
import type { Article } from './article.js';
import { normalizeTitle } from './article.js';
import { SAMPLE_ARCHIVE } from '../config.js';

export const SAMPLE_FILE = path.join(SAMPLE_ARCHIVE, 'intelnews-sample.jsonl');

/** Known title → permalink (and the post's date, which the cut-off seed copy lacks). */
export const KNOWN_PERMALINKS: ReadonlyArray<{ title: string; url: string; date: string }> = [
  {
    title: 'North Korea-linked hackers growing in reach and sophistication, McAfee warns',
    url: 'https://intelnews.org/2019/03/05/01-2507/',
    date: '2019-03-05',
  },
  {
    title: 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
    url: 'https://intelnews.org/2019/03/18/01-2514/',
    date: '2019-03-18',
  },
];

export interface SampleRecord {
  title: string;
  author?: string;
  date?: string;
  url?: string;
  tags: string[];
  body: string;
}

/** Seed articles → sample records: permalinks only where known, fields in a stable order. */
export function sampleRecords(seed: Article[]): SampleRecord[] {
  return seed.map((a) => {
    const known = KNOWN_PERMALINKS.find((k) => normalizeTitle(k.title) === normalizeTitle(a.title));
    const date = a.date ?? known?.date;
    return {
      title: a.title,
      ...(a.author ? { author: a.author } : {}),
      ...(date ? { date } : {}),
      ...(known ? { url: known.url } : {}),
      tags: a.tags,
      body: a.body,
    };
  });
}

export function sampleJsonl(seed: Article[]): string {
  return `${sampleRecords(seed)
    .map((r) => JSON.stringify(r))
    .join('\n')}\n`;
}

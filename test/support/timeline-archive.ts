// A small archive with one story told over three weeks (the Varna Lake dam: four articles, two of
// them on the same day) among unrelated news: what the timeline tests index with the real model.
import fs from 'node:fs';
import path from 'node:path';
import type { Article } from '../../src/archive/article.js';
import { article } from './articles.js';
import { ROOT } from './env.js';

export const TIMELINE_ARCHIVE = path.join(ROOT, 'test/fixtures/timeline/archive.jsonl');
export const DAM_IDS = ['dam-1', 'dam-2', 'dam-3', 'dam-4'];

export function timelineArticles(): Article[] {
  return fs
    .readFileSync(TIMELINE_ARCHIVE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const r = JSON.parse(l) as { id: string; title: string; body: string; author: string; date: string; url: string };
      return article(r.title, r.body, { id: r.id, author: r.author, date: r.date, url: r.url });
    });
}

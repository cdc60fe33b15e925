// Nothing private is indexed: password-protected, private and draft WordPress posts are left out
// (counted, never quoted), from an export, a saved REST answer or a feed; a post given a password
// later leaves the index at the next re-index.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/archive/formats/feed.js';
import { parseJsonDocument } from '../../src/archive/formats/json.js';
import { loadSources } from '../../src/archive/load.js';
import { renderReindexSummary } from '../../src/bot/render-status.js';
import { formatSummary } from '../../src/cli/progress.js';
import type { Embedder } from '../../src/embed/types.js';
import { tempDir } from '../support/env.js';
import { service } from '../support/harness.js';
import { realEmbedder } from '../support/model.js';
import { fixture } from './helpers.js';

const read = (name: string) => fs.readFileSync(fixture(name), 'utf8');
const PRIVATE = /PRIVATE-[A-Z]|DRAFT-TEXT|members only|Salary review|fish market/;

describe('WordPress export (WXR)', () => {
  const r = parseFeed(read('wxr-private-and-images.xml'), 'site.xml');

  it('keeps the published posts only and counts what it left out, by reason', () => {
    expect(r.articles.map((a) => a.title)).toEqual([
      'Ferry timetable changes from March',
      'Sunset over the breakwater',
      'Regatta day in pictures',
      'New crane arrives',
    ]);
    expect(r.leftOut).toEqual({ passwordProtected: 2, private: 1, drafts: 2, notPosts: 2 });
    expect(r.warnings).toEqual([]);
  });

  it('never carries a word of a protected, private or draft post', () => {
    expect(JSON.stringify(r)).not.toMatch(PRIVATE);
  });
});

describe('a saved WordPress REST answer', () => {
  const r = parseJsonDocument(read('wp-rest-protected.json'), 'posts.json');

  it('leaves out content.protected and excerpt.protected posts, private ones and drafts', () => {
    expect(r.articles.map((a) => a.title)).toEqual(['Ferry timetable changes from March']);
    expect(r.leftOut).toEqual({ passwordProtected: 2, private: 1, drafts: 1, notPosts: 0 });
    expect(JSON.stringify(r)).not.toMatch(PRIVATE);
  });
});

describe('the loader', () => {
  it('adds up what was left out over all sources, for the re-index summary', async () => {
    const r = await loadSources([fixture('wxr-private-and-images.xml'), fixture('wp-rest-protected.json')]);
    expect(r.leftOut).toEqual({ passwordProtected: 4, private: 2, drafts: 3, notPosts: 2 });
    expect(r.reports.map((s) => s.leftOut.passwordProtected)).toEqual([2, 2]);
    expect(JSON.stringify(r)).not.toMatch(PRIVATE);
  });
});

describe('a post protected after it was indexed', { timeout: 240_000 }, () => {
  let dir: string;
  let emb: Embedder;
  beforeAll(async () => {
    dir = tempDir('dossier-private-');
    emb = await realEmbedder();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is removed from the index by the next re-index of the same export', async () => {
    const file = path.join(dir, 'export.xml');
    // before: the board minutes were public
    fs.writeFileSync(file, read('wxr-private-and-images.xml').replace('<![CDATA[tidewater]]>', '<![CDATA[]]>'));
    const svc = await service(path.join(dir, 'index'), emb);
    try {
      const first = await svc.reindex({ sources: [file] });
      expect(first.added).toBe(5);
      const titles = async () => {
        const r = await svc.search({ text: 'board contractor berth auditor', limit: 5 });
        return [...r.passages, ...r.related];
      };
      const minutes = (await titles()).find((s) => s.title.startsWith('Board minutes'));
      expect(minutes).toBeDefined();
      // the editor sets a password; the next export has it
      fs.writeFileSync(file, read('wxr-private-and-images.xml'));
      const second = await svc.reindex({ sources: [file] });
      expect(second).toMatchObject({ added: 0, removed: 1 });
      // the summary says what was left out, in the CLI and in Discord
      expect(second.leftOut).toEqual({ passwordProtected: 2, private: 1, drafts: 2, notPosts: 2 });
      expect(first.leftOut?.passwordProtected).toBe(1);
      expect(formatSummary(second)).toContain('left out, never indexed: 2 password-protected, 1 private, 2 drafts');
      const field = renderReindexSummary(second).fields?.find((f) => f.name === 'Left out, never indexed');
      expect(field?.value).toContain('2 password-protected');
      expect(await svc.article(minutes!.articleId)).toBeUndefined();
      expect((await titles()).map((s) => s.title)).not.toContainEqual(expect.stringMatching(/Board minutes/));
    } finally {
      await svc.close();
    }
  });
});

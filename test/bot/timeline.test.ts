// /timeline through the fake Discord (the real bot, an unmodified discord.js client): ten lines a
// page with ◀ ▶, each line within its share of Discord's limits, archive text escaped, no pings;
// and the pure line rendering with long sentences, titles and permalinks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TimelineLine } from '../../src/answer/timeline.js';
import { TIMELINE_LINE_MAX, timelineLine } from '../../src/bot/render-timeline.js';
import { tempDir } from '../support/env.js';
import { botOnFake, messageProblems, type BotHarness } from '../support/harness.js';
import { StubService, stubArticle } from '../support/stub-service.js';

let h: BotHarness;
let svc: StubService;
let users = 0;
const user = () => ({ id: String(300000000000000000n + BigInt(++users)), username: `t${users}` });

beforeAll(async () => {
  // 23 articles over 23 days, given newest first: the timeline must put them in date order
  const articles = Array.from({ length: 23 }, (_, i) => {
    const day = String(23 - i).padStart(2, '0');
    return stubArticle({
      id: `u:${1000 + i}`,
      title: i === 0 ? 'Dam *cracks* @everyone' : `Varna dam, day ${23 - i}`,
      date: `2024-09-${day}`,
      url: `https://news.example.org/2024/09/${day}/dam-${i}/`,
      body: `On day ${23 - i} the dam story went on. More text follows here.`,
    });
  });
  svc = new StubService(articles);
  h = await botOnFake(svc, tempDir());
});
afterAll(async () => h?.stop());

describe('/timeline on Discord', () => {
  it('ten lines a page in date order, ◀ ▶ to page, the last page has the rest', async () => {
    const msg = structuredClone(
      await h.fake.slash('timeline', { topic: 'Varna dam' }, { user: user() }).response(30_000),
    );
    const e = msg.embeds[0];
    expect(e.title).toBe('Timeline: Varna dam');
    const lines = e.description.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^\*\*1 Sep 2024\*\* — On day 1 the dam story went on\./);
    expect(lines[9]).toMatch(/^\*\*10 Sep 2024\*\*/);
    expect(e.footer.text).toMatch(/^Articles 1–10 of 23 articles, oldest first · page 1 of 3/);
    expect(svc.timelines.at(-1)).toMatchObject({ text: 'Varna dam', order: 'oldest', limit: 100 });
    const [prev, next] = msg.components[0].components;
    expect(prev.disabled).toBe(true);
    const p2 = structuredClone(await h.fake.click(msg, next.custom_id, { user: user() }).response(30_000));
    expect(p2.embeds[0].description.split('\n')[0]).toMatch(/^\*\*11 Sep 2024\*\*/);
    const next2 = p2.components[0].components[1];
    const p3 = await h.fake.click(p2, next2.custom_id, { user: user() }).response(30_000);
    const last = p3.embeds[0].description.split('\n');
    expect(last).toHaveLength(3);
    // the title is escaped and cannot ping: Markdown and @everyone defused
    expect(last[2]).toContain('Dam \\*cracks\\* @\u200Beveryone');
    expect(p3.components[0].components[1].disabled).toBe(true);
    expect(p3.embeds[0].footer.text).toMatch(/page 3 of 3/);
  });

  it('newest first; a topic the archive does not cover says so with the closest articles', async () => {
    const msg = await h.fake
      .slash('timeline', { topic: 'Varna dam', order: 'newest' }, { user: user() })
      .response(30_000);
    expect(msg.embeds[0].description.split('\n')[0]).toMatch(/^\*\*23 Sep 2024\*\*/);
    const miss = await h.fake.slash('timeline', { topic: 'unknowable thing' }, { user: user() }).response(30_000);
    expect(miss.embeds[0].description).toMatch(/^The archive doesn't seem to cover this topic\./);
    expect(miss.embeds[0].fields[0].name).toBe('Closest articles');
    expect(miss.components ?? []).toEqual([]);
  });

  it('every message met Discord limits and allowed no mentions', () => {
    const bodies = h.fake.calls.filter((c) => ['POST', 'PATCH'].includes(c.method) && c.body?.embeds);
    expect(bodies.length).toBeGreaterThan(0);
    for (const c of bodies) expect(messageProblems(c.body)).toEqual([]);
  });
});

describe('timelineLine', () => {
  const base: TimelineLine = {
    n: 1,
    articleId: 'a',
    date: '2019-03-18',
    title: 'Analysis: who was behind the raid?',
    author: null,
    url: 'https://intelnews.org/2019/03/18/01-2514/',
    sentence: 'An obscure North Korean dissident group was most likely behind the raid.',
    score: 1,
  };

  it('date, sentence, then the title linked to the article at that sentence', () => {
    expect(timelineLine(base)).toBe(
      '**18 Mar 2019** — An obscure North Korean dissident group was most likely behind the raid. · [Analysis: who was behind the raid?](https://intelnews.org/2019/03/18/01-2514/#:~:text=An%20obscure%20North%20Korean%20dissident%20group%20was%20most)',
    );
  });

  it('stays within its share of the embed however long the sentence, title and permalink are', () => {
    const long: TimelineLine = {
      ...base,
      title: 'T'.repeat(300),
      sentence: 'word '.repeat(400),
      url: `https://example.org/${'p'.repeat(600)}`,
    };
    const l = timelineLine(long);
    expect(l.length).toBeLessThanOrEqual(TIMELINE_LINE_MAX);
    expect(l.startsWith('**18 Mar 2019** — ')).toBe(true);
    expect(timelineLine({ ...base, sentence: 'x '.repeat(500) }).length).toBeLessThanOrEqual(TIMELINE_LINE_MAX);
  });

  it('no permalink: a bold title, never a made-up link', () => {
    expect(timelineLine({ ...base, url: null })).toMatch(/· \*\*Analysis: who was behind the raid\?\*\*$/);
  });
});

// Pure rendering: every Discord limit holds for hostile input, archive text is escaped and defused,
// links appear only where the archive has a URL, buttons stay within custom_id limits.
import { describe, expect, it } from 'vitest';
import type { Answer, Source } from '../../src/answer/types.js';
import { NOT_COVERED } from '../../src/answer/types.js';
import { answerComponents, decodeButton, encodeButton, searchComponents } from '../../src/bot/components.js';
import { embedLength, fitEmbed, fitEmbeds, LIMITS } from '../../src/bot/limits.js';
import { renderArticle, renderSearchMiss, renderSearchPage, snippet } from '../../src/bot/render.js';
import { renderAnswer, renderNoArticles, renderNotCovered, renderPassage } from '../../src/bot/render-answer.js';
import { citedAnswer } from '../../src/bot/sources.js';
import { renderHelp, renderReindexProgress, renderReindexSummary, renderStats } from '../../src/bot/render-status.js';
import { clean, safe, truncate } from '../../src/bot/text.js';
import type { Passage } from '../../src/search/types.js';
import { choiceName } from '../../commands/article.js';

const long = (word: string, n: number) => Array.from({ length: n }, (_, i) => `${word}${i}.`).join(' ');

function source(n: number, over: Partial<Source> = {}): Source {
  const passage = over.passage ?? `Opening words. The ${n}th group was most likely behind the raid. Closing words.`;
  const hl = passage.indexOf('The ');
  return {
    n,
    articleId: `u:${n}`,
    title: `Article ${n}`,
    author: 'Ian Allen',
    date: '2019-03-18',
    url: `https://intelnews.org/2019/03/18/01-${2500 + n}/`,
    passage,
    highlights: hl >= 0 ? [{ start: hl, end: passage.indexOf('.', hl) + 1 }] : [],
    score: 1,
    chunkId: n,
    ...over,
  };
}

function answer(sources: Source[], over: Partial<Answer> = {}): Answer {
  return {
    question: 'Who was behind the raid?',
    covered: true,
    sentences: sources
      .slice(0, 2)
      .map((s) => ({ text: s.passage.slice(s.highlights[0]?.start ?? 0, s.highlights[0]?.end ?? 20), citation: s.n })),
    sources,
    related: [],
    ...over,
  };
}

function withinLimits(e: ReturnType<typeof renderAnswer>) {
  expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.embedTitle);
  expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.embedDescription);
  expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.footer);
  expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
  for (const f of e.fields ?? []) {
    expect(f.name.length).toBeGreaterThan(0);
    expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
    expect(f.value.length).toBeGreaterThan(0);
    expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
  }
}

describe('truncate', () => {
  it('leaves short text alone and cuts long text at a sentence end with an ellipsis', () => {
    expect(truncate('Short.', 10)).toBe('Short.');
    const t = truncate('The first sentence is here. The second one is much longer and will not fit.', 40);
    expect(t).toBe('The first sentence is here. …');
    expect(t.length).toBeLessThanOrEqual(40);
  });

  it('falls back to a word boundary, then a hard cut', () => {
    const t = truncate('alpha beta gamma delta epsilon zeta eta theta', 20);
    expect(t.endsWith('…')).toBe(true);
    expect(t.length).toBeLessThanOrEqual(20);
    expect(t).toBe('alpha beta gamma…');
    expect(truncate('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('never splits a surrogate pair or leaves a dangling escape', () => {
    const emoji = '😀'.repeat(30);
    const t = truncate(emoji, 11);
    expect(t.length).toBeLessThanOrEqual(11);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(t)).toBe(false);
    const esc = truncate(`${'a'.repeat(8)}\\*${'b'.repeat(20)}`, 10);
    expect(esc).not.toMatch(/[^\\]\\…$/);
  });
});

describe('safe (archive text)', () => {
  it('escapes Markdown and defuses mentions', () => {
    const s = safe(
      '**bold** _it_ `code` ~~x~~ ||spoiler|| > quote\n# heading @everyone @here <@123456789012345678> <@&123456789012345678> [x](https://evil.example)',
    );
    expect(s).not.toMatch(/(?<!\\)\*\*bold/);
    expect(s).toContain('\\*\\*bold\\*\\*');
    expect(s).toContain('\\`code\\`');
    expect(s).not.toContain('@everyone');
    expect(s).not.toContain('@here');
    expect(s).not.toContain('<@123456789012345678>');
    expect(s).not.toContain('<@&123456789012345678>');
    expect(s).not.toMatch(/(?<!\\)\[x\]\(https/);
  });

  it('escapes line-start Markdown (headings, quotes, lists, subtext) and is fast on long text', () => {
    expect(safe('# Title\n> quote\n- item\n1. first\n-# small')).toBe(
      '\\# Title\n\\> quote\n\\- item\n1\\. first\n\\-# small',
    );
    const t = Date.now();
    safe('Sentence with *stars* and _under_. '.repeat(5000));
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('removes zero-width and control characters', () => {
    expect(clean('a\u200Bb\u0007c\uFEFFd\u202Ee')).toBe('abcde');
    expect(clean('line\r\nnext\n\n\n\nend')).toBe('line\nnext\n\nend');
  });
});

const FRAG1 =
  'https://intelnews.org/2019/03/18/01-2501/#:~:text=The%201th%20group%20was%20most%20likely%20behind%20the';

describe('answer embed', () => {
  it('cites each run with a link that opens the article at the sentence; one line per source article', () => {
    const e = renderAnswer({ answer: answer([source(1), source(2)]) });
    expect(e.description).toContain(`[[1]](${FRAG1})`);
    expect(e.description).toContain('[[2]](https://intelnews.org/2019/03/18/01-2502/#:~:text=The%202th%20group');
    expect(e.fields).toHaveLength(1);
    expect(e.fields?.[0].name).toBe('Sources');
    expect(e.fields?.[0].value.split('\n')).toEqual([
      '**[1]** [Article 1](https://intelnews.org/2019/03/18/01-2501/) · *Ian Allen · 18 Mar 2019*',
      '**[2]** [Article 2](https://intelnews.org/2019/03/18/01-2502/) · *Ian Allen · 18 Mar 2019*',
    ]);
    // the passages are behind the buttons, not repeated in the message
    expect(JSON.stringify(e).match(/most likely behind the raid/g)).toHaveLength(2);
    expect(e.footer).toBeUndefined();
    withinLimits(e);
  });

  it('never links a source without a permalink; its title is bold instead', () => {
    const s = source(1, { url: null });
    const e = renderAnswer({ answer: answer([s]) });
    expect(e.description).toContain('[1]');
    expect(e.description).not.toContain('](');
    expect(e.fields?.[0].value).toBe('**[1]** **Article 1** · *Ian Allen · 18 Mar 2019*');
    expect(JSON.stringify(e)).not.toContain('http');
    expect(JSON.stringify(renderPassage(citedAnswer(answer([s])).sources[0]))).not.toContain('http');
  });

  it('does not turn a javascript: or relative URL into a link', () => {
    const e = renderAnswer({
      answer: answer([source(1, { url: 'javascript:alert(1)' }), source(2, { url: '/2019/03/18/' })]),
    });
    expect(JSON.stringify(e)).not.toContain('javascript:');
    expect(e.description).not.toContain('](/2019');
  });

  it('an article is one source even when two of its passages are cited; no sentence twice', () => {
    const a1 = source(1);
    const a2 = source(2, { articleId: 'u:1', passage: 'Later on. A second point was made about the raid. End.' });
    a2.highlights = [{ start: 10, end: 50 }];
    const other = source(3);
    const a = answer([a1, a2, other], {
      sentences: [
        { text: 'The 1th group was most likely behind the raid.', citation: 1 },
        { text: 'The 3th group was most likely behind the raid.', citation: 3 },
        { text: 'A second point was made about the raid.', citation: 2 },
        // the same sentence again, from an overlapping chunk
        { text: 'The 1th group was most likely behind the raid.', citation: 2 },
      ],
    });
    const e = renderAnswer({ answer: a });
    expect(e.fields?.[0].value.split('\n').map((l) => l.slice(0, 7))).toEqual(['**[1]**', '**[2]**']);
    expect(e.description).toMatch(/raid\. \[\[1\]\]\(.+\) The 3th .+ \[\[2\]\]\(.+\) A second point .+ \[\[1\]\]\(/);
    expect(e.description?.match(/The 1th group/g)).toHaveLength(1);
    // its "Passage 1" shows both passages of the article, the cited sentences in bold
    const p = renderPassage(citedAnswer(a).sources[0]);
    expect(p.description).toContain('**The 1th group was most likely behind the raid.**');
    expect(p.description).toContain('**A second point was made about the raid.**');
    expect(p.url).toBe(FRAG1);
    const labels = answerComponents('abc', a).flatMap((r) => r.components.map((c) => (c as { label: string }).label));
    expect(labels).toEqual(['Passage 1', 'Passage 2', 'Helpful', 'Not helpful']);
  });

  it('says the filters it used in one footer line: from the options, or the window the engine reports', () => {
    const a = answer([source(1)]);
    expect(renderAnswer({ answer: a, filter: { author: 'Ian Allen' } }).footer?.text).toBe('Articles by "Ian Allen"');
    expect(renderAnswer({ answer: a, filter: { from: '2019-01-01', to: '2019-03-31' } }).footer?.text).toBe(
      'Articles from 1 Jan – 31 Mar 2019 (your from/to)',
    );
    const w = renderAnswer({
      answer: a,
      filter: { author: 'Ian Allen' },
      window: { from: '2025-06-01', to: '2025-06-07', source: 'question' },
    });
    expect(w.footer?.text).toBe('Articles from 1–7 Jun 2025 by "Ian Allen" (the question\'s dates)');
    expect(renderNoArticles('Who?', 'No articles by "Nobody" in the archive.').description).toBe(
      'No articles by "Nobody" in the archive.',
    );
  });

  it('stays within every limit for enormous input', () => {
    const huge = long('Sentence', 3000);
    const sources = Array.from({ length: 40 }, (_, i) =>
      source(i + 1, {
        title: 'T'.repeat(1000),
        author: 'A'.repeat(500),
        passage: huge,
        highlights: [{ start: 100, end: 9000 }],
      }),
    );
    const a = answer(sources, {
      question: 'Q'.repeat(3000),
      sentences: Array.from({ length: 200 }, (_, i) => ({ text: 'S'.repeat(300) + i, citation: (i % 40) + 1 })),
    });
    withinLimits(renderAnswer({ answer: a, filter: { author: 'A'.repeat(3000) } }));
    for (const s of citedAnswer(a).sources) withinLimits(renderPassage(s));
    withinLimits(renderNotCovered({ question: 'Q'.repeat(5000), related: sources }));
    const rows = answerComponents('AbCdEfGhIj', a);
    expect(rows.length).toBeLessThanOrEqual(5);
    for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(5);
  });

  it('escapes archive Markdown and mentions in titles, sentences and passages', () => {
    const s = source(1, {
      title: '@everyone **breaking**',
      passage: 'Ping @everyone now. The *mole* was found <@&123456789012345678>.',
      highlights: [{ start: 20, end: 64 }],
    });
    const a = { ...answer([s]), sentences: [{ text: 'Ping @everyone now.', citation: 1 }] };
    const e = renderAnswer({ answer: a });
    const p = renderPassage(citedAnswer(a).sources[0]);
    const all = JSON.stringify([e, p]);
    expect(all).not.toContain('@everyone');
    expect(all).not.toContain('<@&123456789012345678>');
    expect(e.fields?.[0].value).toContain('\\*\\*breaking\\*\\*');
    expect(p.description).toContain('\\*mole\\*');
  });
});

describe('citations', () => {
  it('a run of sentences from one source gets one citation, after the last of them', () => {
    const a = answer([source(1), source(2)], {
      sentences: [
        { text: 'First claim of the story.', citation: 1 },
        { text: 'Second claim.', citation: 1 },
        { text: 'Third claim of it.', citation: 2 },
      ],
    });
    expect(renderAnswer({ answer: a }).description).toBe(
      'First claim of the story. Second claim. [[1]](https://intelnews.org/2019/03/18/01-2501/#:~:text=First%20claim%20of%20the%20story) Third claim of it. [[2]](https://intelnews.org/2019/03/18/01-2502/#:~:text=Third%20claim%20of%20it)',
    );
  });
});

describe('snippet', () => {
  it('bolds every answering sentence in the passage', () => {
    const passage = 'Before. The first answer. Middle text. The second answer. After.';
    const r = (t: string) => ({ start: passage.indexOf(t), end: passage.indexOf(t) + t.length });
    expect(snippet(passage, [r('The second answer.'), r('The first answer.')], 500)).toBe(
      'Before. **The first answer.** Middle text. **The second answer.** After.',
    );
    // adjacent sentences are one bold run
    expect(snippet(passage, [r('The first answer.'), r('Middle text.')], 500)).toBe(
      'Before. **The first answer. Middle text.** The second answer. After.',
    );
  });

  it('keeps the highlighted sentence whole and bold when it fits', () => {
    const passage = `${'x '.repeat(400)}The answer is here. ${'y '.repeat(400)}`;
    const start = passage.indexOf('The answer');
    const s = snippet(passage, [{ start, end: start + 'The answer is here.'.length }], 300);
    expect(s).toContain('**The answer is here.**');
    expect(s.length).toBeLessThanOrEqual(300);
  });
});

describe('not covered', () => {
  it('says so and offers possibly related articles, linked only when they have URLs', () => {
    const e = renderNotCovered({ question: 'Unknowable?', related: [source(1), source(2, { url: null })] });
    expect(e.description).toContain(NOT_COVERED);
    expect(e.fields?.[0].name).toBe('Possibly related');
    expect(e.fields?.[0].value).toContain('[Article 1](https://intelnews.org/2019/03/18/01-2501/)');
    expect(e.fields?.[0].value).toContain('• Article 2 · 18 Mar 2019');
    const rows = answerComponents('abc', {
      question: 'Unknowable?',
      covered: false,
      sentences: [],
      sources: [],
      related: [],
    });
    expect(rows.flatMap((r) => r.components.map((c) => (c as { label?: string }).label))).toEqual([
      'Helpful',
      'Not helpful',
    ]);
  });
});

describe('other views', () => {
  const passage = (i: number): Passage => ({
    chunkId: i,
    articleId: `u:${i}`,
    ordinal: 0,
    start: 0,
    end: 10,
    text: `Text ${i} ${'word '.repeat(200)}`,
    title: `Result ${i}`,
    author: null,
    date: null,
    url: i % 2 ? `https://intelnews.org/x/${i}/` : null,
    score: 1,
  });

  it('search pages list five articles each, within limits', () => {
    const list = Array.from({ length: 12 }, (_, i) => passage(i + 1));
    const p0 = renderSearchPage('north korea', list, 0);
    const p2 = renderSearchPage('north korea', list, 2);
    expect(p0.description).toContain(
      '**1.** [Result 1](https://intelnews.org/x/1/)\n*author unknown · date unknown*\n> ',
    );
    // without a permalink the title still stands out from the byline
    expect(p0.description).toContain('**2.** **Result 2**\n*author unknown');
    expect(p0.description).not.toContain('Result 6');
    expect(p2.description).toContain('**11.**');
    expect(p2.footer?.text).toContain('page 3 of 3');
    withinLimits(p0);
    expect(renderSearchPage('nothing', [], 0).description).toContain('No matching articles');
  });

  it('a search nothing matches closely says so, and labels the closest articles as such', () => {
    const miss = renderSearchMiss('sourdough', {
      query: { text: 'sourdough' },
      covered: false,
      passages: [],
      related: [passage(1), passage(2)],
      timings: {},
    });
    expect(miss.description).toMatch(/^Nothing in the archive matches this closely/);
    expect(miss.fields?.[0]).toEqual({
      name: 'Closest articles',
      value: '• [Result 1](https://intelnews.org/x/1/) · *date unknown*\n• **Result 2** · *date unknown*',
    });
    const none = renderSearchMiss('raid', {
      query: { text: 'raid', author: 'Nobody', from: '2019-01-01', to: '2019-12-31' },
      covered: false,
      passages: [],
      related: [],
      timings: {},
      signals: { bestDense: 0, termCoverage: 0, filterMatches: 0 },
    });
    expect(none.description).toBe(
      'No articles by "Nobody" from 1 Jan – 31 Dec 2019 in the archive: check the spelling, or widen the dates.',
    );
  });

  it('article view shows title, author, date, permalink and the opening', () => {
    const e = renderArticle({
      id: 'u:1',
      title: 'A title',
      author: 'Joseph Fitsanakis',
      date: '2019-03-05',
      url: 'https://intelnews.org/2019/03/05/01-2507/',
      body: 'First para.\n\nSecond para.',
      tags: ['Lazarus'],
    });
    expect(e.url).toBe('https://intelnews.org/2019/03/05/01-2507/');
    expect(e.description).toBe('First para.\n\nSecond para.');
    expect(e.fields?.map((f) => f.value)).toEqual([
      'Joseph Fitsanakis',
      '5 Mar 2019',
      '[intelnews.org/2019/03/05/01-2507](https://intelnews.org/2019/03/05/01-2507/)',
      'Lazarus',
    ]);
    const none = renderArticle({ id: 't:1', title: 'B', author: null, date: null, url: null, body: '', tags: [] });
    expect(none.url).toBeUndefined();
    expect(JSON.stringify(none)).not.toContain('http');
  });

  it('stats, help, progress and summary stay within limits', () => {
    const statsOf = {
      articles: 1234,
      chunks: 5678,
      firstDate: '2008-01-01',
      lastDate: '2026-02-01',
      modelId: 'm',
      dtype: 'q8',
      builtAt: '2026-11-29T10:00:00Z',
      sizeBytes: 5 * 1024 * 1024,
    };
    const st = renderStats(
      {
        articles: 1234,
        chunks: 5678,
        firstDate: '2008-01-01',
        lastDate: '2026-02-01',
        modelId: 'm',
        dtype: 'q8',
        builtAt: '2026-11-29T10:00:00Z',
        sizeBytes: 5 * 1024 * 1024,
      },
      undefined,
      true,
    );
    expect(st.fields?.find((f) => f.name === 'Articles')?.value).toBe('1,234');
    expect(st.fields?.find((f) => f.name === 'Index size')?.value).toBe('5.0 MB');
    expect(st.footer?.text).toContain('re-index is running');
    expect(renderStats(undefined, 'No index yet: run `dossier index`.', false).description).toContain('dossier index');
    // the status read from the index: another shard's re-index, and how the last run ended (no server paths)
    const other = renderStats(statsOf, undefined, {
      running: {
        by: 'shard 1',
        pid: 42,
        host: 'h',
        startedAt: '2026-11-29T10:05:00.000Z',
        full: false,
        progress: { stage: 'embed', done: 120, total: 400 },
      },
      last: {
        by: 'shard 0',
        startedAt: '2026-11-29T09:00:00.000Z',
        finishedAt: '2026-11-29T09:01:00.000Z',
        full: false,
        ok: false,
        published: false,
        error: 'the disk holding /srv/dossier/index is full',
      },
    });
    expect(other.footer?.text).toBe(
      'A re-index is running (shard 1, since 10:05 UTC; Embedding passages · 120/400); answers come from this index until it finishes.',
    );
    const last = other.fields?.find((f) => f.name === 'Last re-index failed');
    expect(last?.value).toContain('shard 0');
    expect(last?.value).toContain('is full');
    expect(last?.value).not.toContain('/srv/dossier');
    withinLimits(renderHelp());
    const pr = renderReindexProgress(
      { stage: 'embed', done: 120, total: 400, rate: 35.2, etaSeconds: 8 },
      false,
      0,
      5000,
    );
    expect(pr.description).toContain('Embedding passages · 120/400 · 35.2/s · ETA 8 s');
    const sum = renderReindexSummary({
      added: 3,
      updated: 1,
      removed: 0,
      unchanged: 10,
      duplicates: 0,
      chunksEmbedded: 48,
      seconds: 12.3,
      throughput: 4.1,
      warnings: Array.from({ length: 500 }, (_, i) => ({
        source: 'a.txt',
        line: i + 1,
        message: 'bad record '.repeat(5),
      })),
      published: true,
    });
    expect(sum.fields?.[0].value).toBe('3 added · 1 updated · 0 removed · 10 unchanged');
    withinLimits(sum);
  });

  it('autocomplete labels fit in 100 characters and keep the date', () => {
    const c = choiceName('A very long title '.repeat(20), '2019-03-18');
    expect(c.length).toBeLessThanOrEqual(100);
    expect(c.endsWith('(18 Mar 2019)')).toBe(true);
  });
});

describe('limits', () => {
  it('fitEmbed cuts oversize parts and the 6,000 total; fitEmbeds keeps at most 10 embeds', () => {
    const e = fitEmbed({
      title: 'x'.repeat(999),
      description: 'y '.repeat(5000),
      footer: { text: 'f'.repeat(3000) },
      fields: Array.from({ length: 40 }, () => ({ name: 'n'.repeat(300), value: 'v '.repeat(800) })),
    });
    withinLimits(e);
    const many = fitEmbeds(Array.from({ length: 15 }, () => ({ title: 'small' })));
    expect(many).toHaveLength(10);
    const big = fitEmbeds(Array.from({ length: 3 }, () => ({ description: 'z '.repeat(2000) })));
    expect(big.reduce((n, x) => n + embedLength(x), 0)).toBeLessThanOrEqual(6000);
  });
});

describe('buttons', () => {
  it('round-trip through custom ids of at most 100 characters, unique per message', () => {
    const a = answer([1, 2, 3, 4, 5].map((n) => source(n)));
    {
      const rows = answerComponents('AbCdEfGhIj', a);
      const ids = rows.flatMap((r) => r.components.map((c) => (c as { custom_id: string }).custom_id));
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) {
        expect(id.length).toBeLessThanOrEqual(100);
        expect(decodeButton(id)).toMatchObject({ kind: 'answer', id: 'AbCdEfGhIj' });
      }
      expect(rows.length).toBeLessThanOrEqual(5);
      for (const r of rows) expect(r.components.length).toBeLessThanOrEqual(5);
    }
    expect(decodeButton(encodeButton({ kind: 'answer', id: 'abc', action: 'vote', vote: -1 }))).toEqual({
      kind: 'answer',
      id: 'abc',
      action: 'vote',
      vote: -1,
    });
    expect(decodeButton(encodeButton({ kind: 'answer', id: 'abc', action: 'passage', n: 3 }))).toEqual({
      kind: 'answer',
      id: 'abc',
      action: 'passage',
      n: 3,
    });
    expect(decodeButton('d:a:abc:v:zz')).toBeUndefined();
    expect(decodeButton('somethingelse')).toBeUndefined();
    const srch = searchComponents('xyz', 12, 2).flatMap((r) =>
      r.components.map((c) => (c as { custom_id: string }).custom_id),
    );
    expect(new Set(srch).size).toBe(srch.length);
  });
});

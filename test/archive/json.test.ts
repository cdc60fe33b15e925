// JSON Lines and JSON arrays: the usual field names, HTML bodies, one bad record never sinks the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonLinesReader, parseJsonDocument, parseJsonLines, splitJsonArray } from '../../src/archive/formats/json.js';
import { fixture } from './helpers.js';

describe('JSON Lines', () => {
  const { articles, warnings } = parseJsonLines(readFileSync(fixture('articles.jsonl'), 'utf8'), 'a.jsonl');

  it('reads records with any of the usual field names', () => {
    expect(articles.map((a) => [a.title, a.url, a.date, a.author])).toEqual([
      [
        'Head of CIA’s Korean mission center to resign, say sources',
        'https://intelnews.org/2018/11/28/01-2453/',
        '2018-11-28',
        'Joseph Fitsanakis',
      ],
      [
        'Group of 13 North Korean defectors say they were ‘forcibly kidnapped’ by South',
        'https://intelnews.org/2018/07/18/01-2388/',
        '2018-07-18',
        'Joseph Fitsanakis',
      ],
      [
        'North Korea-linked hackers growing in reach and sophistication, McAfee warns',
        'https://intelnews.org/2019/03/05/01-2507',
        '2019-03-05',
        undefined,
      ],
      ['A post without a permalink', undefined, '2017-05-02', 'Ian Allen'],
    ]);
    expect(articles[1].tags).toEqual(['North Korea', 'South Korea', 'NIS']);
    expect(articles[1].body).toBe(
      'A group of 12 female North Korean restaurant workers and their male manager claim that their widely advertised defections in 2016 were fake.\n\nIn April of 2016, the entire staff of a North Korean restaurant in the Chinese city of Ningbo defected.',
    );
    expect(articles[3].id.startsWith('t:')).toBe(true);
    expect(articles[0].origin).toEqual({ file: 'a.jsonl', line: 1, item: 1 });
  });

  it('reads the same when the text arrives in small pieces', () => {
    const text = readFileSync(fixture('articles.jsonl'), 'utf8');
    const seen: string[] = [];
    const reader = new JsonLinesReader('a.jsonl', (a) => seen.push(a.title));
    for (let i = 0; i < text.length; i += 13) reader.push(text.slice(i, i + 13));
    const r = reader.end();
    expect({ articles: r.articles, warnings: r.warnings }).toEqual({ articles, warnings });
    expect(seen).toEqual(articles.map((a) => a.title));
  });

  it('skips malformed records with file, line and reason', () => {
    expect(warnings.map((w) => [w.source, w.line, w.message])).toEqual([
      ['a.jsonl', 3, expect.stringMatching(/record skipped: malformed JSON/)],
      ['a.jsonl', 4, expect.stringMatching(/record skipped: no body text/)],
      ['a.jsonl', 5, 'record skipped: not a JSON object'],
    ]);
  });
});

describe('JSON arrays', () => {
  const { articles, warnings } = parseJsonDocument(readFileSync(fixture('articles.json'), 'utf8'), 'a.json');

  it('reads a WordPress REST answer (title.rendered, content.rendered, numeric author ignored)', () => {
    expect(articles).toHaveLength(4);
    expect(articles[0]).toMatchObject({
      title: 'Analysis: Who was behind the raid on the North Korean embassy in Madrid?',
      url: 'https://intelnews.org/2019/03/18/01-2514/',
      date: '2019-03-18',
      tags: [],
      origin: { file: 'a.json', line: 2, item: 1 },
    });
    expect(articles[0].author).toBeUndefined();
    expect(articles[0].body.split('\n\n')).toHaveLength(2);
    expect(articles[3]).toMatchObject({ author: 'Joseph Fitsanakis', tags: ['Year in review', '2018'] });
  });

  it('skips a malformed element, naming item and line', () => {
    expect(warnings.map((w) => [w.item, w.line, w.message, w.skipped])).toEqual([
      [4, 25, expect.stringMatching(/malformed JSON/), 'malformed JSON'],
    ]);
  });

  it('titles a post that has none from its first words, and says so', () => {
    expect(articles[2]).toMatchObject({
      title: 'A record without a title.',
      titleFromBody: true,
      url: 'https://intelnews.org/2019/01/01/01-2470/',
      origin: { file: 'a.json', line: 24, item: 3 },
    });
    expect(articles[0].titleFromBody).toBeUndefined();
  });

  it('reads wrapped arrays and single objects; says what is wrong with other JSON', () => {
    const wrapped = parseJsonDocument(
      JSON.stringify({ posts: [{ title: 'T', body: 'B', url: 'https://example.com/t/' }] }),
      'w.json',
    );
    expect(wrapped.articles.map((a) => a.title)).toEqual(['T']);
    expect(parseJsonDocument('{"title":"One","content":"<p>x</p>"}', 'o.json').articles[0].body).toBe('x');
    expect(parseJsonDocument('42', 'n.json').warnings[0].message).toMatch(/no articles/);
    expect(parseJsonDocument('{"title": ', 'b.json').warnings[0].message).toMatch(/not valid JSON/);
  });

  it('keeps the records before a cut-off end', () => {
    const text = '[{"title":"A","body":"a"},\n{"title":"B","body":"b"},\n{"title":"C","bo';
    const r = parseJsonDocument(text, 'cut.json');
    expect(r.articles.map((a) => a.title)).toEqual(['A', 'B']);
    expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/not closed/);
  });

  it('splits arrays without being fooled by brackets and commas in strings', () => {
    const { pieces, truncated } = splitJsonArray('[\n {"a":"x,]}"},\n "s\\"",\n [1,2]\n]', 0);
    expect(truncated).toBe(false);
    expect(pieces.map((p) => [p.text, p.line])).toEqual([
      ['{"a":"x,]}"}', 2],
      ['"s\\""', 3],
      ['[1,2]', 4],
    ]);
  });
});

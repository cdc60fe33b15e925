// Answer redundancy: the candidate answers of a sentence, and the sentence holding the name that
// several leading articles agree on beating one that names something only one article mentions.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTagger } from '../../src/answer/answer-type.js';
import { buildAnswer } from '../../src/answer/build.js';
import { answerCandidates, sentenceVotes } from '../../src/answer/votes.js';
import type { Passage, SearchResult } from '../../src/search/types.js';

describe('answerCandidates', () => {
  it('cuts the question’s own words out of a run of names', () => {
    const q = 'Which rapper will headline the Super Bowl halftime show?';
    expect(answerCandidates('Apple Music announced Kendrick Lamar for the Super Bowl LIX show.', 'name', q)).toEqual([
      'apple music',
      'kendrick lamar',
      'lix',
    ]);
  });
  it('finds figures by their digits, not years', () => {
    const q = 'How many union workers at Boeing are on strike?';
    expect(answerCandidates('About 33,000 machinists walked out in September 2024.', 'number', q)).toEqual(['33000']);
    expect(answerCandidates('The strike by $14,000 workers', 'number', q)).toEqual(['14000']);
    expect(answerCandidates('Four astronauts flew.', 'number', 'How many flew?')).toEqual(['four']);
  });
  it('finds months and years for a date', () => {
    expect(answerCandidates('It reopens on October 11, 2024.', 'date', 'When does it reopen?')).toEqual([
      'october',
      '2024',
    ]);
  });
  it('leaves out what the question already says', () => {
    expect(answerCandidates('Boeing said on Monday.', 'name', 'Which firm is Boeing?')).toEqual([]);
  });
});

describe('sentenceVotes', () => {
  const q = 'Which country swore in its first female president?';
  /** votes of [source, text, word score] sentences for a place */
  const votesOf = (...xs: [number, string, number][]) =>
    sentenceVotes(
      xs.map(([source, text, score]) => ({ source, text, score })),
      'place',
      q,
    );
  it('gives the most to the sentence naming what several articles agree on', () => {
    const votes = votesOf(
      [0, 'Officials from Belgium watched as the first female president was sworn in.', 0.9],
      [0, 'Claudia Sheinbaum took office in Mexico on Tuesday.', 0.5],
      [1, 'Mexico swore in its first female president, Claudia Sheinbaum.', 0.8],
      [2, 'In Mexico City crowds cheered the president.', 0.4],
    );
    expect(votes[2]).toBe(1);
    expect(votes[0]).toBeCloseTo(0.9 / 1.7);
  });
  it('counts an article once, at its best sentence', () => {
    const votes = votesOf(
      [0, 'In Belgium, Belgium and Belgium again.', 0.6],
      [0, 'In Belgium too.', 0.6],
      [1, 'It was Mexico.', 0.4],
      [2, 'It is Mexico indeed.', 0.4],
    );
    expect(votes[2]).toBe(1);
    expect(votes[0]).toBeCloseTo(0.6 / 0.8);
  });
  it('is 0 everywhere without a candidate', () => {
    expect(votesOf([0, 'nothing here at all.', 1])).toEqual([0]);
  });
});

describe('the answer with votes', () => {
  beforeAll(loadTagger);
  const passage = (n: number, text: string): Passage => ({
    chunkId: n,
    articleId: `u:${n}`,
    ordinal: 1,
    start: 0,
    end: text.length,
    text,
    title: `Report ${n}`,
    author: null,
    date: '2025-06-01',
    url: null,
    score: 1 - n / 10,
  });
  const question = 'Which country swore in its first female president this week?';
  // the first article's best sentence by words names a place only in passing; the second and third
  // both name the country that swore her in
  const result: SearchResult = {
    query: { text: question },
    covered: true,
    passages: [
      passage(1, 'A first female president swore the oath, watched by officials from Spain. Crowds gathered.'),
      passage(2, 'Mexico swore in its first female president on Tuesday. She promised continuity.'),
      passage(3, 'Crowds in Mexico City cheered the new president. Her cabinet followed.'),
    ],
    related: [],
    timings: {},
  };

  it('quotes the sentence naming what several articles agree on, not the one the words favour', () => {
    expect(buildAnswer(question, result, { maxSentences: 1 }).sentences[0].text).toContain('Spain');
    const voted = buildAnswer(question, result, { voteWeight: 0.35, maxSentences: 1 });
    expect(voted.sentences[0]).toEqual({ text: 'Mexico swore in its first female president on Tuesday.', citation: 2 });
  });
});

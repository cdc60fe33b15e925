// Answer redundancy: the candidate answers of a sentence, and the sentence holding the name that
// several leading articles agree on beating one that names something only one article mentions.
import { describe, expect, it } from 'vitest';
import { answerCandidates, sentenceVotes } from '../../src/answer/votes.js';

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
  it('gives the most to the sentence naming what several articles agree on', () => {
    const votes = sentenceVotes(
      [
        { source: 0, text: 'Officials from Belgium watched as the first female president was sworn in.', score: 0.9 },
        { source: 0, text: 'Claudia Sheinbaum took office in Mexico on Tuesday.', score: 0.5 },
        { source: 1, text: 'Mexico swore in its first female president, Claudia Sheinbaum.', score: 0.8 },
        { source: 2, text: 'In Mexico City crowds cheered the president.', score: 0.4 },
      ],
      'place',
      q,
    );
    expect(votes[2]).toBe(1);
    expect(votes[0]).toBeCloseTo(0.9 / 1.3);
  });
  it('counts an article once, at its best sentence', () => {
    const votes = sentenceVotes(
      [
        { source: 0, text: 'In Belgium, Belgium and Belgium again.', score: 0.6 },
        { source: 0, text: 'In Belgium too.', score: 0.6 },
        { source: 1, text: 'It was Mexico.', score: 0.4 },
        { source: 2, text: 'It is Mexico indeed.', score: 0.4 },
      ],
      'place',
      q,
    );
    expect(votes[2]).toBe(1);
    expect(votes[0]).toBeCloseTo(0.6 / 0.8);
  });
  it('is 0 everywhere without a candidate', () => {
    expect(sentenceVotes([{ source: 0, text: 'nothing here at all.', score: 1 }], 'place', q)).toEqual([0]);
  });
});

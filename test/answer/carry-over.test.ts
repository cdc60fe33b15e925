// What a follow-up carries over (pure): when a question leans on the turn before (a pronoun, "what
// about …", "and after that?", a very short question) it gets the previous question's content words,
// its dates and its sources preferred; a question that stands alone is asked alone.
import { describe, expect, it } from 'vitest';
import { carryOver, contentWords, leaning, subjectOf, turnOf, type Turn } from '../../src/answer/carry-over.js';

const NOW = '2019-03-20';
const madrid: Turn = {
  text: 'Which group was most likely behind the raid on the embassy in Madrid?',
  subject: 'the raid on the embassy in Madrid',
  from: '2019-02-01',
  to: '2019-03-31',
  sources: ['u:madrid', 'u:other'],
  lastDate: '2019-03-18',
};

describe('leaning', () => {
  it.each([
    ['Who leads them?', 'pronoun'],
    ['Was the CIA involved in it?', 'pronoun'],
    ['What did the police say about that?', 'pronoun'],
    ['What about the FBI?', 'what-about'],
    ['And the Spanish police?', 'what-about'],
    ['And after that?', 'after-that'],
    ['What happened next?', 'after-that'],
    ['What was their motive?', 'pronoun'],
    ['Why?', 'short'],
    ['Any arrests?', 'short'],
  ])('%s → %s', (q, want) => {
    expect(leaning(q)).toBe(want);
  });

  it.each([
    'Who is Benoit Quennedey, the French civil servant?',
    'Which Russian military hackers targeted the chemical weapons watchdog in The Hague?',
    'Did Mossad recruit informants through fake job advertisements?',
    'Which US car manufacturer announced plans to scale back its diversity schemes?',
    "Who won this week's cup final in Riverside?",
    // "that" as a conjunction is not a pronoun
    'Did McAfee say that Lazarus ran Operation SHARPSHOOTER?',
  ])('stands alone: %s', (q) => {
    expect(leaning(q)).toBeUndefined();
  });
});

describe('carryOver', () => {
  it('a leaning follow-up carries the content words it lacks, the dates, and prefers the sources', () => {
    const f = carryOver('Who leads them?', madrid, {}, NOW);
    expect(f.leans).toBe('pronoun');
    expect(f.query.text).toBe('Who leads them? group likely behind raid embassy Madrid');
    expect(f.query).toMatchObject({ from: '2019-02-01', to: '2019-03-31', prefer: ['u:madrid', 'u:other'] });
    expect(f.about).toBe('the raid on the embassy in Madrid');
  });

  it('words the follow-up already has are not repeated', () => {
    const f = carryOver('What about the raid in Madrid by the FBI?', madrid, {}, NOW);
    expect(f.query.text).toBe('What about the raid in Madrid by the FBI? group likely behind embassy');
  });

  it('"and after that?" searches from the day after the newest article cited', () => {
    const f = carryOver('And after that?', madrid, {}, NOW);
    expect(f.leans).toBe('after-that');
    expect(f.query.from).toBe('2019-03-19');
    expect(f.query.to).toBeUndefined();
  });

  it("the follow-up's own dates (its words or the options) win over the carried ones", () => {
    expect(carryOver('What about in 2018?', madrid, {}, NOW).query).not.toHaveProperty('from', '2019-02-01');
    expect(carryOver('Who leads them?', madrid, { from: '2017-01-01' }, NOW).query.from).toBe('2017-01-01');
  });

  it('a question that stands alone, or a first question, is asked as it is', () => {
    const alone = carryOver('Who is Benoit Quennedey, the French civil servant?', madrid, { author: 'Ian' }, NOW);
    expect(alone).toEqual({ query: { author: 'Ian', text: 'Who is Benoit Quennedey, the French civil servant?' } });
    expect(carryOver('Who leads them?', undefined, {}, NOW)).toEqual({ query: { text: 'Who leads them?' } });
  });

  it('a chain of follow-ups keeps the first subject and a bounded query', () => {
    let turn = madrid;
    for (const q of ['Who leads them?', 'And after that?', 'Why?', 'What about the FBI?', 'Any arrests?']) {
      const f = carryOver(q, turn, {}, NOW);
      turn = turnOf({ query: f.query, about: f.about }, { sources: [{ articleId: 'u:madrid', date: '2019-03-18' }] });
      expect(contentWords(f.query.text).length).toBeLessThanOrEqual(contentWords(q).length + 12);
    }
    expect(turn.subject).toBe('the raid on the embassy in Madrid');
  });
});

describe('subjectOf and turnOf', () => {
  it('the subject starts at the first article or name after the question words', () => {
    expect(subjectOf('Which group was most likely behind the raid on the embassy in Madrid?')).toBe(
      'the raid on the embassy in Madrid',
    );
    expect(subjectOf('Who is Benoit Quennedey?')).toBe('Benoit Quennedey');
    expect(subjectOf('why did prices rise')).toBe('prices rise');
  });

  it('a turn remembers its window, sources in order and the newest source date', () => {
    const t = turnOf(
      { query: { text: 'Who raided the embassy in Madrid?' } },
      {
        sources: [
          { articleId: 'a', date: '2019-03-18' },
          { articleId: 'b', date: '2019-03-25' },
          { articleId: 'c', date: null },
        ],
        window: { from: '2019-03-01', to: null },
      },
    );
    expect(t).toEqual({
      text: 'Who raided the embassy in Madrid?',
      subject: 'the embassy in Madrid',
      from: '2019-03-01',
      sources: ['a', 'b', 'c'],
      lastDate: '2019-03-25',
    });
  });
});

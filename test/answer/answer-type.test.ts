// Answer types: what a question asks for, whether a sentence holds one the question does not already
// say, and that the answer then quotes the sentence naming the answer over one repeating the question.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerType,
  fitsType,
  fitsTypeNlp,
  loadTagger,
  nameRuns,
  type AnswerType,
} from '../../src/answer/answer-type.js';
import { buildAnswer } from '../../src/answer/build.js';
import type { Passage, SearchResult } from '../../src/search/types.js';

beforeAll(loadTagger);

describe('answerType', () => {
  const table: [string, AnswerType | undefined][] = [
    ['Who won the Riverside Marathon?', 'person'],
    ['Whose novel won the prize?', 'person'],
    ['Where did the debate take place?', 'place'],
    ['Which city hosted the summit?', 'place'],
    ['A former aide was charged with being an agent of which country?', 'place'],
    ['In which state did the wildfire start?', 'place'],
    ['When is the new store expected to open?', 'date'],
    ['What year did the bridge open?', 'date'],
    ['For how many days did the allies call for a ceasefire?', 'number'],
    ['How old did he turn?', 'number'],
    ['What percentage of voters backed the plan?', 'number'],
    ['Which company attempted the first commercial spacewalk?', 'name'],
    ['What award did the film win?', 'name'],
    ['What is the name of the storm?', 'name'],
    ['Why did the judge block the rule?', undefined],
    ['How did the markets react?', undefined],
    ['What is Operation SHARPSHOOTER?', undefined],
    ['What did the minister say?', undefined],
  ];
  it.each(table)('%s → %s', (q, type) => {
    expect(answerType(q)).toBe(type);
  });
});

describe('fitsType', () => {
  const table: [string, AnswerType, string, boolean][] = [
    ['Amara Osei won the race on Sunday.', 'person', 'Who won the race?', true],
    // only the question's own name: it repeats the question, it does not answer it
    ['The Riverside Marathon was run on Sunday.', 'person', 'Who won the Riverside Marathon?', false],
    ['Officials said the race went well.', 'person', 'Who won the race?', false],
    ['The pope flew on to Singapore on Friday.', 'place', 'Which country did the pope visit last?', true],
    ['It opens on Oct. 13, the company said.', 'date', 'When does the store open?', true],
    ['It opens soon, the company said.', 'date', 'When does the store open?', false],
    ['They called for a 21-day ceasefire.', 'number', 'For how many days was the ceasefire?', true],
    ['He turned 100 on Tuesday.', 'number', 'How old did he turn after 99 years?', true],
    ['He celebrated with his family.', 'number', 'How old did he turn?', false],
    ['SpaceX flew the mission.', 'name', 'Which company attempted the spacewalk?', true],
    ['The mission was flown by Axiom.', 'name', 'Which company attempted the spacewalk?', true],
    ['Engineers flew the mission.', 'name', 'Which company attempted the spacewalk?', false],
  ];
  it.each(table)('%s (%s for "%s") → %s', (sentence, type, question, fits) => {
    expect(fitsType(sentence, type, question)).toBe(fits);
  });

  it('finds names but not a sentence-initial word, months or function words', () => {
    expect(nameRuns('The Biden administration said on Monday that Ketanji Brown Jackson met MTV in May.')).toEqual([
      ['Biden'],
      ['Ketanji', 'Brown', 'Jackson'],
      ['MTV'],
    ]);
    expect(nameRuns('Officials said so.')).toEqual([]);
  });
});

describe('fitsTypeNlp (the compromise tagger)', () => {
  const debate = 'Which city hosted the debate between Kamala Harris and Donald Trump?';
  const table: [string, AnswerType, string, boolean][] = [
    ["Kamala Harris and Donald Trump's showdown in Philadelphia will be a major test.", 'place', debate, true],
    ['Donald Trump and Kamala Harris met for the first time on the debate stage.', 'place', debate, false],
    [
      'Lebanon is on edge after a wave of handheld device detonations.',
      'place',
      'Which country was rocked by explosions?',
      true,
    ],
    [
      'Ford spokeswoman Maria Buczkowski said the industry would benefit.',
      'person',
      'Who spoke for the industry?',
      true,
    ],
    [
      'Thirty-six ports shut down as 45,000 workers walked off the job.',
      'number',
      'How many workers went on strike?',
      true,
    ],
    ['It opens on Oct. 13, the company said.', 'date', 'When does the store open?', true],
  ];
  it.each(table)('%s (%s) → %s', (sentence, type, question, fits) => {
    expect(fitsTypeNlp(sentence, type, question)).toBe(fits);
  });
});

describe('the answer quotes the sentence that answers', () => {
  const repeats = 'The Riverside Marathon was won in record time, said the organisers of the Riverside Marathon.';
  // the tagger knows people by their first names (an unknown one, like "Amara", is not a person to it)
  const answers = 'Sarah Osei won the Riverside Marathon in 2:08:41, a course record.';
  const text = `${repeats} ${answers}`;
  const passage: Passage = {
    chunkId: 1,
    articleId: 'u:race',
    ordinal: 1,
    start: 0,
    end: text.length,
    text,
    title: 'Race report',
    author: null,
    date: '2025-06-01',
    url: null,
    score: 1,
  };
  const result: SearchResult = { query: { text: 'q' }, covered: true, passages: [passage], related: [], timings: {} };
  const question = 'Who won the Riverside Marathon?';

  it('by words alone, the sentence repeating the question wins; with the answer type, the one naming the winner', () => {
    const words = buildAnswer(question, result, { typeWeight: 0, maxSentences: 1 });
    expect(words.sentences[0].text).toBe(repeats);
    for (const typeModel of ['nlp', 'surface'] as const) {
      const typed = buildAnswer(question, result, { typeWeight: 0.3, typeModel, maxSentences: 1 });
      expect(typed.sentences[0].text).toBe(answers);
    }
  });

  it('the meaning of a sentence (cosine given by the caller) counts too', () => {
    const semantic = new Map([
      [answers, 0.9],
      [repeats, 0.6],
    ]);
    const a = buildAnswer(question, result, { typeWeight: 0, semanticWeight: 1, semantic, maxSentences: 1 });
    expect(a.sentences[0].text).toBe(answers);
  });
});

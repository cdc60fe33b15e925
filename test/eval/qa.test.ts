// The QA layout's scoring, as the realtimeqa-2024 set's README defines it: whole-word matches
// after normalising, strict / top-3 / wrong / in the question's week; and the folder's validation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { half, isTimeRelative, loadQa, norm, occurs, rates, scoreAnswer, type QaQuestion } from '../../src/eval/qa.js';

const q: QaQuestion = {
  id: '1',
  date: '2025-06-07',
  question: 'Who won the Riverside Marathon this week?',
  choices: ['Amara Osei', 'Daniel Kiptoo', 'Mei Tanaka', 'Sofia Brandt'],
  answer: 'Amara Osei',
  inArchive: true,
};
const src = (passage: string, date: string | null = '2025-06-01') => ({ passage, date });

describe('QA scoring', () => {
  it('normalises (NFKC, case, punctuation) and matches whole words only', () => {
    expect(norm('Shōgun — “Record”!')).toBe(' shōgun record ');
    expect(occurs('Osei', 'Amara OSEI, 26, won.')).toBe(true);
    expect(occurs('Ford', 'Ms Fordham said')).toBe(false);
    expect(occurs('$7.25', 'the wage is $7.25 an hour')).toBe(true);
  });

  it('strict: the answer sentences hold the choice; wrong: another choice and not the right one', () => {
    const right = scoreAnswer(q, { covered: true, sentences: ['Amara Osei won.'], sources: [src('x')] });
    expect(right).toMatchObject({ strict: true, wrong: false, covered: true, inWeek: true });
    const wrong = scoreAnswer(q, { covered: true, sentences: ['Daniel Kiptoo won.'], sources: [src('x')] });
    expect(wrong).toMatchObject({ strict: false, wrong: true });
    const both = scoreAnswer(q, {
      covered: true,
      sentences: ['Osei beat Kiptoo.', 'Amara Osei and Daniel Kiptoo'],
      sources: [],
    });
    expect(both).toMatchObject({ strict: true, wrong: false });
  });

  it('top-3 looks at the first three sources only; not covered scores nothing', () => {
    const far = [src('a'), src('b'), src('c'), src('Amara Osei')];
    expect(scoreAnswer(q, { covered: true, sentences: [], sources: far }).top3).toBe(false);
    expect(scoreAnswer(q, { covered: true, sentences: [], sources: far.slice(1) }).top3).toBe(true);
    const none = scoreAnswer(q, { covered: false, sentences: ['Amara Osei'], sources: [src('Amara Osei')] });
    expect(none).toEqual({
      strict: false,
      top3: false,
      wrong: false,
      covered: false,
      inWeek: false,
      firstHolds: false,
    });
  });

  it('sentence oracle: a sentence of the first source holds the answer, whether or not the answer quotes it', () => {
    const first = src('The race was run on Sunday. Amara Osei won it in record time. Crowds cheered.');
    const missed = scoreAnswer(q, { covered: true, sentences: ['The race was run on Sunday.'], sources: [first] });
    expect(missed).toMatchObject({ strict: false, firstHolds: true });
    const quoted = scoreAnswer(q, { covered: true, sentences: ['Amara Osei won it.'], sources: [first] });
    expect(rates([missed, quoted])).toMatchObject({ strict: 0.5, firstHolds: 1, firstMissed: 0.5 });
    // only the first source counts, and a name split across two sentences is not "held" by either
    const second = scoreAnswer(q, { covered: true, sentences: [], sources: [src('Crowds.'), first] });
    expect(second.firstHolds).toBe(false);
    const split = scoreAnswer(q, { covered: true, sentences: [], sources: [src('It was Amara. Osei came second.')] });
    expect(split.firstHolds).toBe(false);
    expect(scoreAnswer(q, { covered: false, sentences: [], sources: [first] }).firstHolds).toBe(false);
  });

  it('in week: the first source dated within the 7 days before the question, both ends included', () => {
    const week = (date: string | null) =>
      scoreAnswer(q, { covered: true, sentences: [], sources: [src('x', date)] }).inWeek;
    expect(week('2025-05-31')).toBe(true);
    expect(week('2025-06-07')).toBe(true);
    expect(week('2025-05-30')).toBe(false);
    expect(week('2025-06-08')).toBe(false);
    expect(week(null)).toBe(false);
  });

  it("rates are shares; time-relative questions are the README's four phrases", () => {
    const s = scoreAnswer(q, { covered: true, sentences: ['Amara Osei'], sources: [src('x')] });
    const n = scoreAnswer(q, { covered: false, sentences: [], sources: [] });
    expect(rates([s, n])).toEqual({
      questions: 2,
      strict: 0.5,
      top3: 0,
      wrong: 0,
      covered: 0.5,
      inWeek: 0.5,
      firstHolds: 0,
      firstMissed: 0,
    });
    expect(isTimeRelative(q)).toBe(true);
    expect(isTimeRelative({ ...q, question: "Who won Sunday's race?" })).toBe(false);
    expect(isTimeRelative({ ...q, question: 'Which firm recently raised fees?' })).toBe(true);
  });
});

describe('half', () => {
  it('splits by the number the id ends with, else by position', () => {
    expect([half({ id: '20240906_0' }, 5), half({ id: '20240906_13' }, 0), half({ id: '7' }, 0)]).toEqual([0, 1, 1]);
    expect([half({ id: 'abc' }, 0), half({ id: 'abc' }, 3)]).toEqual([0, 1]);
    // a long numeric id does not lose its parity to floating point
    expect(half({ id: '123456789012345678901' }, 0)).toBe(1);
  });
});

describe('loadQa', () => {
  it('reads a folder and names the file and line of a bad question', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-qa-'));
    try {
      fs.writeFileSync(path.join(dir, 'archive.jsonl'), '');
      fs.writeFileSync(path.join(dir, 'questions.jsonl'), `${JSON.stringify(q)}\n`);
      expect(loadQa(dir).questions).toEqual([q]);
      fs.writeFileSync(
        path.join(dir, 'questions.jsonl'),
        `${JSON.stringify(q)}\n${JSON.stringify({ ...q, answer: 'Nobody' })}\n`,
      );
      expect(() => loadQa(dir)).toThrow(/questions\.jsonl:2: the answer is not one of the choices/);
      fs.writeFileSync(path.join(dir, 'questions.jsonl'), `${JSON.stringify({ ...q, date: '7 June' })}\n`);
      expect(() => loadQa(dir)).toThrow(/questions\.jsonl:1: date/);
      fs.writeFileSync(path.join(dir, 'questions.jsonl'), `${JSON.stringify(q)}\n{"id": 2,\n`);
      expect(() => loadQa(dir)).toThrow(/questions\.jsonl:2: not valid JSON/);
      fs.rmSync(path.join(dir, 'archive.jsonl'));
      expect(() => loadQa(dir)).toThrow(/archive\.jsonl and questions\.jsonl/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

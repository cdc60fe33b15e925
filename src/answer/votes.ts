// Answer redundancy: the names (or numbers) of the asked kind that the leading articles repeat in
// sentences about the question. A news event is reported by several articles; the one name they
// agree on next to the question's words is the answer more often than the name one sentence repeats
// from the question. Each candidate's support is the sum, over the articles that say it, of its best
// sentence's word evidence there; a sentence is worth the support of the best candidate it holds. Pure.
import { fold } from '../text/fold.js';
import { MONTHS } from '../search/days.js';
import { stem } from '../search/terms.js';
import { nameRuns, taggedNames, type AnswerType } from './answer-type.js';

const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred'.split(
    ' ',
  ),
);
const MONTH = new RegExp(`^(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)$`);

const key = (w: string) => fold(w).replace(/[’']s$/, '');
const stemKey = (w: string) => stem(key(w));

/** A figure by its digits: "$14,000" and "14,000" are one answer, "17-minute" and "17" too. */
const figure = (k: string) => (/[\d.,]*\d/.exec(k)?.[0] ?? k).replace(/,/g, '');

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}$][\p{L}\p{N}'’.,$-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [];
}

/**
 * The candidate answers of the asked type in a sentence, folded: for names, the runs of capitalised
 * words with the question's own words cut out ("Apple Music Super Bowl" → "apple music" when the
 * question names the Super Bowl); for numbers, the figures; for dates, months and years.
 */
export function answerCandidates(sentence: string, type: AnswerType, question: string, tagged = false): string[] {
  const qWords = question.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const known = new Set([...qWords.map(key), ...qWords.map(stemKey)]);
  const out = new Set<string>();
  if (type === 'number' || type === 'date') {
    for (const t of tokens(sentence)) {
      const k = key(t).replace(/[.,]$/, '');
      const year = /^(1[89]|20)\d\d$/.test(k);
      if (type === 'date' ? MONTH.test(k) || year : NUMBER_WORDS.has(k) || (/\d/.test(k) && !year)) {
        const v = /\d/.test(k) && type === 'number' ? figure(k) : k;
        if (!known.has(k) && !known.has(v)) out.add(v);
      }
    }
    return [...out];
  }
  const runs = tagged ? (taggedNames(sentence, type) ?? nameRuns(sentence)) : nameRuns(sentence);
  for (const run of runs) {
    let part: string[] = [];
    const flush = () => {
      if (part.length) out.add(part.join(' '));
      part = [];
    };
    for (const w of run) {
      if (known.has(key(w)) || known.has(stemKey(w))) flush();
      else part.push(key(w));
    }
    flush();
  }
  return [...out];
}

export interface VoteSentence {
  /** which article (source) the sentence is in */
  source: number;
  text: string;
  /** the sentence's word evidence for the question (≥ 0 counts) */
  score: number;
}

/**
 * The vote of each sentence (0..1): the support of the best candidate it holds over the best support
 * of any candidate. Support of a candidate: Σ over articles of the best word score of a sentence of
 * that article holding it. With one article, or no candidate, every vote is 0.
 */
export function sentenceVotes(sentences: VoteSentence[], type: AnswerType, question: string, tagged = false): number[] {
  const found = sentences.map((s) => (s.score > 0 ? answerCandidates(s.text, type, question, tagged) : []));
  // a candidate is supported by every sentence that says it, found there or not ("Mexico" by a sentence
  // naming "Mexico City"): whole words of the folded text; figures by their digits
  const said = sentences.map((s) => (s.score > 0 ? ` ${spoken(s.text, type)} ` : ''));
  const support = new Map<string, number>();
  for (const c of new Set(found.flat())) {
    const best = new Map<number, number>();
    sentences.forEach((s, i) => {
      if (said[i].includes(` ${c} `)) best.set(s.source, Math.max(best.get(s.source) ?? 0, s.score));
    });
    support.set(
      c,
      [...best.values()].reduce((a, b) => a + b, 0),
    );
  }
  const top = Math.max(0, ...support.values());
  if (top <= 0) return sentences.map(() => 0);
  // a sentence is worth the best candidate it says (a sentence-initial "Mexico" is no run of names,
  // but the sentence says it)
  return said.map((t) => {
    let best = 0;
    for (const [c, v] of support) if (v > best && t.includes(` ${c} `)) best = v;
    return best / top;
  });
}

/** The sentence's words as candidates are written: folded, figures by their digits. */
function spoken(text: string, type: AnswerType): string {
  const ws = tokens(text).map((t) => {
    const k = key(t).replace(/[.,]$/, '');
    return type === 'number' && /\d/.test(k) ? figure(k) : k;
  });
  return ws.join(' ');
}

// The kind of answer a question asks for (who → a person's name, where → a place, when → a date,
// how many → a number, which/what X → a name) and whether a sentence holds one that the question
// does not already say. Surface cues only (capitals, digits, month names): no tagger. Pure.
import { MONTHS } from '../search/days.js';
import { isStopWord } from '../search/terms.js';
import { fold } from '../text/fold.js';

export type AnswerType = 'person' | 'place' | 'date' | 'number' | 'name';

const AUX = new Set(
  'is are was were be been do does did has have had can could will would should may might must shall'.split(' '),
);
const PLACE_NOUNS =
  'city|country|countries|state|states|town|nation|island|region|continent|place|county|capital|province|location|venue|neighborhood|neighbourhood|district|border|area';
const DATE_NOUNS = 'date|day|month|year|decade|century|time';
const NUMBER_NOUNS = 'percentage|percent|number|share|age|amount|proportion|rate|total|price|cost|score|margin';

/** The answer type of a question, from its first question word; undefined for why/how/what-is questions. */
export function answerType(question: string): AnswerType | undefined {
  const q = fold(question).replace(/[’']/g, "'");
  if (/\bhow (many|much|old|long|far|tall|big|large|high|fast|often)\b/.test(q)) return 'number';
  const m = /\b(who|whom|whose|where|when|which|what)\b(?:\s+(?:of\s+)?(?:the\s+)?([a-z'-]+))?/.exec(q);
  if (!m) return undefined;
  const [, wh, next = ''] = m;
  if (wh === 'who' || wh === 'whom' || wh === 'whose') return 'person';
  if (wh === 'where') return 'place';
  if (wh === 'when') return 'date';
  if (new RegExp(`^(${PLACE_NOUNS})$`).test(next)) return 'place';
  if (new RegExp(`^(${DATE_NOUNS})s?$`).test(next)) return 'date';
  if (new RegExp(`^(${NUMBER_NOUNS})$`).test(next)) return 'number';
  if (wh === 'which') return 'name';
  // "what company/team/award …" asks for a name; "what is/did …" may ask for anything
  if (next === 'name' || (next && !AUX.has(next) && !isStopWord(next))) return 'name';
  if (/\bwhat (is|was|are|were) the name\b/.test(q)) return 'name';
  return undefined;
}

const NUMBER_WORDS =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions|half|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/i;
const MONTH_NAMES = new RegExp(
  `\\b(${MONTHS.map((m) => `${m[0].toUpperCase()}${m.slice(1)}`).join('|')}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\b`,
);
const WEEKDAY = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const YEAR = /\b(1[89]\d\d|20\d\d)s?\b/;

/** Word tokens with their offsets, keeping case and inner apostrophes/hyphens ("O'Brien", "Jean-Luc"). */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}

const isCapitalised = (w: string) => /^\p{Lu}/u.test(w) || /^\p{N}*\p{Lu}/u.test(w);
const NOT_NAMES = new RegExp(`^(${MONTH_NAMES.source}|${WEEKDAY.source}|i|mr|mrs|ms|dr)$`, 'i');

/**
 * Runs of capitalised words that are not sentence-initial function words, months or weekdays:
 * the candidate names of a sentence ("Ketanji Brown Jackson", "Singapore", "MTV").
 */
export function nameRuns(sentence: string): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  let runStart = 0;
  // a lone capitalised first word is just the start of the sentence ("Officials said …"), unless it
  // has more capitals than a sentence start gives it ("SpaceX", "MTV")
  const close = () => {
    const lone = runStart === 0 && run.length === 1 && (run[0].match(/\p{Lu}/gu) ?? []).length < 2;
    if (run.length && !lone) out.push(run);
    run = [];
  };
  tokens(sentence).forEach((w, i) => {
    const stop = isStopWord(w.toLowerCase());
    if (isCapitalised(w) && !NOT_NAMES.test(w) && !(stop && run.length === 0)) {
      if (!run.length) runStart = i;
      run.push(w);
    } else close();
  });
  close();
  return out;
}

/**
 * Whether the sentence holds something of the asked type that the question does not already hold:
 * a sentence that only repeats the question's own names does not answer it.
 */
export function fitsType(sentence: string, type: AnswerType, question: string): boolean {
  const known = new Set(tokens(question).map((w) => fold(w).replace(/[’']s$/, '')));
  const isNew = (w: string) => !known.has(fold(w).replace(/[’']s$/, ''));
  if (type === 'number') {
    const nums = tokens(sentence).filter((w) => /\d/.test(w) || NUMBER_WORDS.test(w));
    return nums.some(isNew);
  }
  if (type === 'date') {
    const dates = tokens(sentence).filter((w) => MONTH_NAMES.test(w) || WEEKDAY.test(w) || YEAR.test(w));
    return dates.some(isNew);
  }
  const runs = nameRuns(sentence).filter((r) => r.some(isNew));
  if (type === 'person') return runs.some((r) => r.length >= 2);
  return runs.length > 0;
}

type Tagger = typeof import('compromise').default;
let tagger: Tagger | undefined;

/** Loads the compromise tagger (once; ~50 ms): only when answer types are weighed. */
export async function loadTagger(): Promise<void> {
  tagger ??= (await import('compromise')).default;
}

/** The same test with compromise's part-of-speech tagger finding the people, places and names
 * (~1 ms a sentence on this machine: the answer checks the best 16 by words). */
export function fitsTypeNlp(sentence: string, type: AnswerType, question: string): boolean {
  // dates by their surface cues; without the tagger loaded (loadTagger), the surface test for all
  if (type === 'date' || !tagger) return fitsType(sentence, type, question);
  const known = new Set(tokens(question).map((w) => fold(w).replace(/[’']s$/, '')));
  const isNew = (phrase: string) => tokens(phrase).some((w) => !known.has(fold(w).replace(/[’']s$/, '')));
  const doc = tagger(sentence);
  const found =
    type === 'person'
      ? doc.people().out('array')
      : type === 'place'
        ? doc.places().out('array')
        : type === 'number'
          ? doc.numbers().out('array')
          : doc.topics().out('array');
  return (found as string[]).some(isNew);
}

/** The people, places or names (topics) the tagger finds in a sentence, as word lists; undefined
 * without the tagger loaded (loadTagger) or for numbers and dates. */
export function taggedNames(sentence: string, type: AnswerType): string[][] | undefined {
  if (!tagger || type === 'number' || type === 'date') return undefined;
  const doc = tagger(sentence);
  const found = (type === 'person' ? doc.people() : type === 'place' ? doc.places() : doc.topics()).out(
    'array',
  ) as string[];
  return found.map((f) => tokens(f));
}

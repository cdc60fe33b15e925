// Sentence splitter for news prose: spans (character offsets) of the sentences of a text.
// Shared by the chunker (chunks never cut a sentence) and the answer builder (it cites sentences).

export interface Span {
  start: number;
  end: number;
}

// Words that end with a period without ending the sentence (compared lower-case, without the dot).
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'ft',
  'rev',
  'hon',
  'messrs',
  'mme',
  'mlle',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'cpt',
  'sgt',
  'cpl',
  'pvt',
  'adm',
  'cmdr',
  'cdr',
  'brig',
  'gov',
  'sen',
  'rep',
  'pres',
  'sens',
  'reps',
  'govs',
  'gens',
  'amb',
  'supt',
  'insp',
  'det',
  'atty',
  'sec',
  'dept',
  'univ',
  'assn',
  'bros',
  'inc',
  'ltd',
  'co',
  'corp',
  'plc',
  'llc',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'tues',
  'wed',
  'thu',
  'thur',
  'thurs',
  'fri',
  'sat',
  'sun',
  'no',
  'nos',
  'vol',
  'vols',
  'pp',
  'p',
  'para',
  'fig',
  'figs',
  'art',
  'ch',
  'sec',
  'approx',
  'est',
  'ca',
  'cf',
  'vs',
  'v',
  'al',
  'op',
  'ed',
  'eds',
  'trans',
  'ave',
  'blvd',
  'rd',
  'hwy',
]);

// After an acronym like "U.S." a capitalised word usually continues the sentence ("the U.S. Navy"),
// unless it is one of these common sentence openers ("... in the U.S. The next day ...").
const SENTENCE_OPENERS = new Set([
  'the',
  'a',
  'an',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'this',
  'that',
  'these',
  'those',
  'there',
  'but',
  'and',
  'in',
  'on',
  'at',
  'as',
  'after',
  'before',
  'however',
  'meanwhile',
  'according',
  'his',
  'her',
  'their',
  'its',
  'our',
  'some',
  'many',
  'one',
  'two',
  'when',
  'while',
  'if',
  'since',
  'earlier',
  'later',
  'last',
  'also',
  'still',
]);

const CLOSERS = '"\'\u201d\u2019)]\u00bb';
const OPENERS = '"\'\u201c\u2018([\u00ab';

function isUpperStart(ch: string): boolean {
  return /[\p{Lu}\p{N}]/u.test(ch) || OPENERS.includes(ch);
}

/** The word (letters, digits, dots) that ends right before position `dot` in `text`. */
function wordBefore(text: string, dot: number): string {
  let i = dot;
  while (i > 0 && /[\p{L}\p{N}.]/u.test(text[i - 1])) i--;
  return text.slice(i, dot);
}

function nextWord(text: string, from: number): string {
  const m = /^[\p{L}\p{N}]+/u.exec(text.slice(from, from + 40));
  return m ? m[0] : '';
}

/** Is the terminator run text[start..end) (e.g. ".", "?!", '."') a sentence end, given what follows? */
function endsSentence(text: string, punct: number, afterSpace: number): boolean {
  const next = text[afterSpace];
  if (next === undefined) return true;
  const ch = text[punct];
  if (ch !== '.') return isUpperStart(next) || next === '-' || next === '\u2014';
  if (!isUpperStart(next)) return false;
  const word = wordBefore(text, punct);
  if (!word) return true; // "..." or a lone dot
  const bare = word.replace(/\.+$/, '');
  const lower = bare.toLowerCase();
  if (ABBREVIATIONS.has(lower)) {
    // "Jan. 5" / "No. 10" / "Mr. Smith": never a sentence end before a number or a name
    return false;
  }
  // single initials: "John F. Kennedy", "J. Edgar Hoover"
  if (/^\p{Lu}$/u.test(bare)) return false;
  // acronyms with inner dots: "U.S.", "U.K.", "a.m."
  if (bare.includes('.')) {
    const nw = nextWord(text, OPENERS.includes(next) ? afterSpace + 1 : afterSpace).toLowerCase();
    return SENTENCE_OPENERS.has(nw);
  }
  return true;
}

/**
 * Splits text into sentence spans, trimmed of surrounding whitespace, in order and non-overlapping.
 * Paragraph breaks (blank lines) always end a sentence; a single newline ends one when the line
 * before it ends like a heading or sentence. body.slice(s.start, s.end) is the sentence.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) spans.push({ start, end });
  };
  let sentenceStart = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n') {
      // blank line (paragraph break) or a line ending without punctuation after a heading
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j < n && text[j] === '\n') {
        push(sentenceStart, i);
        while (j < n && /\s/.test(text[j])) j++;
        sentenceStart = j;
        i = j;
        continue;
      }
      i++;
      continue;
    }
    if (ch === '.' || ch === '!' || ch === '?' || ch === '\u2026') {
      let j = i + 1;
      while (j < n && (text[j] === '.' || text[j] === '!' || text[j] === '?' || text[j] === '\u2026')) j++;
      while (j < n && CLOSERS.includes(text[j])) j++;
      const end = j;
      let k = j;
      while (k < n && /[ \t\r\n\u00a0]/.test(text[k])) k++;
      if (k === end && k < n) {
        // no space after the terminator: "3.5", "intelNews.org", "U.S": not a boundary
        i = j;
        continue;
      }
      if (endsSentence(text, i, k)) {
        push(sentenceStart, end);
        sentenceStart = k;
      }
      i = j;
      continue;
    }
    i++;
  }
  push(sentenceStart, n);
  return spans;
}

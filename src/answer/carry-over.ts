// Follow-up questions (pure): does a question lean on the turn before it (a pronoun, "what about …",
// "and after that?", a very short question)? Then the previous question's content words and date
// window carry over and its sources weigh more; a question that stands alone is asked alone.
import { addDays, type IsoDay } from '../search/days.js';
import { readTime } from '../search/time.js';
import { isStopWord, words } from '../search/terms.js';
import type { SearchQuery } from '../search/types.js';

/** What a conversation remembers of one answered turn. */
export interface Turn {
  /** the question as it was searched (its own words and any carried over) */
  text: string;
  /** what it was about, said when a follow-up carries it ("the raid on the embassy in Madrid") */
  subject: string;
  /** the dates it was searched in (from its words, the options or carried) */
  from?: IsoDay;
  to?: IsoDay;
  /** the articles its answer cited, best first */
  sources: string[];
  /** the newest date among them */
  lastDate?: IsoDay;
}

export type Leaning = 'pronoun' | 'what-about' | 'after-that' | 'short';

export interface FollowUp {
  /** how the question leans on the previous turn; undefined: it stands alone */
  leans?: Leaning;
  /** the query to ask (the question's words, plus carried words and dates when it leans) */
  query: SearchQuery;
  /** "about: …" for the answer, when something was carried */
  about?: string;
}

// a question with this few content words cannot stand alone ("Why?", "Who else?", "When exactly?")
export const SHORT_QUESTION_TERMS = 2;
/** carried words at most (a long chain of follow-ups must not grow its query without end) */
export const MAX_CARRIED_WORDS = 12;

// personal and demonstrative pronouns point back ("Who leads them?"); "this week", "these days" do not
const PRONOUN =
  /\b(?:he|she|him|it|they|them|(?:this|these|those)(?!\s+(?:week|month|year|morning|afternoon|evening|weekend|days|past)))\b/i;
// possessives often point inside the question itself ("… scale back its diversity schemes"): they lean
// only in a question too short to name its own subject
const POSSESSIVE = /\b(?:his|her|hers|its|their|theirs)\b/i;
const POSSESSIVE_MAX_TERMS = 4;
// "that" is a pronoun after these words ("after that", "was that", "about that"), else often a conjunction
const THAT =
  /(?:^|\b(?:about|of|after|before|did|does|do|was|is|with|from|by|for|like|to)\s+)that\b(?!\s+(?:the|a|an)\b)/i;
const WHAT_ABOUT = /^\s*(?:and\s+)?(?:what|how)\s+about\b|^\s*and\b|^\s*(?:what|who)\s+else\b|^\s*also\b/i;
const AFTER_THAT =
  /\b(?:after\s+(?:that|this|it)|and\s+then|then\s+what|what\s+happened\s+(?:next|then|after(?:wards)?)|since\s+then|afterwards|later\s+on)\b/i;

/** Content words of a text in order, as typed (stop words and question words dropped). */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const w of text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []) {
    const key = words(w).join(' ');
    if (!key || isStopWord(key) || /^(?:happen(?:ed|s)?|else|then|next|now|exactly)$/i.test(key)) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(w);
  }
  return out;
}

/** How a question leans on the one before, or undefined when it stands alone. Pure. */
export function leaning(question: string): Leaning | undefined {
  if (AFTER_THAT.test(question)) return 'after-that';
  if (WHAT_ABOUT.test(question)) return 'what-about';
  const terms = contentWords(question).length;
  if (PRONOUN.test(question) || THAT.test(question)) return 'pronoun';
  if (POSSESSIVE.test(question) && terms <= POSSESSIVE_MAX_TERMS) return 'pronoun';
  if (terms <= SHORT_QUESTION_TERMS) return 'short';
  return undefined;
}

/**
 * What a question's subject is, for "about: …": from its first article or name after the question
 * words to the end ("Which group was behind the raid on the embassy in Madrid?" → "the raid on the
 * embassy in Madrid"), else its content words.
 */
export function subjectOf(question: string): string {
  const q = question.replace(/[?!.\s]+$/, '').trim();
  const tokens = q.split(/\s+/);
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (/^(?:the|a|an)$/i.test(t) || /^\p{Lu}/u.test(t)) {
      const s = tokens.slice(i).join(' ');
      if (contentWords(s).length) return s;
    }
  }
  return contentWords(q).join(' ') || q;
}

/**
 * The follow-up as it is asked: standing alone, its own query; leaning, its words plus the previous
 * turn's content words (those it does not have), the previous dates unless it names its own ("and
 * after that?": from the day after the newest article cited), and the previous sources preferred.
 */
export function carryOver(
  question: string,
  previous: Turn | undefined,
  base: Omit<SearchQuery, 'text'>,
  now: IsoDay,
): FollowUp {
  const query: SearchQuery = { ...base, text: question };
  const leans = previous ? leaning(question) : undefined;
  if (!previous || !leans) return { query };
  const own = new Set(contentWords(question).map((w) => words(w).join(' ')));
  const carried = contentWords(previous.text)
    .filter((w) => !own.has(words(w).join(' ')))
    .slice(0, MAX_CARRIED_WORDS);
  query.text = [question, ...carried].join(' ');
  const ownTime = readTime(question, now);
  const ownDates = !!(base.from || base.to || ownTime.from || ownTime.to);
  if (!ownDates) {
    if (leans === 'after-that') {
      const after = previous.lastDate ?? previous.to;
      if (after) {
        query.from = addDays(after, 1) <= now ? addDays(after, 1) : after;
        query.to = undefined;
      }
    } else {
      if (previous.from) query.from = previous.from;
      if (previous.to) query.to = previous.to;
    }
  }
  if (previous.sources.length) query.prefer = previous.sources;
  return { leans, query, about: previous.subject };
}

/** The turn to remember of an answered question (the query as searched, its window, its sources). */
export function turnOf(
  asked: { query: SearchQuery; about?: string },
  answer: {
    sources: { articleId: string; date: string | null }[];
    window?: { from: string | null; to: string | null };
  },
): Turn {
  const dates = answer.sources
    .map((s) => s.date)
    .filter((d): d is string => !!d)
    .sort();
  const from = answer.window?.from ?? asked.query.from;
  const to = answer.window?.to ?? asked.query.to;
  return {
    text: asked.query.text,
    subject: asked.about ?? subjectOf(asked.query.text),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    sources: answer.sources.map((s) => s.articleId),
    ...(dates.length ? { lastDate: dates[dates.length - 1] } : {}),
  };
}

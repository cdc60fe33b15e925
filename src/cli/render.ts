// Terminal rendering of answers and search results (pure): colours and OSC 8 clickable links
// when writing to a terminal that supports them, plain text when piped (the --json shapes: json.ts).
import type { Answer, Source } from '../answer/types.js';
import { NOT_COVERED } from '../answer/types.js';
import { noArticlesLine } from '../search/no-articles.js';
import { MONTH_NAMES } from '../search/days.js';
import { describeWindow, type AnswerWindow } from '../search/time.js';
import type { SearchResult } from '../search/types.js';
import { passageUrl } from '../text/fragment.js';

export interface Style {
  color: boolean;
  /** OSC 8 hyperlinks */
  links: boolean;
  /** wrap width for passages */
  width: number;
}

export const PLAIN: Style = { color: false, links: false, width: 100 };

/** Style for a stream: colour only on a TTY (and not with NO_COLOR), links where the terminal is known to support OSC 8. */
export function styleFor(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv = process.env): Style {
  const tty = !!stream.isTTY && env.TERM !== 'dumb';
  const color = tty && env.NO_COLOR === undefined && env.FORCE_COLOR !== '0';
  const links =
    tty &&
    (['iTerm.app', 'WezTerm', 'vscode', 'Hyper', 'ghostty', 'Tabby'].includes(env.TERM_PROGRAM ?? '') ||
      !!env.WT_SESSION ||
      !!env.KITTY_WINDOW_ID ||
      (env.TERM ?? '').includes('kitty') ||
      Number(env.VTE_VERSION ?? 0) >= 5000 ||
      env.FORCE_HYPERLINK === '1');
  return { color, links, width: Math.max(40, Math.min(stream.columns ?? 100, 120)) };
}

const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  under: [4, 24],
  cyan: [36, 39],
  yellow: [33, 39],
  green: [32, 39],
  magenta: [35, 39],
} as const;
type Sgr = keyof typeof SGR;

export function paint(st: Style, text: string, ...codes: Sgr[]): string {
  if (!st.color || !text) return text;
  return codes.reduce((s, c) => `\x1b[${SGR[c][0]}m${s}\x1b[${SGR[c][1]}m`, text);
}

/** The permalink as shown; with OSC 8, clicking it opens `target` (the page at the cited passage). */
export function hyperlink(st: Style, url: string, target = url): string {
  const shown = paint(st, url, 'cyan', 'under');
  return st.links ? `\x1b]8;;${target}\x1b\\${shown}\x1b]8;;\x1b\\` : shown;
}

/** Removes terminal control characters from archive text so a hostile article cannot drive the terminal. */
export function clean(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal control characters are what this strips
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** "2019-03-18" → "18 March 2019"; null → "date unknown" */
export function formatDate(d: string | null): string {
  const m = d ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(d) : null;
  if (!m) return 'date unknown';
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/** Word-wraps plain text (no escape codes) to `width`, each line prefixed by `indent`. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}

/**
 * The passage around its answering sentence(s), at most `budget` characters, with the sentences
 * marked: returned as pieces so the caller can style them (and wrap first).
 */
export function excerpt(
  passage: string,
  highlights: { start: number; end: number }[],
  budget = 360,
): { text: string; marked: boolean }[] {
  const hs = highlights
    .filter((h) => h.start >= 0 && h.end > h.start && h.end <= passage.length)
    .sort((a, b) => a.start - b.start);
  if (hs.length === 0) {
    const t = clean(passage);
    return [{ text: t.length > budget ? `${t.slice(0, budget).replace(/\s+\S*$/, '')} …` : t, marked: false }];
  }
  const from = hs[0].start;
  const to = hs[hs.length - 1].end;
  const room = Math.max(0, budget - (to - from));
  let start = Math.max(0, from - Math.floor(room * 0.4));
  let end = Math.min(passage.length, to + (room - (from - start)));
  // don't cut words
  if (start > 0) start = passage.indexOf(' ', start) + 1 || start;
  if (end < passage.length) end = passage.lastIndexOf(' ', end) > to ? passage.lastIndexOf(' ', end) : end;
  const pieces: { text: string; marked: boolean }[] = [];
  if (start > 0) pieces.push({ text: '…', marked: false });
  let at = start;
  for (const h of hs) {
    if (h.start > at) pieces.push({ text: clean(passage.slice(at, h.start)), marked: false });
    pieces.push({ text: clean(passage.slice(Math.max(h.start, at), h.end)), marked: true });
    at = Math.max(at, h.end);
  }
  if (end > at) pieces.push({ text: clean(passage.slice(at, end)), marked: false });
  if (end < passage.length) pieces.push({ text: '…', marked: false });
  return pieces.filter((p) => p.text);
}

/** Wraps styled pieces: wrapping happens on the plain words, styling per word so codes never break lines. */
function wrapPieces(st: Style, pieces: { text: string; marked: boolean }[], indent: string): string {
  const words: { w: string; marked: boolean }[] = [];
  for (const p of pieces) for (const w of p.text.split(' ')) if (w) words.push({ w, marked: p.marked });
  const lines: string[] = [];
  let line: string[] = [];
  let len = indent.length;
  for (const { w, marked } of words) {
    if (line.length && len + 1 + w.length > st.width) {
      lines.push(indent + line.join(' '));
      line = [];
      len = indent.length;
    }
    line.push(marked ? (st.color ? paint(st, w, 'bold', 'yellow') : w) : paint(st, w, 'dim'));
    len += (line.length > 1 ? 1 : 0) + w.length;
  }
  if (line.length) lines.push(indent + line.join(' '));
  // without colour, the answering sentence is marked with » « so it still stands out
  if (!st.color) {
    const plain = pieces.map((p) => (p.marked ? `»${p.text}«` : p.text)).join(' ');
    return wrap(plain, st.width, indent).join('\n');
  }
  return lines.join('\n');
}

function sourceHeader(
  st: Style,
  n: number | undefined,
  s: { title: string; author: string | null; date: string | null; url: string | null },
  /** the cited sentence: the link opens the page there (text fragment); the URL shown stays the permalink */
  cited?: string,
): string[] {
  const tag = n === undefined ? '•' : `[${n}]`;
  const out = [`${paint(st, tag, 'bold', 'green')} ${paint(st, clean(s.title), 'bold')}`];
  out.push(`    ${paint(st, `${s.author ? clean(s.author) : 'author unknown'}, ${formatDate(s.date)}`, 'dim')}`);
  const target = cited ? passageUrl(s.url, cited) : undefined;
  out.push(
    `    ${s.url ? hyperlink(st, s.url, target ?? s.url) : paint(st, 'no permalink in the archive', 'italic', 'dim')}`,
  );
  return out;
}

/** An answer for the terminal: cited sentences, then the numbered sources with the answering sentence highlighted. */
export function renderAnswer(answer: Answer, st: Style = PLAIN): string {
  const out: string[] = [];
  if (!answer.covered) {
    out.push(paint(st, NOT_COVERED, 'bold'));
    if (answer.related.length) {
      out.push('', paint(st, 'Possibly related:', 'dim'));
      for (const r of answer.related) out.push(...sourceHeader(st, undefined, r));
    }
    return out.join('\n');
  }
  const body = answer.sentences.map((s) => `${clean(s.text)} [${s.citation}]`).join(' ');
  const lines = wrap(body, st.width);
  // colour the citation markers after wrapping (plain text decided the line breaks)
  out.push(...lines.map((l) => l.replace(/\[(\d+)\]/g, (m) => paint(st, m, 'bold', 'green'))));
  if (answer.window) out.push('', paint(st, windowLine(answer.window), 'dim'));
  out.push('', paint(st, 'Sources', 'bold', 'under'));
  for (const s of answer.sources) out.push(...renderSource(s, st), '');
  return out.join('\n').trimEnd();
}

export function renderSource(s: Source, st: Style = PLAIN): string[] {
  const h = s.highlights[0];
  const cited = h ? s.passage.slice(h.start, h.end) : undefined;
  return [...sourceHeader(st, s.n, s, cited), wrapPieces(st, excerpt(s.passage, s.highlights), '    ')];
}

/** "Articles from 1–7 Jun 2025 (the question's dates)": which window an answer searched. */
export function windowLine(w: AnswerWindow): string {
  return `${describeWindow(w)} (${w.source === 'question' ? "the question's dates" : 'your --from/--to'})`;
}

/** The line that replaces "not covered" when the filter itself excluded every article. */
export function emptyFilterNote(result: SearchResult): string | undefined {
  // the same words as the bot's, with the CLI's names for what to change
  return noArticlesLine(result, { dates: '--from/--to', now: '--now' });
}

/** Search results: one entry per passage with its score. */
export function renderSearch(result: SearchResult, st: Style = PLAIN): string {
  const none = emptyFilterNote(result);
  if (none) return paint(st, none, 'bold');
  if (!result.covered) {
    const out = [paint(st, 'Nothing in the archive matches this closely.', 'bold')];
    if (result.related.length) {
      out.push('', paint(st, 'Closest articles:', 'dim'));
      result.related.forEach((p, i) => {
        out.push(...sourceHeader(st, i + 1, p));
      });
    }
    return out.join('\n');
  }
  const out: string[] = [];
  result.passages.forEach((p, i) => {
    out.push(...sourceHeader(st, i + 1, p));
    out.push(paint(st, `    score ${p.score.toFixed(3)}`, 'dim'));
    out.push(wrapPieces(st, excerpt(p.text, []), '    '), '');
  });
  return out.join('\n').trimEnd();
}

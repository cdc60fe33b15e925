// Sentence boundaries with offsets, for picking answer sentences and highlighting them.
// Paragraph breaks always end a sentence; a full stop after a known abbreviation or an initial does not.

export interface Span {
  start: number;
  end: number;
}

const ABBREV = new Set(
  'mr mrs ms dr prof sr jr st mt gen col lt sgt capt cmdr adm gov sen rep pres rev hon no vs etc inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec fig al approx dept est e.g i.e u.s u.k u.n'.split(' '),
);

/** Spans of the sentences in `text` (trimmed, non-empty), in order. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  const re = /([.!?]+["'’”)\]]*)(\s+)|\n\s*\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] === undefined) {
      // paragraph break
      push(m.index);
      start = m.index + m[0].length;
      continue;
    }
    const endPunct = m.index + m[1].length;
    const next = text.slice(re.lastIndex, re.lastIndex + 1);
    // the word before the full stop: an abbreviation or an initial continues the sentence
    const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, m.index - 12), m.index))?.[1] ?? '';
    const word = before.toLowerCase().replace(/\.$/, '');
    const isAbbrev = m[1].startsWith('.') && (ABBREV.has(word) || /^\p{Lu}$/u.test(before) || /^(\p{L}\.)+\p{L}$/u.test(before));
    if (!isAbbrev && (next === '' || /[\p{Lu}\p{N}"'“‘(\[]/u.test(next))) {
      push(endPunct);
      start = re.lastIndex;
    }
  }
  push(text.length);
  return spans;
}

// Query and sentence terms: lower-cased words without stop words, lightly stemmed, so
// "raids"/"raid" and "hackers"/"hacker" meet. Shared by the threshold and the answer builder.
import { fold } from '../text/fold.js';

const STOP = new Set(
  (
    'a an the and or but if of on in at to for from by with about into over after before under between through during ' +
    'is are was were be been being am do does did done has have had having can could will would shall should may might must ' +
    "what which who whom whose when where why how that this these those there here it its it's i me my we our you your he him his she her they them their " +
    'as than then so such not no nor too very just also only own same other some any each few more most all both ' +
    'tell know about describe explain give show list find say said says please'
  ).split(/\s+/),
);

/** Light suffix stripping: enough to match plural and simple verb forms, never below 3 letters. */
export function stem(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 4) return w.slice(0, -2);
  if (w.endsWith('es') && w.length > 4 && /(ch|sh|x|ss|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** Words of a text in order (letters and digits, accents folded), lower-cased. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Distinct content terms (stemmed, stop words removed). */
export function contentTerms(text: string): string[] {
  const out = new Set<string>();
  for (const w of words(text)) if (!STOP.has(w) && (w.length > 1 || /\d/.test(w))) out.add(stem(w));
  return [...out];
}

export function isStopWord(w: string): boolean {
  return STOP.has(w.toLowerCase());
}

// Links that open an article at the cited passage: the permalink plus a text fragment
// (#:~:text=<opening words>, WICG "URL Fragment Text Directives"). Browsers without support simply
// open the page. Pure; the stored URL is never changed, a new link is returned.

/** Words of the cited sentence put in the fragment: enough to be unique on a page, short enough to stay exact. */
export const FRAGMENT_WORDS = 8;
export const FRAGMENT_MAX_CHARS = 80;
/** Fewer words than this would match too early on the page (e.g. "The"): no fragment then. */
export const FRAGMENT_MIN_WORDS = 3;

// a site's pages often show typographic quotes, apostrophes and dashes where the archive text has
// plain ones (or the reverse): a fragment holding one would find nothing, so the words stop before it
const UNSTABLE = /['"‘’‚‛“”„‟«»‹›–—―…&]/;

/**
 * The opening words of a sentence for a text directive: whitespace collapsed, outer punctuation of
 * the first and last word dropped (the match must start and end at word boundaries), stopping
 * before a word with a quote, apostrophe or dash that may be typeset differently on the page.
 * Empty when fewer than FRAGMENT_MIN_WORDS words are usable.
 */
export function openingWords(sentence: string, words = FRAGMENT_WORDS, maxChars = FRAGMENT_MAX_CHARS): string {
  const tokens = sentence.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  if (tokens.length) tokens[0] = tokens[0].replace(/^[^\p{L}\p{N}]+/u, '');
  const kept: string[] = [];
  let length = 0;
  for (const t of tokens) {
    if (!t || UNSTABLE.test(t) || kept.length >= words) break;
    const add = t.length + (kept.length ? 1 : 0);
    if (length + add > maxChars) break;
    kept.push(t);
    length += add;
  }
  while (kept.length) {
    const last = kept[kept.length - 1].replace(/[^\p{L}\p{N}]+$/u, '');
    if (last) {
      kept[kept.length - 1] = last;
      break;
    }
    kept.pop();
  }
  return kept.length >= FRAGMENT_MIN_WORDS ? kept.join(' ') : '';
}

/**
 * Percent-encodes a text directive parameter. The spec requires "-", "&" and "," to be encoded
 * (they are its syntax); everything but letters, digits, "_" and "." is encoded here, which also keeps
 * the link intact inside Markdown ("(", ")", "*", "~" and "'" would otherwise be read by Discord).
 */
export function encodeTextDirective(text: string): string {
  return encodeURIComponent(text).replace(
    /[-!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * The permalink that opens at `sentence`: undefined for a missing or non-http(s) URL (never made a
 * link), the plain permalink when the sentence gives no usable words. An existing fragment is kept
 * (the directive follows it after ":~:"), as is an existing directive (the text one is added with "&").
 */
export function passageUrl(url: string | null | undefined, sentence: string): string | undefined {
  if (!url) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const base = u.toString().replace(/#$/, '');
  const start = openingWords(sentence);
  if (!start) return base;
  const directive = `text=${encodeTextDirective(start)}`;
  if (!u.hash) return `${base}#:~:${directive}`;
  return u.hash.includes(':~:') ? `${base}&${directive}` : `${base}:~:${directive}`;
}

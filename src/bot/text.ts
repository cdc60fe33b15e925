// Text helpers for Discord rendering: clean archive text, escape it for Markdown, defuse mentions,
// and shorten it to a limit at a sentence or word boundary with an ellipsis (never failing).

export const ELLIPSIS = '…';

// zero-width and bidi controls can hide text or flip it; C0/C1 controls render as garbage
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching C0/C1 control characters is the point: they are stripped
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Removes invisible and control characters, normalises line ends and runs of blank lines. */
export function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/\t/g, ' ')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * Escapes Discord Markdown in linear time (discord.js escapeMarkdown takes seconds on a long article):
 * inline markers and brackets everywhere; headings, quotes, lists and subtext only at line starts.
 */
export function escapeMd(text: string): string {
  return text
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    .replace(/^([ \t]*)(#{1,3}[ \t]|-#[ \t]|>|[-+][ \t])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=[ \t])/gm, '$1\\.');
}

/**
 * Archive text made safe to show: cleaned, Markdown-escaped, and mentions defused with a zero-width
 * space (belt and braces: allowedMentions is already empty everywhere, but this also keeps
 * "@everyone" from looking like a live ping and "<@123>" from rendering as a user).
 */
export function safe(text: string): string {
  return escapeMd(clean(text))
    .replace(/@(everyone|here)/gi, '@\u200B$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200B$2>');
}

/**
 * For places Discord shows as plain text (footers): cleaned, one line, mentions defused; no Markdown
 * escapes, which would show as backslashes there.
 */
export function plain(text: string): string {
  return clean(text)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/@(everyone|here)/gi, '@\u200B$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200B$2>');
}

/** Single-line version (titles, field names, button labels). */
export function safeLine(text: string): string {
  return safe(text.replace(/\s+/g, ' ').trim());
}

/** Does not cut a UTF-16 surrogate pair in half. */
function cutAt(text: string, n: number): string {
  if (n <= 0) return '';
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

/** A trailing odd backslash would escape our ellipsis (or the next thing appended). */
function dropDanglingEscape(s: string): string {
  const m = /\\+$/.exec(s);
  return m && m[0].length % 2 === 1 ? s.slice(0, -1) : s;
}

/**
 * Shortens text to at most `max` characters. Prefers the end of a sentence (if it keeps at least
 * half the room), then a word boundary, then a hard cut; always ends with an ellipsis when shortened.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const head = cutAt(text, room);
  let cut = -1;
  const sentence = /[.!?…]["'”’)\]]*(?=\s)/g;
  for (let m: RegExpExecArray | null; (m = sentence.exec(head)); ) cut = m.index + m[0].length;
  if (cut >= room / 2) {
    const kept = dropDanglingEscape(head.slice(0, cut));
    return kept.length + 1 + ELLIPSIS.length <= max ? `${kept} ${ELLIPSIS}` : kept + ELLIPSIS;
  }
  const space = head.search(/\s\S*$/);
  const candidate = space >= room / 3 ? head.slice(0, space) : head;
  return dropDanglingEscape(candidate.replace(/[\s,;:—–-]+$/, '')) + ELLIPSIS;
}

/** Shortens from the left (for the text before a highlighted sentence), at a word boundary. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return '';
  const room = max - ELLIPSIS.length;
  let tail = text.slice(text.length - room);
  if (/^[\uDC00-\uDFFF]/.test(tail)) tail = tail.slice(1);
  const space = tail.search(/\s/);
  if (space >= 0 && space < room / 3) tail = tail.slice(space + 1);
  // an escape split from its character would show a stray backslash
  return ELLIPSIS + tail.replace(/^\\(?![\\*_`~|>#\-[\]()])/, '');
}

/** "2019-03-18" → "18 Mar 2019"; unknown → the given fallback. */
export function formatDate(iso: string | null | undefined, fallback = 'date unknown'): string {
  if (!iso) return fallback;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** Only http(s) URLs become links: anything else from an archive is shown as text or not at all. */
export function linkable(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    // a ")" or space would end the Markdown link early
    return u.toString().replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
  } catch {
    return undefined;
  }
}

/** A Markdown link when the URL is usable, otherwise the plain (already safe) label. */
export function link(label: string, url: string | null | undefined): string {
  const u = linkable(url);
  return u ? `[${label.replace(/\\?[[\]]/g, '')}](${u})` : label;
}

// HTML bodies (feeds, WordPress exports, JSON) → plain text with paragraphs kept ("\n\n").
import { compile } from 'html-to-text';

const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    // image captions are not part of the story (the scraped text shows what happens when they leak in)
    { selector: 'figcaption', format: 'skip' },
    { selector: '.wp-caption-text', format: 'skip' },
    { selector: '.wp-caption', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'th', format: 'inline' },
    { selector: 'td', format: 'inline' },
    { selector: 'blockquote', options: { trimEmptyLines: true } },
  ],
  limits: { maxInputLength: 50_000_000 },
});

/** WordPress shortcodes that wrap media; their content is a caption or an embed, never story text. */
const MEDIA_SHORTCODES =
  /\[(caption|wp_caption|gallery|embed|audio|video|playlist)\b[^\]]*\][\s\S]*?\[\/\1\]|\[(?:gallery|embed|audio|video|playlist)\b[^\]]*\/?\]/gi;

const HTML_TAG =
  /<\/?(p|br|div|span|a|em|strong|b|i|ul|ol|li|h[1-6]|blockquote|img|figure|table|tr|td|pre|code|hr|iframe|section|article)\b[^>]*>/i;

export function looksLikeHtml(s: string): boolean {
  return HTML_TAG.test(s) || /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(s);
}

/**
 * WordPress stores post_content without <p> tags (they are added when the page is shown), so a
 * WXR body separates paragraphs by blank lines. Wrap those in <p> before converting, as WordPress would.
 */
function autoParagraphs(html: string): string {
  if (/<p[\s>]/i.test(html)) return html;
  return html
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/** Tidies plain text: normalised newlines and spaces, paragraphs separated by exactly one blank line. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function htmlToPlainText(html: string): string {
  const cleaned = autoParagraphs(html.replace(MEDIA_SHORTCODES, ''));
  let text: string;
  try {
    text = convert(cleaned);
  } catch {
    // html-to-text has never thrown on our inputs, but a body must never sink a whole file
    text = cleaned.replace(/<[^>]*>/g, ' ');
  }
  return tidyText(text);
}

/** For bodies of unknown kind (JSON): HTML is converted, plain text is only tidied. */
export function bodyToText(s: string): string {
  return looksLikeHtml(s) ? htmlToPlainText(s) : tidyText(s);
}

/** Titles and names may carry entities or tags (WordPress escapes quotes in titles). */
export function inlineToText(s: string): string {
  if (!looksLikeHtml(s) && !/[<&]/.test(s)) return s.replace(/\s+/g, ' ').trim();
  return htmlToPlainText(s).replace(/\s+/g, ' ').trim();
}

// HTML bodies (feeds, WordPress exports, JSON) → plain text with paragraphs kept ("\n\n").
// Image captions are kept as text after the story (an image post's caption is all it says);
// "<…>" that is no HTML element ("<CO-STEEL INC>", Reuters' company tags) stays text.
import { compile } from 'html-to-text';
import { escapeStrayAngles } from './html-elements.js';

const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    // captions are taken out before converting and put after the story (see withCaptions)
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

/** WordPress shortcodes that wrap media; their content is an embed, never story text. */
const MEDIA_SHORTCODES =
  /\[(gallery|embed|audio|video|playlist)\b[^\]]*\][\s\S]*?\[\/\1\]|\[(?:gallery|embed|audio|video|playlist)\b[^\]]*\/?\]/gi;
/** [caption …]<img …> The caption[/caption], or the older [caption caption="The caption"]<img>[/caption] */
const CAPTION_SHORTCODE = /\[(caption|wp_caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/gi;
/** <figcaption>, and WordPress's classic caption and gallery caption elements */
const CAPTION_ELEMENT =
  /<figcaption\b[^>]*>([\s\S]*?)<\/figcaption>|<(p|dd|div|span)\b[^>]*\bclass\s*=\s*["'][^"']*\b(?:wp-caption-text|gallery-caption)\b[^"']*["'][^>]*>([\s\S]*?)<\/\2>/gi;
const IMG_ALT = /<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

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

function convertHtml(html: string, lists = /<li[\s>]/i.test(html)): string {
  let text: string;
  try {
    text = convert(html);
  } catch {
    // html-to-text has never thrown on our inputs, but a body must never sink a whole file
    text = html.replace(/<[^>]*>/g, ' ');
  }
  // a list item that held only an image (a gallery) leaves a bare bullet
  return tidyText(lists ? text.replace(/^[ \t]*(?:[*•-]|\d+\.)[ \t]*$/gm, '') : text);
}

/** Takes the captions out of the HTML: [caption] shortcodes, <figcaption>, WordPress caption elements. */
function takeCaptions(html: string): { html: string; captions: string[] } {
  const captions: string[] = [];
  const keep = (h: string | undefined) => {
    const t = h ? convertHtml(h).replace(/\s+/g, ' ').trim() : '';
    if (t && !captions.includes(t)) captions.push(t);
  };
  const out = html
    .replace(CAPTION_SHORTCODE, (_m, _name: string, attrs: string, inner: string) => {
      keep(/\bcaption\s*=\s*"([^"]*)"/i.exec(attrs)?.[1]);
      keep(inner.replace(/<img\b[^>]*>/gi, ''));
      return '';
    })
    .replace(CAPTION_ELEMENT, (_m, fig: string | undefined, _tag: string, classic: string | undefined) => {
      keep(fig ?? classic);
      return '';
    });
  return { html: out, captions };
}

export function htmlToPlainText(html: string): string {
  const withoutMedia = escapeStrayAngles(html.replace(MEDIA_SHORTCODES, ''));
  const { html: story, captions } = /caption/i.test(withoutMedia)
    ? takeCaptions(withoutMedia)
    : { html: withoutMedia, captions: [] };
  const text = convertHtml(autoParagraphs(story));
  // the story keeps its first paragraph first (the lede); captions follow as paragraphs of their own
  const parts = [text, ...captions].filter(Boolean);
  if (parts.length) return parts.join('\n\n');
  // an image and nothing else: its description is the only text the post has
  const alts = [...html.matchAll(IMG_ALT)].map((m) => inlineToText(m[1] ?? m[2] ?? '')).filter(Boolean);
  return [...new Set(alts)].join('\n\n');
}

/** For bodies of unknown kind (JSON): HTML is converted, plain text is only tidied. */
export function bodyToText(s: string): string {
  return looksLikeHtml(s) ? htmlToPlainText(s) : tidyText(s);
}

/** Titles and names may carry entities or tags (WordPress escapes quotes in titles). */
export function inlineToText(s: string): string {
  if (!looksLikeHtml(s) && !/[<&]/.test(s)) return s.replace(/\s+/g, ' ').trim();
  return convertHtml(escapeStrayAngles(s)).replace(/\s+/g, ' ').trim();
}

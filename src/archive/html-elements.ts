// Which "<…>" is markup: the HTML element names (WHATWG, with the obsolete ones old posts still use,
// and SVG/MathML roots), namespaced tags (<o:p> from Word) and custom elements (<amp-img>).
// Anything else is text that looks like a tag — Reuters' "<CO-STEEL INC> 4TH QTR NET" — and is kept.

const ELEMENTS = new Set(
  (
    'a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote ' +
    'body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl ' +
    'dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr ' +
    'html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee math ' +
    'menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p ' +
    'param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search section select slot small ' +
    'source spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time ' +
    'title tr track tt u ul var video wbr xmp'
  ).split(' '),
);

/** Is this (as written after "<" or "</") the name of real markup? */
export function isMarkupName(name: string): boolean {
  if (ELEMENTS.has(name.toLowerCase())) return true;
  if (/^[A-Za-z][\w.-]*:[A-Za-z][\w.-]*$/.test(name)) return true; // a namespaced tag
  return /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/.test(name); // a custom element: lower case with a hyphen
}

/** "<" not followed by a lower-case known element name (the common case, left to the regex engine) */
const UNUSUAL_ANGLE = new RegExp(
  `<(?![!?]|/?(?:${[...ELEMENTS].sort((a, b) => b.length - a.length).join('|')})[\\s/>])(/?)([^\\s/<>]*)`,
  'g',
);

/**
 * Escapes every "<" that does not open real markup (an element, a comment, a doctype), so an HTML
 * converter shows it instead of dropping it as an unknown tag.
 */
export function escapeStrayAngles(html: string): string {
  if (!html.includes('<')) return html;
  return html.replace(UNUSUAL_ANGLE, (m, _slash: string, name: string) =>
    name && isMarkupName(name) ? m : `&lt;${m.slice(1)}`,
  );
}

// Feeds written by hand or by old plugins carry a bare "&" ("Tom & Jerry", "?p=2&utm=rss") and HTML
// entities XML does not define ("&hellip;", "&bdquo;"). Browsers and feed readers read both; an XML
// parser stops (saxes reads a bare "&" up to the next ";", swallowing the rest of the file). This
// rewrites them, as the text streams through, into XML that says what a browser shows.
import { decodeHTMLStrict } from 'entities';
import { replaceCodePoint } from 'entities/decode';

/** the five entities XML itself defines: left for the XML parser */
const XML_NAMED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** "&" + the longest HTML5 name (31 letters) + ";", with room: a longer run is not a reference */
const MAX_REF = 40;
const REFERENCE = /&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{0,38}));/y;
const PARTIAL_REFERENCE = /^&(?:#[xX]?[0-9a-fA-F]*|[A-Za-z][A-Za-z0-9]*)?$/;
const CDATA_OPEN = '<![CDATA[';
const COMMENT_OPEN = '<!--';

export type RepairKind = 'bare' | 'unknown';

/** How many characters at the end of s could begin `mark` (so must wait for the next chunk). */
function heldBack(s: string, mark: string): number {
  for (let n = Math.min(mark.length - 1, s.length); n > 0; n--) if (s.endsWith(mark.slice(0, n))) return n;
  return 0;
}

/** XML 1.0 Char production */
function xmlChar(c: number): boolean {
  return (
    c === 0x9 ||
    c === 0xa ||
    c === 0xd ||
    (c >= 0x20 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd) ||
    (c >= 0x10000 && c <= 0x10ffff)
  );
}

const hexRef = (s: string): string =>
  Array.from(s, (ch) => `&#x${(ch.codePointAt(0) ?? 0xfffd).toString(16)};`).join('');

/**
 * Streaming repair: push() text as it arrives and write what it returns to the XML parser. CDATA
 * sections and comments pass untouched (an "&" there is already literal). A reference cut by a
 * chunk boundary is held back until the next push.
 */
export class EntityRepair {
  /** bare "&" read as a literal "&" */
  bare = 0;
  /** "&name;" that neither XML nor HTML5 defines, kept as text */
  unknown = 0;
  /** the first repair of each kind in the latest push(): its offset in the returned text */
  readonly firsts: { kind: RepairKind; offset: number; text: string }[] = [];
  private carry = '';
  private state: 'text' | 'cdata' | 'comment' = 'text';
  private readonly named = new Map<string, string | undefined>();

  push(chunk: string, final = false): string {
    this.firsts.length = 0;
    const s = this.carry + chunk;
    this.carry = '';
    // the text is passed on as slices of s; only repairs are copied in (a clean chunk is returned as is)
    let out = '';
    let last = 0;
    const finish = (keep: number): string => {
      this.carry = s.slice(keep);
      return out + s.slice(last, keep);
    };
    const replace = (at: number, length: number, by: string) => {
      out += s.slice(last, at) + by;
      last = at + length;
    };
    let i = 0;
    // the next "&" and "<!" at or after i (Infinity: none), cached so that a body full of "&"
    // does not rescan the chunk for "<!" at every one
    let amp = -1;
    let bang = -1;
    const next = (what: string, at: number): number => {
      if (at >= i) return at;
      const k = s.indexOf(what, i);
      return k < 0 ? Number.POSITIVE_INFINITY : k;
    };
    while (i < s.length) {
      if (this.state !== 'text') {
        const close = this.state === 'cdata' ? ']]>' : '-->';
        const end = s.indexOf(close, i);
        // the closing mark may be split by the chunk boundary: hold back its first characters
        if (end < 0) return finish(final ? s.length : Math.max(i, s.length - heldBack(s, close)));
        i = end + close.length;
        this.state = 'text';
        continue;
      }
      amp = next('&', amp);
      bang = next('<!', bang);
      if (amp === Number.POSITIVE_INFINITY && bang === Number.POSITIVE_INFINITY) {
        // a "<" at the very end may open "<![CDATA[" in the next chunk
        return finish(!final && s.endsWith('<') ? s.length - 1 : s.length);
      }
      if (bang < amp) {
        const rest = s.slice(bang, bang + CDATA_OPEN.length);
        const open = rest.startsWith(CDATA_OPEN) ? CDATA_OPEN : rest.startsWith(COMMENT_OPEN) ? COMMENT_OPEN : '';
        if (open) {
          this.state = open === CDATA_OPEN ? 'cdata' : 'comment';
          i = bang + open.length;
          amp = -1; // found again after the section
        } else if (
          !final &&
          rest.length < CDATA_OPEN.length &&
          (CDATA_OPEN.startsWith(rest) || COMMENT_OPEN.startsWith(rest))
        ) {
          return finish(bang);
        } else i = bang + 2; // a doctype or a declaration: nothing to repair
        continue;
      }
      REFERENCE.lastIndex = amp;
      const m = REFERENCE.exec(s);
      if (!m) {
        if (!final && s.length - amp < MAX_REF && PARTIAL_REFERENCE.test(s.slice(amp))) return finish(amp);
        this.note('bare', out.length + (amp - last), '&');
        replace(amp, 1, '&amp;');
        i = amp + 1;
        continue;
      }
      const by = this.reference(m, out.length + (amp - last));
      if (by !== m[0]) replace(amp, m[0].length, by);
      i = amp + m[0].length;
    }
    return finish(s.length);
  }

  /** The end of the text: whatever was held back is flushed as it stands. */
  end(): string {
    this.firsts.length = 0;
    return this.carry ? this.push('', true) : '';
  }

  private reference(m: RegExpExecArray, offset: number): string {
    const [whole, dec, hex, name] = m;
    if (name === undefined) {
      // numeric: HTML reads 0x80–0x9F as windows-1252 and anything impossible as U+FFFD; XML refuses both
      const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      const fixed = replaceCodePoint(code);
      if (fixed === code && xmlChar(code)) return whole;
      return `&#x${(xmlChar(fixed) ? fixed : 0xfffd).toString(16)};`;
    }
    if (XML_NAMED.has(name)) return whole;
    let decoded = this.named.get(name);
    if (!this.named.has(name)) {
      const d = decodeHTMLStrict(whole);
      decoded = d === whole ? undefined : hexRef(d); // as numeric references: "&LT;" must stay text
      this.named.set(name, decoded);
    }
    if (decoded !== undefined) return decoded;
    this.note('unknown', offset, whole);
    return `&amp;${whole.slice(1)}`;
  }

  private note(kind: RepairKind, offset: number, text: string): void {
    if (kind === 'bare' ? this.bare++ === 0 : this.unknown++ === 0) this.firsts.push({ kind, offset, text });
  }
}

/** The one warning per file and kind of repair, at the line of the first one. */
export function repairWarnings(
  r: EntityRepair,
  firsts: Partial<Record<RepairKind, { line: number; text: string }>>,
): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  if (firsts.bare) {
    out.push({
      line: firsts.bare.line,
      message: `a bare "&" (not an entity) was read as the character "&"${r.bare > 1 ? ` (${r.bare} in this file; this is the first)` : ''}`,
    });
  }
  if (firsts.unknown) {
    out.push({
      line: firsts.unknown.line,
      message: `${firsts.unknown.text} is not an XML or HTML entity: kept as text${r.unknown > 1 ? ` (${r.unknown} such in this file)` : ''}`,
    });
  }
  return out;
}

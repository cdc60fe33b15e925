// One <item> (RSS, WordPress export) or <entry> (Atom) while it is read: created at its start tag,
// fed the SAX events of its children, read once at its end tag, then dropped. Fields are the text of
// its direct children (and of the children of media:group), nested markup kept as HTML.

export type FeedFormat = 'rss' | 'atom' | 'wxr';

/** Attributes of a field, lower-cased names; "@base" is the xml:base in force on that element. */
export type FieldAttrs = Record<string, string>;

/** Containers whose children are read as the item's own fields (YouTube's media:group holds the description). */
const TRANSPARENT = new Set(['media:group', 'media:content']);

/** HTML elements without a closing tag: "<br></br>" would read as two line breaks */
const VOID_ELEMENTS = new Set([
  'br',
  'img',
  'hr',
  'input',
  'meta',
  'link',
  'wbr',
  'source',
  'area',
  'col',
  'embed',
  'param',
  'track',
]);

interface OpenField {
  name: string;
  depth: number;
  buffer: string;
  /** elements open inside the field (markup of Atom type="xhtml" content) */
  nested: number;
  /** Atom <author>: only the text of its <name> child is the author */
  author?: { inName: boolean; name: string };
  /** Atom type="xhtml": the field holds markup, so its text must be escaped again to stay text */
  xhtml: boolean;
}

function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export class FeedItem {
  readonly fields = new Map<string, string[]>();
  readonly attrs = new Map<string, FieldAttrs[]>();
  /** the first XML error inside the item: the item is skipped with it */
  error?: string;
  private field?: OpenField;
  /** depth of an open transparent container (media:group), whose children are fields */
  private container?: number;

  constructor(
    readonly number: number,
    readonly line: number,
    readonly depth: number,
    readonly format: FeedFormat,
    /** xml:base in force on the item element */
    readonly base: string | undefined,
  ) {}

  /** A start tag at `depth` (the item itself is at this.depth). */
  start(tagName: string, attributes: Record<string, unknown>, depth: number, base: string | undefined): void {
    const name = tagName.toLowerCase();
    const f = this.field;
    if (f) {
      f.nested++;
      if (f.author) {
        if (name === 'name') f.author.inName = true;
        return;
      }
      const attrs = Object.entries(attributes)
        .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
        .join('');
      f.buffer += `<${tagName}${attrs}>`;
      return;
    }
    const childDepth = this.container === undefined ? this.depth + 1 : this.container + 1;
    if (depth !== childDepth) return;
    if (this.container === undefined && TRANSPARENT.has(name)) {
      this.container = depth;
      this.record(name, attributes, base); // its attributes still count (media:content url)
      return;
    }
    const attrs = this.record(name, attributes, base);
    this.field = {
      name,
      depth,
      buffer: '',
      nested: 0,
      author: this.format === 'atom' && name === 'author' ? { inName: false, name: '' } : undefined,
      xhtml: this.format === 'atom' && attrs.type === 'xhtml',
    };
  }

  private record(name: string, attributes: Record<string, unknown>, base: string | undefined): FieldAttrs {
    const attrs: FieldAttrs = {};
    for (const [k, v] of Object.entries(attributes)) attrs[k.toLowerCase()] = String(v);
    if (base !== undefined) attrs['@base'] = base;
    const list = this.attrs.get(name) ?? [];
    list.push(attrs);
    this.attrs.set(name, list);
    return attrs;
  }

  /** An end tag at `depth`; true when it closes the item itself. */
  end(tagName: string, depth: number): boolean {
    if (depth === this.depth) return true;
    const f = this.field;
    if (f && depth > f.depth) {
      f.nested--;
      if (f.author) f.author.inName = false;
      else if (!VOID_ELEMENTS.has(tagName.toLowerCase().replace(/^.*:/, ''))) f.buffer += `</${tagName}>`;
    } else if (f && depth === f.depth) {
      const list = this.fields.get(f.name) ?? [];
      list.push(f.author ? f.author.name || f.buffer : f.buffer);
      this.fields.set(f.name, list);
      this.field = undefined;
    } else if (depth === this.container) this.container = undefined;
    return false;
  }

  text(t: string): void {
    const f = this.field;
    if (!f) return;
    if (f.author) {
      if (f.author.inName) f.author.name += t;
      else if (f.nested === 0) f.buffer += t; // <author>Name</author> without a <name> child
    } else f.buffer += f.xhtml ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;') : t;
  }

  /** The first non-blank value among these fields, in this order. */
  first(...names: string[]): string | undefined {
    for (const n of names) {
      const v = this.fields.get(n)?.find((s) => s.trim());
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Like first(), with the name of the field it came from and that field's attributes. */
  firstWith(...names: string[]): { name: string; value: string; attrs: FieldAttrs } | undefined {
    for (const n of names) {
      const values = this.fields.get(n) ?? [];
      const i = values.findIndex((s) => s.trim());
      if (i >= 0) return { name: n, value: values[i], attrs: this.attrs.get(n)?.[i] ?? {} };
    }
    return undefined;
  }
}

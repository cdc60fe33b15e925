// Which format a file holds, from its extension and the first bytes of its content.
import path from 'node:path';

export type ArchiveFormat = 'text' | 'jsonl' | 'json' | 'rss' | 'atom' | 'wxr';

export const FORMAT_NAMES: Record<ArchiveFormat, string> = {
  text: 'scraped blog text',
  jsonl: 'JSON Lines',
  json: 'JSON',
  rss: 'RSS 2.0 feed',
  atom: 'Atom feed',
  wxr: 'WordPress export (WXR)',
};

export const SUPPORTED_FORMATS =
  'supported formats: scraped blog text (.txt), JSON Lines (.jsonl, .ndjson), JSON arrays (.json), ' +
  'RSS 2.0 and Atom feeds (.xml, .rss, .atom) and WordPress exports (WXR, .xml)';

const TEXT_EXT = new Set(['', '.txt', '.text']);
const JSON_EXT = new Set(['.json']);
const JSONL_EXT = new Set(['.jsonl', '.ndjson', '.jsonlines']);

/** The root element of an XML document, skipping the declaration, comments, doctype and PIs. */
export function xmlRoot(head: string): { name: string; rest: string } | undefined {
  let s = head.replace(/^\uFEFF/, '');
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('<?')) {
      const end = s.indexOf('?>');
      if (end < 0) return undefined;
      s = s.slice(end + 2);
    } else if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) return undefined;
      s = s.slice(end + 3);
    } else if (s.startsWith('<!')) {
      const end = s.indexOf('>');
      if (end < 0) return undefined;
      s = s.slice(end + 1);
    } else break;
  }
  const m = /^<([A-Za-z_][\w:.-]*)/.exec(s);
  return m ? { name: m[1], rest: s } : undefined;
}

/** Feed flavour from the start of an XML document. */
export function xmlFormat(head: string): ArchiveFormat | undefined {
  const root = xmlRoot(head);
  if (!root) return undefined;
  const name = root.name.toLowerCase();
  if (name === 'rss') {
    return /xmlns:wp="http:\/\/wordpress\.org\/export\/|<wp:wxr_version|<wp:post_type/.test(root.rest) ? 'wxr' : 'rss';
  }
  if (name === 'feed') return 'atom';
  if (name === 'rdf:rdf') return 'rss';
  return undefined;
}

/** Detects the format; undefined when the file is none of the supported ones. */
export function detectFormat(file: string, head: string): ArchiveFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  const s = head.replace(/^\uFEFF/, '').trimStart();
  if (!s) return undefined;
  if (s.includes('\u0000')) return undefined; // binary
  if (s.startsWith('<')) return xmlFormat(s);
  if (s.startsWith('[')) {
    // "[Update] A title" is text; "[{" or "[]" is a JSON array whatever the extension
    if (JSON_EXT.has(ext) || JSONL_EXT.has(ext) || /^\[\s*[{\]]/.test(s)) return 'json';
    return TEXT_EXT.has(ext) ? 'text' : undefined;
  }
  if (s.startsWith('{')) {
    if (JSONL_EXT.has(ext)) return 'jsonl';
    const firstLine = s.split('\n', 1)[0].trim();
    const secondLine = s
      .split('\n')
      .slice(1)
      .find((l) => l.trim())
      ?.trim();
    try {
      JSON.parse(firstLine);
      return 'jsonl'; // a complete object on the first line: one record per line
    } catch {
      if (secondLine === undefined && !JSON_EXT.has(ext)) return 'jsonl';
      return 'json';
    }
  }
  if (JSON_EXT.has(ext) || JSONL_EXT.has(ext)) return ext === '.json' ? 'json' : 'jsonl'; // parser reports what is wrong
  if (['.xml', '.rss', '.atom', '.wxr'].includes(ext)) return undefined;
  if (TEXT_EXT.has(ext)) return 'text';
  return undefined;
}

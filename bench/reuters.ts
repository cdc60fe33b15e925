// Reads the Reuters-21578 SGML files into Article objects: the scale corpus of the bench.
// The files are not valid UTF-8 everywhere, so they are decoded as latin1.
import fs from 'node:fs';
import path from 'node:path';
import { articleId, ArticleSchema, type Article } from '../src/archive/article.js';

const MONTHS: Record<string, string> = {
  JAN: '01',
  FEB: '02',
  MAR: '03',
  APR: '04',
  MAY: '05',
  JUN: '06',
  JUL: '07',
  AUG: '08',
  SEP: '09',
  OCT: '10',
  NOV: '11',
  DEC: '12',
};

/** "26-FEB-1987 15:01:01.79" → "1987-02-26" (undefined when it does not parse) */
export function reutersDate(raw: string): string | undefined {
  const m = /(\d{1,2})-([A-Z]{3})-(\d{4})/i.exec(raw.trim());
  if (!m) return undefined;
  const month = MONTHS[m[2].toUpperCase()];
  if (!month) return undefined;
  return `${m[3]}-${month}-${m[1].padStart(2, '0')}`;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => {
      const c = Number(n);
      // control characters (&#2; &#3; &#5; ...) are wire-service framing, not text
      return c < 32 || c === 127 ? ' ' : String.fromCharCode(c);
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Reuters bodies wrap at ~65 columns and start paragraphs with an indent: unwrap into "\n\n" paragraphs. */
export function reutersBody(raw: string): string {
  const text = decodeEntities(raw).replace(/\r/g, '');
  const paragraphs = text
    .split(/\n(?=[ \t]{2,}\S)/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  // the wire sign-off ("Reuter") closes almost every story; it is not content
  if (paragraphs.length) {
    const last = paragraphs.length - 1;
    paragraphs[last] = paragraphs[last].replace(/\s*\bReuter\s*$/i, '').trim();
    if (!paragraphs[last]) paragraphs.pop();
  }
  return paragraphs.join('\n\n');
}

function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
  return m?.[1];
}

export interface ReutersStats {
  stories: number;
  articles: number;
  /** stories without a title or a body (briefs, unprocessed tables) */
  skipped: number;
  /** stories whose title + day repeat an earlier one (same article id): kept once */
  duplicateIds: number;
}

/** Parses one SGML file's text. `file` is used for origins only. */
export function parseReutersSgml(text: string, file: string): { articles: Article[]; stats: ReutersStats } {
  const articles: Article[] = [];
  const stats: ReutersStats = { stories: 0, articles: 0, skipped: 0, duplicateIds: 0 };
  const re = /<REUTERS\b([^>]*)>([\s\S]*?)<\/REUTERS>/g;
  let m: RegExpExecArray | null;
  // line numbers counted incrementally: slicing from the start each time is quadratic
  let line = 1;
  let lineAt = 0;
  while ((m = re.exec(text))) {
    for (let i = text.indexOf('\n', lineAt); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
    lineAt = m.index;
    stats.stories++;
    const attrs = m[1];
    const block = m[2];
    const newId = Number(/NEWID="(\d+)"/.exec(attrs)?.[1] ?? NaN);
    const title = decodeEntities(tag(block, 'TITLE') ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const body = reutersBody(tag(block, 'BODY') ?? '');
    if (!title || !body) {
      stats.skipped++;
      continue;
    }
    const date = reutersDate(tag(block, 'DATE') ?? '');
    const topics = [...(tag(block, 'TOPICS') ?? '').matchAll(/<D>([^<]+)<\/D>/g)].map((d) => d[1]);
    const article = ArticleSchema.parse({
      id: articleId({ title, date }),
      title,
      date,
      body,
      tags: topics,
      origin: { file, line, item: Number.isFinite(newId) ? newId : undefined },
    });
    articles.push(article);
  }
  stats.articles = articles.length;
  return { articles, stats };
}

export function reutersDir(repoRoot: string): string {
  return path.join(path.resolve(repoRoot, '../shared'), 'corpora', 'reuters21578');
}

/** All stories of the corpus in file order, one article per id; `limit` stops early. */
export function loadReuters(repoRoot: string, limit = Infinity): { articles: Article[]; stats: ReutersStats } {
  const dir = reutersDir(repoRoot);
  if (!fs.existsSync(dir))
    throw new Error(
      `Reuters-21578 not found at ${dir}: the bench expects ../shared/corpora/reuters21578 next to the repository.`,
    );
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^reut2-\d+\.sgm$/.test(f))
    .sort();
  const seen = new Set<string>();
  const out: Article[] = [];
  const total: ReutersStats = { stories: 0, articles: 0, skipped: 0, duplicateIds: 0 };
  for (const f of files) {
    const file = path.join(dir, f);
    const { articles, stats } = parseReutersSgml(fs.readFileSync(file, 'latin1'), file);
    total.stories += stats.stories;
    total.skipped += stats.skipped;
    for (const a of articles) {
      if (seen.has(a.id)) {
        total.duplicateIds++;
        continue;
      }
      seen.add(a.id);
      out.push(a);
      if (out.length >= limit) break;
    }
    if (out.length >= limit) break;
  }
  total.articles = out.length;
  return { articles: out, stats: total };
}

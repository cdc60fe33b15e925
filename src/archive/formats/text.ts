// The scraped intelNews text form: title line, paragraphs, closing line
// "Author: NAME | Date: DD Month YYYY | Permalink" (or an older "By NAME | intelNews.org |" byline),
// with scrape residue (glued image captions, pull-quote markers, "Read more of this post", ads) removed.
import type { Article, IngestWarning } from '../article.js';
import { buildArticle } from '../build.js';
import { splitGluedCaption } from './caption.js';

interface Block {
  text: string;
  line: number;
}

const CLOSING = /(?:^|\s|(?<=[.!?”"’)\]]))Author:\s*([^|\n]+?)\s*\|\s*Date:\s*([^|\n]+?)\s*(?:\|\s*Permalink\s*)?$/;
const BYLINE =
  /^(?:([\s\S]{0,150}?)\s*)?(?<!\p{Lu})(?:By|BY)\s+(\p{Lu}[\p{L} .'’-]+?)\s*\|\s*[Ii]ntel\s?[Nn]ews(?:\.[Oo][Rr][Gg])?\s*\|\s*/u;
const READ_MORE = /\s*Read more of this post\s*/i;
const PULL_QUOTE = /\s*\bQ Quote \d+\s*/g;
/** Whole blocks that are page furniture, not story text. */
const RESIDUE =
  /^(Advertisements?|Share this:?|Like this:?|Like Loading\.*|Loading\.*|Related|Report this ad|Permalink)$/i;

function toBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let cur: string[] = [];
  let start = 0;
  lines.forEach((raw, i) => {
    const line = raw.replace(/[\u00a0\t ]+/g, ' ').trim();
    if (!line) {
      if (cur.length) blocks.push({ text: cur.join('\n'), line: start + 1 });
      cur = [];
      return;
    }
    if (!cur.length) start = i;
    cur.push(line);
  });
  if (cur.length) blocks.push({ text: cur.join('\n'), line: start + 1 });
  // no blank lines at all but the marks of posts: every line is its own paragraph (some scrapers
  // write it that way); without those marks the lines are more likely one wrapped paragraph
  if (
    blocks.length === 1 &&
    blocks[0].text.includes('\n') &&
    blocks[0].text.split('\n').some((l) => CLOSING.test(l) || BYLINE.test(l))
  ) {
    const first = blocks[0].line;
    return blocks[0].text.split('\n').map((t, i) => ({ text: t, line: first + i }));
  }
  return blocks;
}

function isResidue(b: Block): boolean {
  return RESIDUE.test(b.text);
}

/** A title is a short single line without a final period (a question or exclamation is fine). */
export function isTitleLike(text: string): boolean {
  if (text.includes('\n') || text.length < 3 || text.length > 200) return false;
  if (text.split(' ').length > 30) return false;
  // a final period ends a sentence, unless it closes an abbreviation ("… from the U.S.")
  if (
    /[,;:]$/.test(text) ||
    (/\.$/.test(text) &&
      !/(?:\b(?:\p{L}\.){2,}|\b(?:Jr|Sr|Inc|Co|Ltd|St|Dr|Mr|Mrs|Ms|Gen|Col|Lt)\.|\.\.\.)$/u.test(text))
  )
    return false;
  if (CLOSING.test(text) || /\|/.test(text) || RESIDUE.test(text)) return false;
  if (!/\p{L}/u.test(text)) return false;
  return true;
}

function isAllCapsHeading(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length > 0 && letters === letters.toUpperCase();
}

function titleCaseName(name: string): string {
  const n = name.trim();
  if (n !== n.toUpperCase()) return n;
  return n.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

/** Residue inside a paragraph: pull-quote markers; wrapped lines joined. */
function cleanParagraph(text: string): string {
  return text
    .replace(PULL_QUOTE, ' ')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

interface Draft {
  title: string;
  line: number;
  paragraphs: string[];
  author?: string;
  date?: string;
}

/** Parses the scraped text of one file. Pure; never throws on content. */
export function parseScrapedText(text: string, source: string): { articles: Article[]; warnings: IngestWarning[] } {
  const blocks = toBlocks(text).filter((b) => !isResidue(b));
  const articles: Article[] = [];
  const warnings: IngestWarning[] = [];
  let cur: Draft | undefined;
  let orphanWarned = false;

  const finish = () => {
    if (!cur) return;
    const draft = cur;
    cur = undefined;
    const paragraphs = draft.paragraphs.map(cleanParagraph).filter(Boolean);
    if (paragraphs.length) {
      // the glued caption is judged against the whole body: a real camel-case word recurs, a glue does not
      const split = splitGluedCaption(paragraphs[0], paragraphs.join('\n'));
      if (split) paragraphs[0] = split.rest.trim();
    }
    const r = buildArticle(
      { title: draft.title, author: draft.author, date: draft.date, body: paragraphs.join('\n\n') },
      { file: source, line: draft.line },
    );
    if (r.ok) {
      articles.push(r.article);
      for (const n of r.notes) warnings.push({ source, line: draft.line, message: n });
    } else warnings.push({ source, line: draft.line, message: `article skipped: ${r.reason}`, skipped: r.kind });
  };

  const start = (b: Block) => {
    cur = { title: b.text, line: b.line, paragraphs: [] };
    orphanWarned = false;
  };

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    const next = blocks[i + 1];
    if (!cur) {
      if (isTitleLike(b.text) && next && !isTitleLike(next.text)) start(b);
      else if (!orphanWarned) {
        orphanWarned = true;
        warnings.push({
          source,
          line: b.line,
          message: 'text outside any post skipped (a post starts with a short title line, then its paragraphs)',
        });
      }
      continue;
    }
    const draft: Draft = cur;

    const closing = CLOSING.exec(b.text);
    if (closing) {
      const before = b.text.slice(0, closing.index).trim();
      if (before) draft.paragraphs.push(before);
      draft.author = titleCaseName(closing[1]);
      draft.date = closing[2];
      finish();
      continue;
    }
    if (READ_MORE.test(b.text)) {
      // an excerpt cut by the blog's "more" link: what came before is the article
      const before = b.text.split(READ_MORE)[0].trim();
      if (before) draft.paragraphs.push(before);
      finish();
      continue;
    }
    // a new post without a closing line before it: a mixed-case title whose next paragraph
    // starts like a post (glued caption or byline)
    if (
      draft.paragraphs.length &&
      isTitleLike(b.text) &&
      !isAllCapsHeading(b.text) &&
      next &&
      !isTitleLike(next.text) &&
      (BYLINE.test(next.text) || splitGluedCaption(next.text) !== undefined)
    ) {
      finish();
      start(b);
      continue;
    }
    if (!draft.paragraphs.length) {
      const by = BYLINE.exec(b.text);
      if (by) {
        draft.author ??= titleCaseName(by[2]);
        const rest = b.text.slice(by[0].length).trim();
        if (rest) draft.paragraphs.push(rest);
        continue;
      }
    }
    draft.paragraphs.push(b.text);
  }
  finish();
  return { articles, warnings };
}

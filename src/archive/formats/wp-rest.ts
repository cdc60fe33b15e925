// Posts as the WordPress REST API writes them (/wp/v2/posts, live or saved to a .json file) → Articles.
// Pure: fetching lives in remote/wordpress.ts. A password-protected, private or draft post is left out.
import { z } from 'zod';
import type { Article, ArticleOrigin, IngestWarning, LeftOutReason } from '../article.js';
import { buildArticle, rawArticleId } from '../build.js';
import { htmlToPlainText, inlineToText } from '../html.js';

const Rendered = z.object({ rendered: z.string() }).loose();
const Protectable = Rendered.extend({ protected: z.boolean().optional() });
const EmbeddedTerm = z.object({ name: z.string().optional(), taxonomy: z.string().optional() }).loose();
export const WpPost = z
  .object({
    id: z.number(),
    date: z.string().nullish(),
    /** last edit, WordPress local time (REST API since 4.7) */
    modified: z.string().nullish(),
    link: z.string().optional(),
    /** only sent to a logged-in editor (context=edit) or in saved exports: "publish", "private", "draft", … */
    status: z.string().optional(),
    title: Rendered,
    content: Protectable,
    excerpt: Protectable.optional(),
    author: z.number().optional(),
    _embedded: z
      .object({
        author: z.array(z.object({ id: z.number().optional(), name: z.string().optional() }).loose()).optional(),
        'wp:term': z.array(z.array(EmbeddedTerm).nullable()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type WpPost = z.infer<typeof WpPost>;

/** Does this JSON look like a list of WordPress REST posts? (a saved /wp/v2/posts answer) */
export function looksLikeWpPosts(data: unknown): data is unknown[] {
  return Array.isArray(data) && data.length > 0 && WpPost.safeParse(data[0]).success;
}

export function embeddedAuthor(p: WpPost): string | undefined {
  const a = p._embedded?.author?.[0];
  return a?.name ? inlineToText(a.name) : undefined;
}

/** Why a post must not be indexed, if it must not: a password (content or excerpt protected), private, unpublished. */
export function wpLeftOut(p: Pick<WpPost, 'content' | 'excerpt' | 'status'>): LeftOutReason | undefined {
  if (p.content.protected || p.excerpt?.protected) return 'passwordProtected';
  const status = p.status?.trim().toLowerCase();
  if (!status || status === 'publish') return undefined;
  return status === 'private' ? 'private' : 'drafts';
}

export interface WpPostOutcome {
  article?: Article;
  warning?: IngestWarning;
  /** the post is left out (its text never read); `id` is the id its article would have had */
  leftOut?: { reason: LeftOutReason; id?: string };
}

/** One post → an Article, the reason it is left out, or the reason it is skipped. Pure. */
export function wpPostToArticle(
  p: WpPost,
  authors: ReadonlyMap<number, string>,
  source: string,
  /** where a saved answer's post sits in its file; a fetched post's origin is its permalink */
  origin: ArticleOrigin = { url: p.link ?? source, item: p.id },
): WpPostOutcome {
  const title = inlineToText(p.title.rendered);
  const reason = wpLeftOut(p);
  if (reason) return { leftOut: { reason, id: rawArticleId({ title, date: p.date ?? undefined, url: p.link }) } };
  const terms = (p._embedded?.['wp:term'] ?? []).flat().filter((t): t is z.infer<typeof EmbeddedTerm> => !!t?.name);
  const author = p.author !== undefined ? (authors.get(p.author) ?? embeddedAuthor(p)) : embeddedAuthor(p);
  const built = buildArticle(
    {
      title,
      body: htmlToPlainText(p.content.rendered),
      date: p.date ?? undefined,
      url: p.link,
      author,
      tags: terms.map((t) => inlineToText(t.name!)),
    },
    origin,
  );
  if (!built.ok)
    return { warning: { source, item: p.id, message: `post ${p.id} skipped: ${built.reason}`, skipped: built.kind } };
  return { article: built.article };
}

// Words for what the loader left out on purpose and what it merged: one wording for
// `dossier archive inspect`, `dossier index` and the /reindex summary in Discord.
import type { LeftOut } from './article.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const LEFT_OUT_LABELS: Record<keyof LeftOut, (n: number) => string> = {
  passwordProtected: (n) => `${n} password-protected`,
  private: (n) => `${n} private`,
  drafts: (n) => plural(n, 'draft'),
  notPosts: (n) => plural(n, 'page or attachment', 'pages and attachments'),
};

/** "2 password-protected, 1 draft", or '' when nothing was left out. */
export function leftOutLine(l: LeftOut): string {
  return (Object.keys(LEFT_OUT_LABELS) as (keyof LeftOut)[])
    .filter((k) => l[k] > 0)
    .map((k) => LEFT_OUT_LABELS[k](l[k]))
    .join(', ');
}

/** "3 same permalink; 1 same title and date, near-identical text", or '' when nothing was merged. */
export function mergedLine(merged: Record<string, number> | undefined): string {
  return Object.entries(merged ?? {})
    .filter(([, n]) => n > 0)
    .map(([rule, n]) => `${n} ${rule}`)
    .join('; ');
}

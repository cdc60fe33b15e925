// Pure rendering of what the bot says about itself: index stats, help, re-index progress and
// summary, and the reference line of an unexpected error. Archive text always goes through safe().
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { leftOutLine, mergedLine } from '../archive/left-out.js';
import { withoutPaths } from '../errors.js';
import type { IndexStats, Progress, ReindexStatus, ReindexSummary } from '../index/types.js';
import { fitEmbed, LIMITS } from './limits.js';
import { COLOR, joinWithin } from './render.js';
import { formatDate, safe, safeLine } from './text.js';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * A source as the channel may see it: a URL as it is, a file or folder by its name only (re-index
 * replies are public; members never see server paths).
 */
export function shownSource(source: string): string {
  if (/^https?:\/\//i.test(source)) return source;
  const name = source
    .replace(/[/\\]+$/, '')
    .split(/[/\\]/)
    .pop();
  return name || source;
}

/** Any text that may name files (progress messages): each path by its last part. */
function namesOnly(text: string): string {
  return text.replace(/(?<![\w.:/~-])(?:[A-Za-z]:)?(?:[/\\][\w.@+-]+){2,}[/\\]?/g, (p) => shownSource(p));
}

/** Discord renders <t:unix:f> in each reader's own time zone. */
function discordTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? `<t:${Math.floor(t / 1000)}:f> (<t:${Math.floor(t / 1000)}:R>)` : safeLine(iso);
}

/** The footer while a re-index runs: who (another shard may be the one), since when, how far. */
function runningFooter(r: NonNullable<ReindexStatus['running']>): string {
  const since = Number.isFinite(Date.parse(r.startedAt)) ? `since ${r.startedAt.slice(11, 16)} UTC` : '';
  const how = r.progress
    ? progressLine({ stage: r.progress.stage as Progress['stage'], done: r.progress.done, total: r.progress.total })
    : '';
  const who = [r.by, since].filter(Boolean).join(', ');
  return `A re-index is running (${who}${how ? `; ${how}` : ''}); answers come from this index until it finishes.`;
}

/** How the last re-index ended, whichever process ran it. */
function lastRunField(l: NonNullable<ReindexStatus['last']>): APIEmbedField {
  const head = `${discordTime(l.finishedAt)} · ${safeLine(l.by)}`;
  if (!l.ok)
    return { name: 'Last re-index failed', value: `${head}\n${safeLine(withoutPaths(l.error ?? 'unknown error'))}` };
  const s = l.summary;
  const counts = s ? `${s.added} added · ${s.updated} updated · ${s.removed} removed` : '';
  return {
    name: 'Last re-index run',
    value: `${head}${l.published ? '' : ' · nothing new'}${counts && l.published ? `\n${counts}` : ''}`,
  };
}

export function renderStats(
  stats: IndexStats | undefined,
  unavailable: string | undefined,
  reindex: boolean | ReindexStatus,
): APIEmbed {
  const status: ReindexStatus =
    typeof reindex === 'boolean'
      ? reindex
        ? { running: { by: 'this bot', pid: 0, host: '', startedAt: '', full: false } }
        : {}
      : reindex;
  if (!stats) {
    return fitEmbed({
      title: 'Index unavailable',
      description: safe(withoutPaths(unavailable ?? 'No index is open.')),
      color: COLOR.error,
    });
  }
  return fitEmbed({
    title: 'Archive index',
    color: COLOR.article,
    fields: [
      { name: 'Articles', value: stats.articles.toLocaleString('en-US'), inline: true },
      { name: 'Passages', value: stats.chunks.toLocaleString('en-US'), inline: true },
      {
        name: 'Date range',
        value: stats.firstDate ? `${formatDate(stats.firstDate)} – ${formatDate(stats.lastDate)}` : 'no dated articles',
        inline: true,
      },
      { name: 'Model', value: `${safeLine(stats.modelId)} (${stats.dtype})`, inline: true },
      { name: 'Last re-index', value: discordTime(stats.builtAt), inline: true },
      { name: 'Index size', value: formatBytes(stats.sizeBytes), inline: true },
      ...(status.last ? [lastRunField(status.last)] : []),
    ],
    footer: status.running ? { text: runningFooter(status.running) } : undefined,
  });
}

export function renderHelp(botName = 'Dossier'): APIEmbed {
  return fitEmbed({
    title: `${botName}: questions about the news archive`,
    color: COLOR.answer,
    description: [
      'Answers come from the archive only, quoted with numbered citations and permalinks.',
      '',
      '`/ask question` — ask a question (filters: `author`, `from`, `to` as a year or date; `private` shows the answer to you only)',
      '`/search query` — matching articles, page by page',
      '`/timeline topic` — how a story unfolded: its articles in date order, one line each (`order`: oldest or newest first)',
      '`/article title` — one article: pick it from the suggestions',
      '`/stats` — what the index holds',
      '`/reindex` — rebuild the index (admins)',
      `Mention me with a question — \`@${botName} who raided the embassy in Madrid?\` — in a channel or a DM.`,
      'Right-click a message → Apps → **Ask the archive** asks with that message’s text.',
      '',
      'Under each answer: **Passage n** shows that source’s passages (only to you), 👍/👎 tell us if it helped. `/search` and `/timeline` page with ◀ ▶.',
    ].join('\n'),
  });
}

const STAGE_NAMES: Record<Progress['stage'], string> = {
  fetch: 'Fetching sources',
  parse: 'Reading articles',
  chunk: 'Splitting into passages',
  embed: 'Embedding passages',
  write: 'Writing the index',
  publish: 'Publishing',
  done: 'Done',
};

function seconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** One progress line: stage, counts, rate and ETA (whatever the event carries). */
export function progressLine(p: Progress): string {
  const parts = [STAGE_NAMES[p.stage] ?? p.stage];
  parts.push(
    p.total !== undefined
      ? `${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`
      : p.done.toLocaleString('en-US'),
  );
  if (p.rate !== undefined && Number.isFinite(p.rate)) parts.push(`${p.rate.toFixed(1)}/s`);
  if (p.etaSeconds !== undefined && Number.isFinite(p.etaSeconds)) parts.push(`ETA ${seconds(p.etaSeconds)}`);
  if (p.message) parts.push(safeLine(namesOnly(p.message)));
  return parts.join(' · ');
}

export function renderReindexProgress(p: Progress, full: boolean, startedAt: number, now: number): APIEmbed {
  return fitEmbed({
    title: full ? 'Full re-index running…' : 'Re-index running…',
    description: `${progressLine(p)}\n\nQuestions are still answered from the current index meanwhile.`,
    color: COLOR.admin,
    footer: { text: `Running for ${seconds((now - startedAt) / 1000)}` },
  });
}

export function renderReindexSummary(s: ReindexSummary): APIEmbed {
  const warnings = s.warnings.map(
    (w) =>
      `• ${safeLine(shownSource(w.source))}${w.line ? `:${w.line}` : ''}${w.item !== undefined ? ` #${w.item}` : ''}: ${safeLine(namesOnly(w.message))}`,
  );
  const fields: APIEmbedField[] = [
    {
      name: 'Articles',
      value:
        `${s.added} added · ${s.updated} updated · ${s.removed} removed · ${s.unchanged} unchanged` +
        (s.duplicates ? ` · ${s.duplicates} duplicates skipped` : ''),
    },
    { name: 'Passages embedded', value: `${s.chunksEmbedded.toLocaleString('en-US')} (${s.throughput.toFixed(1)}/s)` },
  ];
  const left = s.leftOut ? leftOutLine(s.leftOut) : '';
  if (left) fields.push({ name: 'Left out, never indexed', value: safeLine(left) });
  const merged = mergedLine(s.merged);
  if (merged) fields.push({ name: 'Merged as duplicates', value: safeLine(merged) });
  if (warnings.length)
    fields.push({
      name: `${warnings.length} warning${warnings.length === 1 ? '' : 's'}`,
      value: joinWithin(warnings, LIMITS.fieldValue),
    });
  return fitEmbed({
    title: s.published
      ? `Re-index done in ${seconds(s.seconds)}`
      : `Re-index finished in ${seconds(s.seconds)}: nothing new to publish`,
    color: s.published ? COLOR.search : COLOR.notCovered,
    fields,
  });
}

export function renderError(ref: string): string {
  return `Something went wrong on my side (ref \`${ref}\`). Please try again in a moment; if it keeps happening, give this ref to the bot's admin.`;
}

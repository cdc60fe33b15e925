// A small in-memory DossierService for bot tests that don't need the engine (rendering paths,
// guards, faults): canned answers built from given articles, a controllable re-index.
import type { Answer, Source } from '../../src/answer/types.js';
import { buildTimeline, type Timeline, type TimelineQuery } from '../../src/answer/timeline.js';
import type { ArticleRecord, IndexStats, ProgressListener, ReindexSummary } from '../../src/index/types.js';
import type { Passage, SearchQuery, SearchResult } from '../../src/search/types.js';
import { ReindexBusyError, type DossierService, type FeedbackRow, type FeedbackVote } from '../../src/service-types.js';

export function stubArticle(over: Partial<ArticleRecord> & { id: string; title: string }): ArticleRecord {
  return {
    author: 'Ian Allen',
    date: '2019-03-18',
    url: `https://intelnews.org/2019/03/18/01-${over.id.slice(-4)}/`,
    body: 'Body text. '.repeat(20),
    tags: [],
    ...over,
  };
}

export class StubService implements DossierService {
  votes: FeedbackVote[] = [];
  asked: SearchQuery[] = [];
  private running = false;
  closed = false;
  /** resolves the running re-index when called */
  releaseReindex?: () => void;
  reindexSteps = 3;
  askDelayMs = 0;

  constructor(public articles: ArticleRecord[]) {}

  private passage(a: ArticleRecord, i: number): Passage {
    return {
      chunkId: i,
      articleId: a.id,
      ordinal: 0,
      start: 0,
      end: a.body.length,
      text: a.body,
      title: a.title,
      author: a.author,
      date: a.date,
      url: a.url,
      score: 1 - i / 100,
    };
  }

  async ask(q: SearchQuery): Promise<{ answer: Answer; result: SearchResult }> {
    this.asked.push(q);
    if (this.askDelayMs) await new Promise((r) => setTimeout(r, this.askDelayMs));
    const passages = this.articles.map((a, i) => this.passage(a, i));
    const sources: Source[] = passages.map((p, i) => ({
      n: i + 1,
      articleId: p.articleId,
      title: p.title,
      author: p.author,
      date: p.date,
      url: p.url,
      passage: p.text,
      highlights: [{ start: 0, end: Math.min(p.text.length, p.text.indexOf('.') + 1 || p.text.length) }],
      score: p.score,
      chunkId: p.chunkId,
    }));
    const covered = !/unknowable/i.test(q.text);
    const answer: Answer = covered
      ? {
          question: q.text,
          covered,
          sentences: sources
            .slice(0, 2)
            .map((s) => ({ text: s.passage.slice(s.highlights[0].start, s.highlights[0].end), citation: s.n })),
          sources,
          related: [],
        }
      : { question: q.text, covered, sentences: [], sources: [], related: sources.slice(0, 2) };
    return {
      answer,
      result: { query: q, covered, passages: covered ? passages : [], related: covered ? [] : passages, timings: {} },
    };
  }
  async search(q: SearchQuery): Promise<SearchResult> {
    const passages = this.articles.map((a, i) => this.passage(a, i));
    return { query: q, covered: true, passages, related: [], timings: {} };
  }
  timelines: TimelineQuery[] = [];
  /** every article is on the topic, except for a topic with "unknowable" */
  async timeline(q: TimelineQuery): Promise<Timeline> {
    this.timelines.push(q);
    const { order, limit, ...query } = q;
    const covered = !/unknowable/i.test(q.text);
    const articles = this.articles.map((a, i) => ({
      articleId: a.id,
      score: 1 - i / 1000,
      passages: [{ ...this.passage(a, i), score: 1 - i / 1000 }],
    }));
    return buildTimeline(
      {
        query,
        now: q.now ?? '2019-03-20',
        covered,
        articles: covered ? articles : [],
        total: covered ? articles.length : 0,
        related: covered ? [] : articles.slice(0, 3),
        timings: {},
      },
      { order, limit },
    );
  }
  async article(id: string) {
    return this.articles.find((a) => a.id === id);
  }
  async findTitles(text: string, limit: number) {
    return this.articles
      .filter((a) => a.title.toLowerCase().includes(text.toLowerCase()))
      .slice(0, limit)
      .map((a) => ({ id: a.id, title: a.title, date: a.date }));
  }
  async stats(): Promise<IndexStats> {
    return {
      articles: this.articles.length,
      chunks: this.articles.length,
      firstDate: '2018-01-01',
      lastDate: '2019-03-18',
      modelId: 'stub',
      dtype: 'q8',
      builtAt: new Date().toISOString(),
      sizeBytes: 12345,
    };
  }
  async ready() {
    return true;
  }
  async unavailableReason() {
    return undefined;
  }
  async unavailable() {
    return undefined;
  }
  async reindex(_o: { full?: boolean }, onProgress?: ProgressListener): Promise<ReindexSummary> {
    if (this.running) throw new ReindexBusyError();
    this.running = true;
    try {
      for (let i = 0; i <= this.reindexSteps; i++) {
        onProgress?.({ stage: 'embed', done: i, total: this.reindexSteps, rate: 2, etaSeconds: this.reindexSteps - i });
        await new Promise((r) => setTimeout(r, 300));
      }
      if (this.releaseReindex === undefined) {
        // wait for the test to release it, if it wants to
      }
      return {
        added: 1,
        updated: 0,
        removed: 0,
        unchanged: this.articles.length - 1,
        duplicates: 0,
        chunksEmbedded: 3,
        seconds: 1.2,
        throughput: 2.5,
        warnings: [],
        published: true,
      };
    } finally {
      this.running = false;
    }
  }
  async reindexRunning() {
    return this.running;
  }
  async reindexStatus() {
    return this.running
      ? { running: { by: 'pid 1', pid: 1, host: 'stub', startedAt: '2026-11-29T10:00:00Z', full: false } }
      : {};
  }
  recordVote(v: FeedbackVote) {
    this.votes.push(v);
  }
  worstFeedback(_limit: number): FeedbackRow[] {
    return [];
  }
  async close() {
    this.closed = true;
  }
}

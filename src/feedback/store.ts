// Vote storage for 👍/👎 under answers: feedback.sqlite directly in INDEX_DIR, outside the index
// generations, so a re-index never touches it. One vote per user per answer; a second vote replaces it.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackRow, FeedbackVote } from './types.js';

export const FEEDBACK_FILE = 'feedback.sqlite';

export type VoteOutcome = 'added' | 'changed' | 'unchanged';

export interface FeedbackStore {
  /**
   * Stores (or replaces) one user's vote on one answer. v.userHash is the presenter's digest of the
   * user id (src/bot/user-digest.ts); what is stored is sha256(salt + v.userHash), the salt kept here.
   */
  record(v: FeedbackVote, at?: Date): VoteOutcome;
  /** Questions ranked least helpful first (lowest up − down, then most 👎, then most recent). */
  worst(limit: number): FeedbackRow[];
  /** Number of stored votes (one per user per answer). */
  count(): number;
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
  answer_id TEXT NOT NULL,
  user_hash TEXT NOT NULL,
  question  TEXT NOT NULL,
  cited     TEXT NOT NULL,            -- JSON array of article ids
  vote      INTEGER NOT NULL CHECK (vote IN (1, -1)),
  at        TEXT NOT NULL,            -- ISO time of the (latest) vote
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS votes_question ON votes (question);
`;

export function openFeedbackStore(indexDir: string): FeedbackStore {
  fs.mkdirSync(indexDir, { recursive: true });
  const db = new Database(path.join(indexDir, FEEDBACK_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  db.exec(SCHEMA);

  // the salt is created once per install and never leaves the DB
  db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)`).run(randomBytes(32).toString('hex'));
  const salt = (db.prepare(`SELECT value FROM meta WHERE key = 'salt'`).get() as { value: string }).value;
  const salted = (h: string) =>
    createHash('sha256')
      .update(salt + h)
      .digest('hex');

  const getVote = db.prepare(`SELECT vote FROM votes WHERE answer_id = ? AND user_hash = ?`);
  const upsert = db.prepare(`
    INSERT INTO votes (answer_id, user_hash, question, cited, vote, at) VALUES (@answerId, @userHash, @question, @cited, @vote, @at)
    ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, at = excluded.at`);
  const all = db.prepare(`SELECT question, cited, vote, at FROM votes ORDER BY at`);
  const countStmt = db.prepare(`SELECT COUNT(*) AS n FROM votes`);

  return {
    record(v, at = new Date()) {
      if (v.vote !== 1 && v.vote !== -1) throw new Error('vote must be 1 or -1');
      const userHash = salted(v.userHash);
      const prev = getVote.get(v.answerId, userHash) as { vote: number } | undefined;
      upsert.run({
        answerId: v.answerId,
        userHash,
        question: v.question,
        cited: JSON.stringify(v.citedArticleIds),
        vote: v.vote,
        at: at.toISOString(),
      });
      if (!prev) return 'added';
      return prev.vote === v.vote ? 'unchanged' : 'changed';
    },
    worst(limit) {
      const rows = all.all() as { question: string; cited: string; vote: number; at: string }[];
      const byQuestion = new Map<string, FeedbackRow>();
      for (const r of rows) {
        // the same question asked twice is one entry; spacing and case don't make it a different question
        const key = r.question.trim().replace(/\s+/g, ' ').toLowerCase();
        const row = byQuestion.get(key) ?? {
          question: r.question.trim(),
          up: 0,
          down: 0,
          score: 0,
          lastVoteAt: r.at,
          citedArticleIds: [],
        };
        if (r.vote > 0) row.up++;
        else row.down++;
        row.score = row.up - row.down;
        // rows come oldest first: the latest vote's citations describe the answer people last saw
        row.lastVoteAt = r.at;
        row.citedArticleIds = JSON.parse(r.cited) as string[];
        byQuestion.set(key, row);
      }
      return [...byQuestion.values()]
        .sort((a, b) => a.score - b.score || b.down - a.down || b.lastVoteAt.localeCompare(a.lastVoteAt))
        .slice(0, Math.max(0, limit));
    },
    count() {
      return (countStmt.get() as { n: number }).n;
    },
    close() {
      db.close();
    },
  };
}

// Vote storage: one vote per user per answer (a second click changes it), salted user hashes only,
// least helpful questions first, and the file lives beside (not inside) the index generations.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEEDBACK_FILE, openFeedbackStore } from '../../src/feedback/store.js';
import { userDigest } from '../../src/bot/user-digest.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-feedback-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const vote = (answerId: string, user: string, v: 1 | -1, question = 'Who raided the embassy?') => ({
  answerId,
  question,
  citedArticleIds: ['u:a', 'u:b'],
  userHash: userDigest(user),
  vote: v,
});

describe('feedback store', () => {
  it('keeps one vote per user per answer; a second click changes it', () => {
    const s = openFeedbackStore(dir);
    expect(s.record(vote('ans1', '111', 1))).toBe('added');
    expect(s.record(vote('ans1', '111', 1))).toBe('unchanged');
    expect(s.record(vote('ans1', '111', -1))).toBe('changed');
    expect(s.record(vote('ans1', '222', -1))).toBe('added');
    expect(s.count()).toBe(2);
    expect(s.worst(10)).toEqual([
      expect.objectContaining({
        question: 'Who raided the embassy?',
        up: 0,
        down: 2,
        score: -2,
        citedArticleIds: ['u:a', 'u:b'],
      }),
    ]);
    s.close();
  });

  it('ranks the least helpful questions first and survives reopening', () => {
    let s = openFeedbackStore(dir);
    s.record(vote('a1', '1', 1, 'good question'), new Date('2026-01-01T00:00:00Z'));
    s.record(vote('a1', '2', 1, 'good question'));
    s.record(vote('a2', '1', -1, 'bad question'));
    s.record(vote('a3', '1', -1, 'Bad  Question'));
    s.record(vote('a4', '1', -1, 'meh question'));
    s.record(vote('a4', '2', 1, 'meh question'));
    s.close();
    s = openFeedbackStore(dir);
    const rows = s.worst(10);
    expect(rows.map((r) => [r.question, r.up, r.down])).toEqual([
      ['bad question', 0, 2],
      ['meh question', 1, 1],
      ['good question', 2, 0],
    ]);
    expect(s.worst(1)).toHaveLength(1);
    s.close();
  });

  it('stores neither the user id nor the unsalted digest, and keeps one salt', async () => {
    const s = openFeedbackStore(dir);
    s.record(vote('a1', '123456789012345678', 1));
    s.close();
    const s2 = openFeedbackStore(dir);
    s2.record(vote('a1', '123456789012345678', -1));
    expect(s2.count()).toBe(1); // same salt after reopening: the same user is recognised
    s2.close();
    const db = new Database(path.join(dir, FEEDBACK_FILE), { readonly: true });
    const raw = JSON.stringify(db.prepare('SELECT * FROM votes').all());
    expect(raw).not.toContain('123456789012345678');
    expect(raw).not.toContain(userDigest('123456789012345678'));
    expect((db.prepare(`SELECT COUNT(*) AS n FROM meta WHERE key = 'salt'`).get() as { n: number }).n).toBe(1);
    db.close();
    expect(await fs.readdir(dir)).toContain(FEEDBACK_FILE);
  });
});

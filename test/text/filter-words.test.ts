// The note shown when the filters themselves leave no article: the same words in the bot and the CLI.
import { describe, expect, it } from 'vitest';
import { noArticlesNote } from '../../src/text/filter-words.js';

const CLI = { dates: '--from/--to', now: '--now' };

describe('noArticlesNote', () => {
  it('names the author and the dates the user set, and what to do', () => {
    expect(noArticlesNote({ author: ' No  body ' }, CLI)).toBe(
      'No articles by "No body" in the archive: check the spelling, or widen the dates.',
    );
    expect(noArticlesNote({ author: 'Nobody', dates: 'from 1–7 Jun 2025' }, CLI)).toBe(
      'No articles by "Nobody" from 1–7 Jun 2025 in the archive: check the spelling, or widen the dates.',
    );
  });

  it("says when the question's own time words left nothing, and how each presenter sets dates instead", () => {
    const n = { dates: 'from 1–31 Mar 2019', fromQuestion: true };
    expect(noArticlesNote(n, CLI)).toBe(
      "No articles in the archive in the question's dates (from 1–31 Mar 2019): ask without the time words, or set --from/--to.",
    );
    expect(noArticlesNote(n, { dates: 'the from and to options' })).toMatch(/or set the from and to options\.$/);
  });

  it('with nothing set, the day asked at is what excludes everything', () => {
    expect(noArticlesNote({ now: '2001-01-01' }, CLI)).toBe(
      'No articles in the archive are dated up to 2001-01-01: ask at a later --now.',
    );
    expect(noArticlesNote({}, { dates: 'from/to' })).toBe('No articles in the archive are dated up to today.');
  });
});

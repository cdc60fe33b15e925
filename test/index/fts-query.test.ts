import { describe, expect, test } from 'vitest';
import { toFtsQuery } from '../../src/index/fts-query.js';

describe('toFtsQuery', () => {
  test('quotes each distinct word and ORs them; FTS5 operators become plain words', () => {
    expect(toFtsQuery('NEAR(spy ring) OR "embassy*"')).toBe('"near" OR "spy" OR "ring" OR "embassy"');
    expect(toFtsQuery('Spy spy SPY')).toBe('"spy"');
  });

  test('drops function words unless nothing else is left', () => {
    expect(toFtsQuery('who was behind the raid')).toBe('"behind" OR "raid"');
    expect(toFtsQuery('who was')).toBe('"who" OR "was"');
  });

  test('no words → undefined; other scripts and diacritics are words', () => {
    expect(toFtsQuery('  "*" () - ^ : ')).toBeUndefined();
    expect(toFtsQuery('')).toBeUndefined();
    expect(toFtsQuery('Посольство 北朝鮮 café')).toBe('"посольство" OR "北朝鮮" OR "café"');
  });

  test('huge input is capped', () => {
    const q = toFtsQuery(Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' '))!;
    expect(q.split(' OR ')).toHaveLength(64);
  });
});

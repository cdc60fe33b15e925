import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envExample, loadConfig, parseDuration, PROJECT_ROOT } from '../../src/config.js';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('settings', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({}, '/srv/dossier');
    expect(c.EMBEDDING_DTYPE).toBe('q8');
    expect(c.indexDir).toBe('/srv/dossier/index-data/index');
    expect(c.COOLDOWN).toEqual({ limit: 5, windowMs: 30_000 });
    expect(c.REFRESH_INTERVAL).toBe(0);
    expect(c.ARCHIVE_SOURCES).toEqual([]);
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('parses lists, booleans, durations and cooldowns', () => {
    const c = loadConfig({
      ARCHIVE_SOURCES: ' a.jsonl , https://intelnews.org ,',
      ALLOW_REMOTE_MODELS: 'yes',
      REFRESH_INTERVAL: '1h',
      COOLDOWN: '3/10s',
      ADMIN_ROLE_IDS: '123456789012345678,234567890123456789',
      HNSW_EF: '64',
    });
    expect(c.ARCHIVE_SOURCES).toEqual(['a.jsonl', 'https://intelnews.org']);
    expect(c.ALLOW_REMOTE_MODELS).toBe(true);
    expect(c.REFRESH_INTERVAL).toBe(3_600_000);
    expect(c.COOLDOWN).toEqual({ limit: 3, windowMs: 10_000 });
    expect(c.ADMIN_ROLE_IDS).toHaveLength(2);
    expect(c.HNSW_EF).toBe(64);
    expect(loadConfig({ COOLDOWN: 'off' }).COOLDOWN.limit).toBe(0);
  });

  it.each([
    [
      { HNSW_M: 'sixteen' },
      /^setting HNSW_M="sixteen": must be a whole number between 4 and 128 \(for example HNSW_M=16\)$/,
    ],
    [{ HNSW_EF: '0' }, /^setting HNSW_EF="0": must be between 10 and 5000/],
    [{ HNSW_EF: '-3' }, /^setting HNSW_EF="-3": must be between 10 and 5000 \(for example HNSW_EF=400\)$/],
    [
      { EMBEDDING_DTYPE: 'fp16' },
      /^setting EMBEDDING_DTYPE="fp16": must be q8 or fp32 \(for example EMBEDDING_DTYPE=q8\)$/,
    ],
    [{ ALLOW_PRIVATE_URLS: 'maybe' }, /^setting ALLOW_PRIVATE_URLS="maybe": must be true or false/],
    [{ REFRESH_INTERVAL: 'hourly' }, /^setting REFRESH_INTERVAL="hourly": must be a duration like 30s/],
    [{ COOLDOWN: '5 per minute' }, /^setting COOLDOWN="5 per minute": must be N\/DURATION/],
    [{ ADMIN_ROLE_IDS: 'admins' }, /^setting ADMIN_ROLE_IDS="admins": must be comma-separated Discord ids/],
    [{ LOG_LEVEL: 'loud' }, /^setting LOG_LEVEL="loud": must be one of/],
  ])('rejects %o with one readable line', (env, pattern) => {
    const msg = errorOf(env as Record<string, string>);
    expect(msg).toMatch(pattern);
    expect(msg).not.toContain('\n');
  });

  it('never echoes the token, even when it is the bad setting', () => {
    // a token can only be "bad" by being blank; blank means unset, so the program runs the local chat
    expect(loadConfig({ DISCORD_TOKEN: '   ' }).DISCORD_TOKEN).toBeUndefined();
    const msg = errorOf({ DISCORD_TOKEN: 'secret-token-value', HNSW_M: 'x' });
    expect(msg).not.toContain('secret-token-value');
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('.env.example lists every setting with its default (generated from the same table)', () => {
    const file = readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    expect(file).toBe(envExample());
    expect(file).toMatch(/^EMBEDDING_DTYPE=q8$/m);
    expect(file).toMatch(/^# DISCORD_TOKEN=$/m);
  });
});

// What a re-index starts from: the served generation (if any), its manifest, each article's hash and
// source, whether its vectors can be reused with this embedder and chunker, and whether its schema
// needs the upgrade that adds whole-article search.
import path from 'node:path';
import type { Embedder } from '../embed/types.js';
import { articleHashes, articleOrigins, storedArticles } from './articles-table.js';
import { DB_FILE, MANIFEST_FILE, readPointer } from './generations.js';
import { readManifest, reusableWith } from './manifest.js';
import { hasArticleSearch, openReadOnly } from './store.js';
import type { ServedArticle } from './plan.js';
import type { Manifest } from './types.js';

export interface Served {
  /** the served generation's folder; undefined without an index */
  dir?: string;
  manifest?: Manifest;
  /** id → content hash and recorded source */
  articles: Map<string, ServedArticle>;
  /** same model, dtype, dimensions and chunker: the stored vectors can be kept */
  reusable: boolean;
  /** written before whole-article search: the next generation adds it */
  upgrade: boolean;
}

/** The manifest of the served generation, if it can be read (it decides the default title mode). */
export function servedManifest(indexDir: string): { dir?: string; manifest?: Manifest } {
  const pointer = readPointer(indexDir);
  const dir = pointer ? path.join(indexDir, pointer.generation) : undefined;
  try {
    return { dir, manifest: dir ? readManifest(path.join(dir, MANIFEST_FILE)) : undefined };
  } catch {
    return { dir }; // unreadable: rebuilt from scratch
  }
}

/** Reads what is served; anything unreadable means "rebuild from scratch", never an error. */
export function readServed(
  current: { dir?: string; manifest?: Manifest },
  embedder: Embedder,
  chunkerVersion: string,
): Served {
  const out: Served = { ...current, articles: new Map(), reusable: false, upgrade: false };
  if (!current.dir || !current.manifest) return out;
  try {
    readOnly(current.dir, (db) => {
      out.articles = articleHashes(db);
      // an index written before whole-article search: the next re-index adds it (no re-embedding)
      out.upgrade = !hasArticleSearch(db);
    });
    out.reusable = reusableWith(current.manifest, embedder, chunkerVersion);
  } catch {
    out.articles = new Map();
    out.reusable = false; // unreadable: rebuild from scratch
  }
  return out;
}

function readOnly<T>(dir: string, fn: (db: ReturnType<typeof openReadOnly>) => T): T {
  const db = openReadOnly(path.join(dir, DB_FILE));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Where served articles were read: to tell the source of those written before sources were recorded. */
export function servedOrigins(dir: string, ids: string[]): Map<string, { file?: string; url?: string }> {
  return readOnly(dir, (db) => articleOrigins(db, ids));
}

/** Served articles as stored, to carry them into a generation built from scratch (--add with --full). */
export function servedArticles(dir: string, ids: string[]): ReturnType<typeof storedArticles> {
  return readOnly(dir, (db) => storedArticles(db, ids));
}

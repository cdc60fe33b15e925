// Placeholder until the live-archives issue lands: URL sources (feeds, WordPress sites).
import type { Article, IngestWarning } from '../article.js';
import type { ProgressListener } from '../../index/types.js';

export interface RemoteOptions {
  allowPrivate: boolean;
  concurrency: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  userAgent?: string;
  /** folder where conditional-request state (ETag/Last-Modified, newest post seen) is kept */
  stateDir?: string;
  /** true: fetch everything (full sweep); false: only what is newer than the newest post seen */
  full?: boolean;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export async function loadUrlSource(url: string, _opts: RemoteOptions): Promise<{ articles: Article[]; warnings: IngestWarning[] }> {
  throw new Error(`URL sources are not supported yet: ${url}`);
}

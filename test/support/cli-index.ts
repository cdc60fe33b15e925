// An index for tests that run the real `dossier` command: built in `dir/index` with the real model,
// and the environment a child process needs to read it (no Discord token, no colours).
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { runReindex } from '../../src/index/pipeline.js';
import { HNSW, ROOT } from './env.js';
import { realEmbedder } from './model.js';

export async function cliIndex(dir: string, sources: string[]): Promise<NodeJS.ProcessEnv> {
  const cfg = loadConfig({}, ROOT);
  const embedder = await realEmbedder();
  try {
    await runReindex({ indexDir: path.join(dir, 'index'), embedder, sources, hnsw: HNSW });
  } finally {
    await embedder.dispose();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INDEX_DIR: path.join(dir, 'index'),
    MODELS_DIR: cfg.modelsDir,
    NO_COLOR: '1',
  };
  delete env.DISCORD_TOKEN;
  return env;
}

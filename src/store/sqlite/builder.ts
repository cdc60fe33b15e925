// The embedded store's write side behind the ReindexTarget interface: the lock file, build folders
// beside the served generation (write-stage.ts), CURRENT switched by one rename (generations.ts).
import type { WorkItem } from '../../index/chunk-stage.js';
import { publish } from '../../index/generations.js';
import type { BuildParams, Manifest } from '../../index/types.js';
import type { HnswParams } from '../../index/vectors.js';
import { GenerationBuild } from '../../index/write-stage.js';
import type { BuildChanges, GenerationBuilder } from '../types.js';

export class SqliteBuilder implements GenerationBuilder {
  private readonly build: GenerationBuild;

  constructor(
    private readonly indexDir: string,
    private readonly opts: { from?: string; dims: number; hnsw: HnswParams },
  ) {
    this.build = new GenerationBuild(indexDir, opts.from);
  }

  get generation(): string {
    return this.build.name;
  }

  async apply(changes: BuildChanges): Promise<void> {
    this.build.apply(changes, this.opts.from, this.opts.dims, this.opts.hnsw);
  }

  async addChunks(items: WorkItem[], vectors: Float32Array[]): Promise<void> {
    this.build.addChunks(items, vectors);
  }

  async counts() {
    return this.build.counts();
  }

  async finish(m: BuildParams): Promise<Manifest> {
    try {
      return this.build.finish(m);
    } finally {
      this.build.close();
    }
  }

  async publish(): Promise<void> {
    publish(this.indexDir, this.build.tmpDir, this.build.name);
  }

  async discard(): Promise<void> {
    this.build.discard();
  }
}

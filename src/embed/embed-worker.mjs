// Worker thread that runs the embedding model (onnxruntime-node's run() is synchronous and would
// block the main event loop for a whole batch). Plain JavaScript so it starts under node, tsx and vitest alike.
// Protocol: workerData {model, dtype, modelsDir, allowRemote, threads (onnxruntime intra-op threads; 0 = its default)} → posts {type:'ready'} or {type:'error'};
// then {id, texts} → {id, data: Float32Array (texts × dims, transferred)} or {id, error}.
import { env, pipeline } from '@huggingface/transformers';
import { parentPort, workerData } from 'node:worker_threads';

const { model, dtype, modelsDir, allowRemote, threads } = workerData;
env.allowLocalModels = true;
env.allowRemoteModels = allowRemote;
env.localModelPath = modelsDir;
env.cacheDir = modelsDir;

let extractor;
try {
  extractor = await pipeline('feature-extraction', model, {
    dtype,
    device: 'cpu',
    ...(threads > 0 ? { session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 } } : {}),
  });
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'dispose') {
    await extractor?.dispose();
    parentPort.close();
    return;
  }
  try {
    const out = await extractor(msg.texts, { pooling: 'mean', normalize: true });
    const data = out.data;
    parentPort.postMessage({ id: msg.id, data }, [data.buffer]);
    out.dispose();
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});

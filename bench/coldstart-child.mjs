// One cold start, taken apart: process start → engine imported → model loaded → index opened →
// first answer, with the compiled engine in dist/ (what bin/dossier.js runs), in plain node.
// Prints one "RESULT {json}" line of milliseconds since the process started.
const atStart = performance.now(); // runtime up, before any engine module is loaded

const [indexDir, modelsDir, question] = process.argv.slice(2);
try {
  const { loadConfig } = await import('../dist/src/config.js');
  const { loadEmbedder } = await import('../dist/src/embed/embedder.js');
  const { createService } = await import('../dist/src/service.js');
  const imported = performance.now();
  const config = loadConfig({ INDEX_DIR: indexDir, MODELS_DIR: modelsDir, EMBEDDING_DTYPE: 'q8', LOG_LEVEL: 'silent' });
  const embedder = await loadEmbedder({
    model: config.EMBEDDING_MODEL,
    dtype: config.EMBEDDING_DTYPE,
    modelsDir: config.modelsDir,
    allowRemote: false,
  });
  const modelLoaded = performance.now();
  const service = await createService(config, { embedder, watch: false });
  if (!service.ready()) throw new Error(service.unavailableReason() ?? 'index not available');
  const indexOpened = performance.now();
  await service.ask({ text: question });
  const answered = performance.now();
  process.stdout.write(
    `RESULT ${JSON.stringify({ runtimeUp: atStart, imported, modelLoaded, indexOpened, answered })}\n`,
  );
  await service.close();
  await embedder.dispose();
} catch (err) {
  process.stdout.write(`RESULT ${JSON.stringify({ error: err.stack ?? String(err) })}\n`);
  process.exitCode = 1;
}

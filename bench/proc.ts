// Spawns bench jobs in their own Node processes (through tsx, as `npm run bench` itself runs) and
// collects their single RESULT line, plus the wall time the parent saw.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

export interface ChildRun<T> {
  result: T;
  wallMs: number;
  /** ms from spawn to the first byte on stdout */
  firstOutputMs?: number;
}

/** Runs `node --import tsx <script> ...args` (tsx: false for scripts that load it themselves); rejects with the child's error when it reports one. */
export function runNode<T>(
  script: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; verbose?: boolean; parse?: 'result' | 'raw'; tsx?: boolean } = {},
): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let firstOutputMs: number | undefined;
    const child = spawn(process.execPath, [...(opts.tsx === false ? [] : ['--import', 'tsx']), script, ...args], {
      cwd: opts.cwd ?? path.resolve(BENCH_DIR, '..'),
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      firstOutputMs ??= performance.now() - t0;
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (opts.verbose) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (opts.parse === 'raw') {
        if (code !== 0)
          return reject(
            new Error(`${path.basename(script)} exited with ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`),
          );
        return resolve({ result: out as T, wallMs, firstOutputMs });
      }
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '));
      if (!line)
        return reject(
          new Error(
            `${path.basename(script)} exited with ${code} without a result: ${err.trim().split('\n').slice(-5).join(' | ')}`,
          ),
        );
      const result = JSON.parse(line.slice(7)) as T & { error?: string };
      if (result.error) return reject(new Error(result.error));
      resolve({ result, wallMs, firstOutputMs });
    });
  });
}

export function runChild<T>(spec: object, verbose = false): Promise<ChildRun<T>> {
  return runNode<T>(path.join(BENCH_DIR, 'child.ts'), [JSON.stringify(spec)], { verbose });
}

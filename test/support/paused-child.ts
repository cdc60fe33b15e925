// A re-indexing child process for tests, stopped where its script prints PAUSED (a stage of the
// re-index), so another process can look at it or kill it there; labelled like a bot shard unless told.
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './env.js';

/** Runs `script args…` under tsx and resolves once it prints PAUSED (rejects if it exits first). */
export function pausedChild(script: string, args: string[], label: string | null = 'shard 1'): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: label ? { ...process.env, DOSSIER_PROCESS_LABEL: label } : process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('PAUSED')) resolve(child);
    });
    child.stderr!.on('data', (d) => (err += d));
    child.once('exit', (code) =>
      reject(new Error(`child exited (${code}) before pausing (${args.join(' ')}):\n${out}\n${err}`)),
    );
  });
}
